import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_KEY, startTestService, type TestService } from '../support/local-service';
import { deliveredEmails, linkIn, messagesTo, outbox, pressConfirm } from '../support/outbox';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

/** Everything committed so far relayed, its plan sent, and the status site published. */
async function settle() {
  await service.events.idle();
  await service.site.idle();
}

const site = async (path: string) => (await fetch(`${service.url}${path}`)).text();

async function confirmedEmail(address: string, components: string[]) {
  await service.call('POST', '/v1/subscriptions', { key: null, body: { email: address, components } });
  await pressConfirm(linkIn((await messagesTo(service, address))[0], '/confirm'));
}

const emailsTo = async (address: string) => (await outbox(service)).filter((m) => m.to === address);

const POSTMORTEM = `# What happened

The TLS certificate of the API **expired** at 09:58. <script>alert("pwned")</script>

## What we change

- Renewal is automated
- [An expiry alert](javascript:alert(1)) and [the runbook](https://runbooks.example.com/tls)
`;

async function resolvedIncident(name: string, components: Record<string, string>): Promise<string> {
  const declared = await service.call('POST', '/v1/incidents', { body: { name, impact: 'minor', components } });
  const { id } = await declared.json();
  const resolved = await service.call('POST', `/v1/incidents/${id}/resolve`, { body: { body: 'Renewed' } });
  expect(resolved.status).toBe(200);
  return id;
}

describe('postmortems (#15)', () => {
  it('are refused on an open incident, with a 409 problem naming its status', async () => {
    const { id } = await (
      await service.call('POST', '/v1/incidents', { body: { name: 'Still going', impact: 'minor', components: {} } })
    ).json();
    const refused = await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: '# Too early' } });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({
      type: 'urn:lifeboat:problem:incident-not-resolved',
      errors: [{ field: 'status' }],
    });
    const bad = await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: '' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe('body');
    const readOnly = await service.call('PUT', `/v1/incidents/${id}/postmortem`, {
      body: { body: 'x' },
      key: READ_KEY,
    });
    expect(readOnly.status).toBe(403);
  });

  it('published on a resolved incident, shows on its page, in the feeds and in the Statuspage JSON', async () => {
    const id = await resolvedIncident('TLS certificate expired', { api: 'major_outage' });
    // Within the length limit, but its HTML (each `"` escaped to six bytes) would not fit the incident.
    const tooBig = await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: '"'.repeat(20_000) } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
    expect((await tooBig.json()).errors[0].field).toBe('body');
    const published = await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: POSTMORTEM } });
    expect(published.status).toBe(200);
    const incident = await published.json();
    expect(incident).toMatchObject({ status: 'postmortem', postmortem: { revision: 1, author: { name: 'on-call' } } });
    expect(incident.postmortem.requests).toBeUndefined();
    expect(incident.postmortem.html).toBeUndefined();
    expect((await (await service.call('GET', `/v1/incidents/${id}`)).json()).postmortem.body).toBe(POSTMORTEM.trim());
    await settle();

    const page = await site(`/incidents/${id}/`);
    expect(page).toContain('<h2 id="postmortem">Postmortem</h2>');
    expect(page).toContain('<h3>What happened</h3>');
    expect(page).toContain('<strong>expired</strong>');
    expect(page).toContain('<a href="https://runbooks.example.com/tls" rel="nofollow noopener">the runbook</a>');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('href="javascript:');
    expect(page.match(/<h1[\s>]/g)).toHaveLength(1);

    const atom = await site('/history.atom');
    const rss = await site('/history.rss');
    for (const feed of [atom, rss]) {
      expect(feed).toContain('&lt;h3&gt;What happened&lt;/h3&gt;');
      expect(feed).not.toContain('&lt;script&gt;alert');
    }
    const json = JSON.parse(await site('/api/v2/incidents.json'));
    expect(json.incidents.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'postmortem' });
  });

  it('edited, keeps one feed entry, updates the page and records the revisions in the audit trail', async () => {
    const id = await resolvedIncident('Queue backlog', { db: 'degraded_performance' });
    await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: 'First draft' } });
    await settle();
    const rssItemsBefore = (await site('/history.rss')).split(`/incidents/${id}/</link>`).length - 1;

    const edited = await service.call('PUT', `/v1/incidents/${id}/postmortem`, {
      body: { body: 'Final: a **disk** filled up' },
      headers: { 'x-lifeboat-client': 'cli' },
    });
    expect(edited.status).toBe(200);
    expect((await edited.json()).postmortem).toMatchObject({ revision: 2, body: 'Final: a **disk** filled up' });
    await settle();

    const page = await site(`/incidents/${id}/`);
    expect(page).toContain('Final: a <strong>disk</strong> filled up');
    expect(page).not.toContain('First draft');
    expect(page).toMatch(/Edited: <time/);
    const atom = await site('/history.atom');
    expect(atom.split(`:incident:${id}</id>`).length - 1).toBe(1);
    expect(atom).not.toContain('First draft');
    expect((await site('/history.rss')).split(`/incidents/${id}/</link>`).length - 1).toBe(rssItemsBefore);

    const today = new Date().toISOString().slice(0, 10);
    const { entries } = await (await service.call('GET', `/v1/audit?date=${today}`)).json();
    const mine = entries.filter(
      (e: { target: string; action: string }) => e.target === `incident:${id}` && e.action === 'incident.postmortem',
    );
    expect(mine.map((e: { summary: string }) => e.summary)).toEqual([
      'Queue backlog: postmortem edited: revision 1 → 2',
      'Queue backlog: postmortem published (revision 1)',
    ]);
    expect(mine[0].actor).toMatchObject({ name: 'on-call' });

    // The same text again is no change at all: no new revision, no audit entry.
    const again = await service.call('PUT', `/v1/incidents/${id}/postmortem`, {
      body: { body: 'Final: a **disk** filled up' },
    });
    expect((await again.json()).postmortem.revision).toBe(2);
  });

  it('loses no edit when several are sent at once', async () => {
    const id = await resolvedIncident('Parallel edits', {});
    await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: 'v0' } });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: `edit ${n}` } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    const revisions = (await Promise.all(answers.map((a) => a.json()))).map((i) => i.postmortem.revision);
    // Each edit became a revision of its own, applied one after the other.
    expect([...revisions].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const stored = await (await service.call('GET', `/v1/incidents/${id}`)).json();
    expect(stored.postmortem.revision).toBe(7);
    // Declared, resolved, published, then one version per edit.
    expect(stored.version).toBe(3 + answers.length);
  });

  it('with notify, emails subscribers of the affected components only, once, whatever is repeated', async () => {
    await confirmedEmail('pm-api@example.com', ['api']);
    await confirmedEmail('pm-db@example.com', ['db']);
    await service.events.idle();
    const id = await resolvedIncident('Login failures', { api: 'partial_outage' });
    await service.events.idle();
    const before = (await emailsTo('pm-api@example.com')).length;

    const key = crypto.randomUUID();
    const put = () =>
      service.call('PUT', `/v1/incidents/${id}/postmortem`, {
        body: { body: POSTMORTEM, notify: true },
        headers: { 'idempotency-key': key },
      });
    expect((await put()).status).toBe(200);
    const replay = await put();
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const reused = await service.call('PUT', `/v1/incidents/${id}/postmortem`, {
      body: { body: 'something else', notify: true },
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    // Asked again without a key, and edited without asking: nobody hears twice.
    await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: POSTMORTEM, notify: true } });
    await service.call('PUT', `/v1/incidents/${id}/postmortem`, { body: { body: `${POSTMORTEM}\nTypo fixed.` } });
    await service.events.idle();

    const all = await emailsTo('pm-api@example.com');
    const mails = all.slice(0, all.length - before); // newest first: what came since
    expect(mails.map((m) => m.subject)).toEqual(['[Test Cloud] Postmortem: Login failures']);
    expect(mails[0]!.body).toContain('# What happened');
    expect(mails[0]!.body).toContain(`/incidents/${id}/#postmortem`);
    const [delivered] = (await deliveredEmails(service, 'pm-api@example.com')).slice(-1);
    expect(delivered!.html).toContain('<strong>expired</strong>');
    expect(delivered!.html).not.toContain('<script>alert');
    expect(delivered!.text).toContain('The TLS certificate of the API **expired**');
    expect((await emailsTo('pm-db@example.com')).filter((m) => m.subject?.includes('Postmortem'))).toEqual([]);
  });
});
