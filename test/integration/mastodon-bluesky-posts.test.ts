import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlueskyPoster } from '../../lambdas/adapters/bluesky-poster';
import { MastodonPoster } from '../../lambdas/adapters/mastodon-poster';
import { parseConfig } from '../../lambdas/core/config';
import { type BlueskyPost, startFakeBluesky } from '../support/fake-bluesky';
import { startFakeMastodon } from '../support/fake-mastodon';
import { startTestService, type TestService } from '../support/local-service';
import { outbox } from '../support/outbox';

const MASTODON_TOKEN = 'mastodon-access-token';
const HANDLE = 'status.test.example';
const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';

let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
let bluesky: Awaited<ReturnType<typeof startFakeBluesky>>;
let service: TestService;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const advanceSeconds = (seconds: number) => (offsetMs += seconds * 1000);
const settle = () => service.events.idle();

beforeAll(async () => {
  mastodon = await startFakeMastodon({ token: MASTODON_TOKEN });
  bluesky = await startFakeBluesky({ handle: HANDLE, appPassword: APP_PASSWORD });
  const config = parseConfig(
    {
      page: { name: 'Test Cloud', url: 'https://status.test.example', timeZone: 'UTC' },
      components: [{ id: 'api', name: 'API' }],
      social: {
        mastodon: { enabled: true, instanceUrl: mastodon.url },
        bluesky: { enabled: true, service: bluesky.url, handle: HANDLE },
      },
    },
    'test',
  );
  service = await startTestService({
    config,
    clock,
    socialPosters: {
      mastodon: new MastodonPoster({ accessToken: MASTODON_TOKEN }, { instanceUrl: mastodon.url, language: 'en' }),
      bluesky: new BlueskyPoster({ identifier: HANDLE, appPassword: APP_PASSWORD }, { service: bluesky.url }),
    },
  });
});
afterAll(async () => {
  await service?.close();
  await mastodon?.close();
  await bluesky?.close();
});

const declare = async (name: string, body = 'Requests fail') =>
  (await service.call('POST', '/v1/incidents', { body: { name, impact: 'critical', body } })).json();

/** The links a reader of the post can follow: the text each facet marks, which must be the link it names. */
function followableLinks(post: BlueskyPost): string[] {
  const text = Buffer.from(post.record.text);
  return (post.record.facets ?? []).map((facet) => {
    const marked = text.subarray(facet.index.byteStart, facet.index.byteEnd).toString();
    expect(facet.features).toEqual([{ $type: 'app.bsky.richtext.facet#link', uri: marked }]);
    return marked;
  });
}

const graphemes = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;

describe('posting on Mastodon and Bluesky beside X', () => {
  it('threads a declare, an update and a resolve on both, each post within its network’s length', async () => {
    const incident = await declare('Checkout down', 'Payments fail 💳');
    await settle();
    expect(mastodon.statuses).toHaveLength(1);
    expect(bluesky.posts).toHaveLength(1);
    const link = `https://status.test.example/incidents/${incident.id}/`;
    expect(mastodon.statuses[0]).toMatchObject({ inReplyToId: null, visibility: 'public', language: 'en' });
    expect(mastodon.statuses[0]!.text).toContain('Checkout down');
    expect(mastodon.statuses[0]!.text).toContain(link);
    expect(bluesky.posts[0]!.record.reply).toBeUndefined();
    expect(bluesky.posts[0]!.record.langs).toEqual(['en']);
    expect(followableLinks(bluesky.posts[0]!)).toEqual([link]);

    // A long update with a link of its own and emoji before it: cut to fit, the page's link kept.
    advanceSeconds(120);
    const long = `Card payments fail for 🇫🇷 and 🇩🇪 customers; see https://provider.example/status/12345. ${'The provider is rolling back a change. '.repeat(20)}`;
    await service.call('POST', `/v1/incidents/${incident.id}/updates`, { body: { status: 'identified', body: long } });
    await settle();
    advanceSeconds(120);
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: { body: 'Payments flow again' } });
    await settle();

    expect(mastodon.statuses).toHaveLength(3);
    expect(bluesky.posts).toHaveLength(3);
    // Mastodon: each status replies to the one before.
    expect(mastodon.statuses[1]!.inReplyToId).toBe(mastodon.statuses[0]!.id);
    expect(mastodon.statuses[2]!.inReplyToId).toBe(mastodon.statuses[1]!.id);
    expect(mastodon.statuses[2]!.text).toContain('Resolved');
    // Bluesky: each post names the thread's first post as root and the one before as parent.
    const [first, second, third] = bluesky.posts as [BlueskyPost, BlueskyPost, BlueskyPost];
    const ref = (p: BlueskyPost) => ({ uri: p.uri, cid: p.cid });
    expect(second.record.reply).toEqual({ root: ref(first), parent: ref(first) });
    expect(third.record.reply).toEqual({ root: ref(first), parent: ref(second) });
    expect(followableLinks(second)).toEqual(['https://provider.example/status/12345', link]);
    expect(second.record.text).toMatch(/… https:\/\/status\.test\.example\/incidents\/[^ ]+\/$/);
    expect(graphemes(second.record.text)).toBeLessThanOrEqual(300);
    expect(graphemes(second.record.text)).toBeGreaterThan(280);
    expect(mastodon.statuses[1]!.text).toMatch(/… https:\/\/status\.test\.example\/incidents\/[^ ]+\/$/);
    // Mastodon counts both links as 23: the text may run past 500 characters, the count not.
    const counted = [...mastodon.statuses[1]!.text.replace(/https?:\/\/\S+/g, 'x'.repeat(23))].length;
    expect(counted).toBeLessThanOrEqual(500);
    expect(counted).toBeGreaterThan(480);

    // X, with no credentials here, keeps its own thread in the outbox.
    const onX = (await outbox(service)).filter((m) => m.channel === 'x');
    expect(onX).toHaveLength(3);
  });

  it('asks a throttling network again when it said, with no second post anywhere and no wait for the other', async () => {
    const before = { mastodon: mastodon.statuses.length, bluesky: bluesky.posts.length };
    mastodon.throttleNext(1, 30);
    const requests = mastodon.requests();
    await declare('Search slow');
    await settle();
    expect(bluesky.posts).toHaveLength(before.bluesky + 1);
    expect(mastodon.statuses).toHaveLength(before.mastodon);
    expect(mastodon.requests()).toBe(requests + 1);

    advanceSeconds(10);
    await settle();
    expect(mastodon.requests()).toBe(requests + 1); // Retry-After is honoured

    advanceSeconds(25);
    await settle();
    expect(mastodon.statuses).toHaveLength(before.mastodon + 1);
    expect(mastodon.statuses.at(-1)!.text).toContain('Search slow');
    expect(bluesky.posts).toHaveLength(before.bluesky + 1);

    advanceSeconds(600);
    await settle();
    expect(mastodon.statuses).toHaveLength(before.mastodon + 1);
    expect(bluesky.posts).toHaveLength(before.bluesky + 1);
  });

  it('does not post a status twice when its answer is lost: the retry carries the same Idempotency-Key', async () => {
    const before = mastodon.statuses.length;
    const requests = mastodon.requests();
    mastodon.loseNextAnswer();
    const incident = await declare('Login errors');
    await settle();
    expect(mastodon.requests()).toBe(requests + 2);
    expect(mastodon.statuses).toHaveLength(before + 1);

    advanceSeconds(120);
    await service.call('POST', `/v1/incidents/${incident.id}/updates`, {
      body: { status: 'monitoring', body: 'A fix is out' },
    });
    await settle();
    expect(mastodon.statuses).toHaveLength(before + 2);
    expect(mastodon.statuses.at(-1)!.inReplyToId).toBe(mastodon.statuses[before]!.id);
  });

  it('refreshes an expired Bluesky session once and posts, without signing in again', async () => {
    const before = bluesky.posts.length;
    expect(bluesky.calls.filter((c) => c === 'com.atproto.server.createSession')).toHaveLength(1);
    bluesky.expireAccessTokens();
    await declare('Webhooks delayed');
    await settle();
    expect(bluesky.posts).toHaveLength(before + 1);
    expect(bluesky.calls.filter((c) => c === 'com.atproto.server.refreshSession')).toHaveLength(1);
    expect(bluesky.calls.filter((c) => c === 'com.atproto.server.createSession')).toHaveLength(1);
  });
});
