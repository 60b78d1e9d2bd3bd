import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_KEY, startTestService, type TestResponse, type TestService } from '../support/local-service';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.close());

const declare = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  service.call('POST', '/v1/incidents', {
    body: { name: 'API errors', impact: 'major', ...body },
    ...(headers ? { headers } : {}),
  });

async function problemOf(response: TestResponse) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { status: number; type: string; detail: string; errors?: { field: string }[] };
}

describe('the management API', () => {
  it('answers health without a key', async () => {
    const response = await service.call('GET', '/v1/health', { key: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', page: 'Test Cloud' });
  });

  it('declares an incident and answers with the whole incident, its location and the new component status', async () => {
    const response = await declare({ body: 'Elevated 5xx on /v1', components: { api: 'partial_outage' } });
    expect(response.status).toBe(201);
    const incident = await response.json();
    expect(response.headers.get('location')).toBe(`/v1/incidents/${incident.id}`);
    expect(incident).toMatchObject({
      name: 'API errors',
      impact: 'major',
      status: 'investigating',
      components: { api: 'partial_outage' },
      declaredBy: { channel: 'api', name: 'on-call' },
      updates: [{ status: 'investigating', body: 'Elevated 5xx on /v1' }],
    });
    expect(incident).not.toHaveProperty('requestHash');

    const fetched = await (await service.call('GET', `/v1/incidents/${incident.id}`, { key: READ_KEY })).json();
    expect(fetched).toEqual(incident);
    const { components } = await (await service.call('GET', '/v1/components', { key: READ_KEY })).json();
    expect(components.find((c: { id: string }) => c.id === 'api').status).toBe('partial_outage');
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
  });

  it('walks the lifecycle and restores components on resolve, keeping what another incident still claims', async () => {
    const a = await (await declare({ components: { db: 'major_outage', web: 'degraded_performance' } })).json();
    const b = await (
      await declare({ name: 'Slow pages', impact: 'minor', components: { web: 'partial_outage' } })
    ).json();

    const identified = await service.call('POST', `/v1/incidents/${a.id}/updates`, {
      body: { status: 'identified', body: 'Primary database failed over', components: { db: 'partial_outage' } },
    });
    expect(identified.status).toBe(200);
    expect(await identified.json()).toMatchObject({ status: 'identified', version: 2 });

    const status = await (await service.call('GET', '/v1/status', { key: READ_KEY })).json();
    expect(status.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(status.incidents.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([a.id, b.id]));

    const resolved = await service.call('POST', `/v1/incidents/${a.id}/resolve`, {
      body: { body: 'Replica promoted' },
    });
    expect(await resolved.json()).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    const after = await (await service.call('GET', '/v1/components', { key: READ_KEY })).json();
    const statusOf = (id: string) => after.components.find((c: { id: string }) => c.id === id).status;
    expect(statusOf('db')).toBe('operational');
    expect(statusOf('web')).toBe('partial_outage'); // still claimed by b

    await service.call('POST', `/v1/incidents/${b.id}/resolve`, { body: {} });
    const last = await (await service.call('GET', '/v1/status', { key: READ_KEY })).json();
    expect(last.status.indicator).toBe('none');
  });

  it('publishes a domain event for every change, in order', async () => {
    const incident = await (await declare({ components: { email: 'major_outage' } })).json();
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
    await service.events.idle();
    // Events are relayed from the outbox after the change is committed: pick this incident's.
    const mine = service.published.filter(
      (e) => ('incident' in e ? e.incident.id : 'incidentId' in e ? e.incidentId : null) === incident.id,
    );
    expect(mine.map((e) => e.type)).toEqual([
      'incident.declared',
      'component.status_changed',
      'incident.resolved',
      'component.status_changed',
    ]);
  });

  it('sets a component baseline with PATCH, and records who did it in the audit trail', async () => {
    const response = await service.call('PATCH', '/v1/components/email', {
      body: { status: 'under_maintenance' },
      headers: { 'x-lifeboat-client': 'cli' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'email', status: 'under_maintenance' });
    await service.call('PATCH', '/v1/components/email', { body: { status: 'operational' } });

    const audit = await (await service.call('GET', '/v1/audit', { key: READ_KEY })).json();
    expect(audit.entries[1]).toMatchObject({
      action: 'component.set_status',
      target: 'component:email',
      actor: { channel: 'cli', name: 'on-call' },
    });
    expect(audit.entries.map((e: { action: string }) => e.action)).toContain('incident.declare');
  });

  it('pages through incidents, newest first', async () => {
    const page1 = await (await service.call('GET', '/v1/incidents?limit=2', { key: READ_KEY })).json();
    expect(page1.incidents).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await (
      await service.call('GET', `/v1/incidents?limit=2&cursor=${page1.nextCursor}`, { key: READ_KEY })
    ).json();
    const started = [...page1.incidents, ...page2.incidents].map((i: { startedAt: string }) => i.startedAt);
    expect(started).toEqual([...started].sort().reverse());
    expect(new Set([...page1.incidents, ...page2.incidents].map((i: { id: string }) => i.id)).size).toBe(4);
  });

  it('lists only open incidents when asked', async () => {
    const open = await (await declare({ name: 'Still open' })).json();
    const answer = await (await service.call('GET', '/v1/incidents?status=open', { key: READ_KEY })).json();
    expect(answer.incidents.map((i: { id: string }) => i.id)).toEqual([open.id]);
    await service.call('POST', `/v1/incidents/${open.id}/resolve`, { body: {} });
  });
});

describe('client mistakes get a 4xx problem+json naming the field, never a 5xx', () => {
  it('400 for malformed JSON', async () => {
    const response = await service.call('POST', '/v1/incidents', { body: '{"name": "x",' });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.type).toBe('urn:lifeboat:problem:malformed-json');
    expect(problem.errors).toEqual([{ field: '(body)', message: 'malformed JSON' }]);
  });

  it('400 naming each invalid field', async () => {
    const response = await service.call('POST', '/v1/incidents', { body: { name: '', impact: 'apocalyptic' } });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['impact', 'name']);
  });

  it('400 for an unknown field, so a typo is not silently ignored', async () => {
    const problem = await problemOf(await declare({ compnents: { api: 'major_outage' } }));
    expect(problem.status).toBe(400);
    expect(JSON.stringify(problem.errors)).toContain('compnents');
  });

  it('400 for a missing body', async () => {
    expect((await service.call('POST', '/v1/incidents')).status).toBe(400);
  });

  it('400 for a bad query parameter and a forged cursor', async () => {
    const limit = await problemOf(await service.call('GET', '/v1/incidents?limit=5000'));
    expect(limit.errors?.[0]?.field).toBe('query.limit');
    const cursor = await problemOf(
      await service.call('GET', `/v1/incidents?cursor=${Buffer.from('{"pk":"APIKEY#x"}').toString('base64url')}`),
    );
    expect(cursor).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
  });

  it('422 for an unknown component', async () => {
    const response = await declare({ components: { api: 'major_outage', nope: 'major_outage' } });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([{ field: 'components.nope', message: 'no component with this id' }]);
  });

  it('409 for a forbidden transition', async () => {
    const incident = await (await declare({})).json();
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
    const response = await service.call('POST', `/v1/incidents/${incident.id}/updates`, {
      body: { status: 'investigating', body: 'It is back' },
    });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).errors).toEqual([
      { field: 'status', message: 'resolved → investigating is not allowed' },
    ]);
    expect((await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} })).status).toBe(409);
  });

  it('401 without a key or with an unknown key, and nothing changes', async () => {
    const before = await (await service.call('GET', '/v1/incidents?limit=100')).json();
    const missing = await service.call('POST', '/v1/incidents', { key: null, body: { name: 'x', impact: 'minor' } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect((await problemOf(missing)).errors).toEqual([{ field: 'Authorization', message: 'missing' }]);
    const wrong = await service.call('POST', '/v1/incidents', {
      key: 'lb_not-a-key',
      body: { name: 'x', impact: 'minor' },
    });
    expect(wrong.status).toBe(401);
    const after = await (await service.call('GET', '/v1/incidents?limit=100')).json();
    expect(after.incidents).toHaveLength(before.incidents.length);
  });

  it('403 when a read key tries to declare, update or patch', async () => {
    for (const [method, path] of [
      ['POST', '/v1/incidents'],
      ['POST', '/v1/incidents/abc/updates'],
      ['POST', '/v1/incidents/abc/resolve'],
      ['PATCH', '/v1/components/api'],
    ] as const) {
      const response = await service.call(method, path, { key: READ_KEY, body: { name: 'x', impact: 'minor' } });
      expect(response.status, `${method} ${path}`).toBe(403);
      await problemOf(response);
    }
  });

  it('404 for an unknown incident or component, and for a path with no route', async () => {
    expect((await problemOf(await service.call('GET', '/v1/incidents/doesnotexist'))).status).toBe(404);
    expect((await service.call('POST', '/v1/incidents/doesnotexist/resolve', { body: {} })).status).toBe(404);
    expect((await service.call('GET', `/v1/incidents/${'x'.repeat(3000)}`)).status).toBe(404);
    expect((await service.call('PATCH', '/v1/components/nope', { body: { status: 'operational' } })).status).toBe(404);
    expect((await service.call('GET', '/v1/nothing-here')).status).toBe(404);
  });

  it('405 with Allow for a method the path does not take', async () => {
    const response = await service.call('DELETE', '/v1/incidents');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});

describe('idempotency and concurrency', () => {
  it('10 concurrent declares with one Idempotency-Key make one incident and one set of events', async () => {
    const before = service.published.length;
    const headers = { 'idempotency-key': `declare-${Date.now()}` };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        declare({ name: 'Checkout failing', components: { web: 'major_outage' } }, headers),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);

    await service.events.idle();
    // Replays announce the declare again under its own id (so an interrupted plan is finished);
    // consumers recognise it: one event, however often it is relayed.
    const declared = service.published
      .slice(before)
      .filter((e) => e.type === 'incident.declared' && e.incident.id === bodies[0].id);
    expect(new Set(declared.map((e) => e.id)).size).toBe(1);
    const listed = await (await service.call('GET', '/v1/incidents?status=open')).json();
    expect(listed.incidents.filter((i: { name: string }) => i.name === 'Checkout failing')).toHaveLength(1);
    await service.call('POST', `/v1/incidents/${bodies[0].id}/resolve`, { body: {} });
  });

  it('refuses an Idempotency-Key reused with a different request (422), changing nothing', async () => {
    const headers = { 'idempotency-key': `reuse-${Date.now()}` };
    const first = await (await declare({ name: 'First' }, headers)).json();
    const second = await declare({ name: 'Second' }, headers);
    expect(second.status).toBe(422);
    expect((await problemOf(second)).errors).toEqual([
      { field: 'Idempotency-Key', message: 'already used with a different request body' },
    ]);
    const stored = await (await service.call('GET', `/v1/incidents/${first.id}`)).json();
    expect(stored.name).toBe('First');
    await service.call('POST', `/v1/incidents/${first.id}/resolve`, { body: {} });
  });

  it('makes a repeated update with the same key a replay', async () => {
    const incident = await (await declare({})).json();
    const headers = { 'idempotency-key': 'update-once' };
    const post = () =>
      service.call('POST', `/v1/incidents/${incident.id}/updates`, {
        body: { status: 'identified', body: 'Found it' },
        headers,
      });
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const stored = await (await service.call('GET', `/v1/incidents/${incident.id}`)).json();
    expect(stored.updates.map((u: { body: string }) => u.body)).toEqual([
      'We are investigating this issue.',
      'Found it',
    ]);
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
  });

  it('20 concurrent updates to one incident lose none', async () => {
    const incident = await (await declare({ components: { api: 'degraded_performance' } })).json();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        service.call('POST', `/v1/incidents/${incident.id}/updates`, {
          body: { status: 'investigating', body: `Update number ${i}` },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const stored = await (await service.call('GET', `/v1/incidents/${incident.id}`)).json();
    expect(stored.version).toBe(21);
    const bodies = stored.updates.map((u: { body: string }) => u.body);
    for (let i = 0; i < 20; i++) expect(bodies).toContain(`Update number ${i}`);
    expect(bodies).toHaveLength(21);
    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
  });
});
