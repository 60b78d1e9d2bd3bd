import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XPoster } from '../../lambdas/adapters/x-poster';
import { parseConfig } from '../../lambdas/core/config';
import type { DomainEvent } from '../../lambdas/core/events';
import { startTestService, type TestService } from '../support/local-service';
import { outbox } from '../support/outbox';

interface Post {
  text: string;
  replyTo: string | null;
  id: string;
  authorization: string;
}

/** A fake X API: POST /2/tweets, refusing duplicate text with 403 as X does. */
function fakeX() {
  const posts: Post[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/2/tweets') {
        response.writeHead(404).end();
        return;
      }
      const { text, reply } = JSON.parse(body) as { text: string; reply?: { in_reply_to_tweet_id: string } };
      response.setHeader('content-type', 'application/json');
      if (posts.some((p) => p.text === text)) {
        response
          .writeHead(403)
          .end(
            JSON.stringify({ detail: 'You are not allowed to create a Tweet with duplicate content.', status: 403 }),
          );
        return;
      }
      const id = String(1_900_000_000_000 + posts.length);
      posts.push({
        text,
        replyTo: reply?.in_reply_to_tweet_id ?? null,
        id,
        authorization: request.headers.authorization ?? '',
      });
      response.writeHead(201).end(JSON.stringify({ data: { id, text } }));
    });
  });
  return { posts, server };
}

const x = fakeX();
let service: TestService;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const advanceMinutes = (minutes: number) => (offsetMs += minutes * 60_000);

beforeAll(async () => {
  await new Promise<void>((resolve) => x.server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = x.server.address() as AddressInfo;
  const poster = new XPoster(
    { appKey: 'app-key', appSecret: 'app-secret', accessToken: 'access-token', accessSecret: 'access-secret' },
    { baseUrl: `http://127.0.0.1:${port}` },
  );
  service = await startTestService({ socialPoster: poster, clock });
});
afterAll(async () => {
  await service?.close();
  await new Promise((resolve) => x.server.close(resolve));
});

const settle = () => service.events.idle();

describe('posting to X while an incident is open', () => {
  it('threads a post per change and one per interval, all different, and stops on resolve', async () => {
    const incident = await (
      await service.call('POST', '/v1/incidents', {
        body: { name: 'Checkout down', impact: 'critical', body: 'Payments fail', components: { api: 'major_outage' } },
      })
    ).json();
    await settle();
    expect(x.posts).toHaveLength(1);
    expect(x.posts[0]).toMatchObject({ replyTo: null });
    expect(x.posts[0]!.text).toContain('Investigating');
    expect(x.posts[0]!.text).toContain('Checkout down');
    expect(x.posts[0]!.authorization).toMatch(/^OAuth .*oauth_consumer_key="app-key"/);
    expect(await service.scheduler.scheduled()).toContain(incident.id);

    advanceMinutes(31);
    await service.scheduler.tick();
    expect(x.posts).toHaveLength(2);
    expect(x.posts[1]!.text).toMatch(/Still working on "Checkout down".*31 min since it began/);

    // Two minutes at least between posts: the update right after the reminder post waits its turn.
    await service.call('POST', `/v1/incidents/${incident.id}/updates`, {
      body: { status: 'identified', body: 'Provider outage' },
    });
    await settle();
    expect(x.posts).toHaveLength(2);
    advanceMinutes(2);
    await settle();
    expect(x.posts).toHaveLength(3);
    expect(x.posts[2]!.text).toContain('Provider outage');

    advanceMinutes(10);
    await service.scheduler.tick();
    expect(x.posts).toHaveLength(3); // nothing due yet

    advanceMinutes(25);
    await service.scheduler.tick();
    expect(x.posts).toHaveLength(4); // quiet for 35 minutes since the update: one reminder post

    advanceMinutes(3);
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: { body: 'Payments flow again' } });
    await settle();
    expect(x.posts).toHaveLength(5);
    expect(x.posts[4]!.text).toContain('Resolved');
    expect(await service.scheduler.scheduled()).not.toContain(incident.id);

    advanceMinutes(60);
    await service.scheduler.tick();
    expect(x.posts).toHaveLength(5);

    // One thread, each post a reply to the one before; every text different and within 280.
    for (let i = 1; i < x.posts.length; i++) expect(x.posts[i]!.replyTo).toBe(x.posts[i - 1]!.id);
    expect(new Set(x.posts.map((p) => p.text)).size).toBe(x.posts.length);
    for (const post of x.posts) expect([...post.text].length).toBeLessThanOrEqual(280);
  });

  it('turns a burst of updates into one post carrying the latest, and keeps the thread in update order', async () => {
    const before = x.posts.length;
    const incident = await (
      await service.call('POST', '/v1/incidents', {
        body: { name: 'Queue backlog', impact: 'major', body: 'Jobs are delayed' },
      })
    ).json();
    await settle();
    expect(x.posts.length).toBe(before + 1);
    // Twenty updates in ten seconds, as a busy on-call would post them.
    for (let i = 1; i <= 20; i++) {
      await service.call('POST', `/v1/incidents/${incident.id}/updates`, {
        body: { status: 'identified', body: `Backlog step ${i} of 20` },
      });
      offsetMs += 500;
    }
    await settle();
    expect(x.posts.length).toBe(before + 1);
    advanceMinutes(2);
    await settle();
    const thread = x.posts.slice(before);
    expect(thread).toHaveLength(2);
    expect(thread[1]!.text).toContain('Backlog step 20 of 20');
    expect(thread[1]!.replyTo).toBe(thread[0]!.id);
    // Nothing older comes after it, however long we wait.
    advanceMinutes(5);
    await settle();
    expect(x.posts.slice(before)).toHaveLength(2);
  });

  it('stops posting at the daily X limit, and says why', async () => {
    const config = parseConfig(
      {
        page: { name: 'Limited', url: 'https://status.limited.example', timeZone: 'UTC' },
        components: [{ id: 'api', name: 'API' }],
        responsePlan: { limits: { xPostsPerDay: 2 } },
      },
      'test',
    );
    const limited = await startTestService({ config });
    try {
      for (const name of ['One', 'Two', 'Three']) {
        await limited.call('POST', '/v1/incidents', { body: { name, impact: 'major' } });
      }
      await limited.events.idle();
      const posts = (await outbox(limited)).filter((m) => m.channel === 'x');
      expect(posts).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });

  it('does not post for an incident the plan keeps off X, and never twice for one change', async () => {
    const before = x.posts.length;
    await service.call('POST', '/v1/incidents', { body: { name: 'Minor blip', impact: 'minor' } });
    await settle();
    expect(x.posts).toHaveLength(before);

    const captured: DomainEvent[] = [];
    service.events.subscribe((event) => void captured.push(event));
    await service.call('POST', '/v1/incidents', { body: { name: 'Big one', impact: 'major' } });
    await settle();
    expect(x.posts).toHaveLength(before + 1);
    await service.events.publish(captured.filter((e) => e.type === 'incident.declared'));
    await settle();
    expect(x.posts).toHaveLength(before + 1);
  });
});
