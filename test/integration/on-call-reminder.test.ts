import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import { startTestService, type TestService } from '../support/local-service';
import { messagesTo } from '../support/outbox';

let service: TestService;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const advanceMinutes = async (minutes: number) => {
  offsetMs += minutes * 60_000;
  await service.scheduler.tick();
};

beforeAll(async () => {
  const config = parseConfig(
    {
      page: { name: 'Reminded Cloud', url: 'https://status.reminded.example', timeZone: 'UTC' },
      components: [{ id: 'api', name: 'API' }],
      responsePlan: {
        reminder: { afterMinutes: 20, emails: ['oncall@reminded.example'], phoneNumbers: ['+33612345799'] },
      },
    },
    'test',
  );
  service = await startTestService({ config, clock });
});
afterAll(() => service?.close());

describe('the on-call reminder', () => {
  it('reminds on-call once per quiet period, and never after the resolve', async () => {
    const incident = await (
      await service.call('POST', '/v1/incidents', { body: { name: 'Queue backlog', impact: 'major' } })
    ).json();
    await service.events.idle();
    const reminders = () => messagesTo(service, 'oncall@reminded.example');

    await advanceMinutes(10);
    expect(await reminders()).toHaveLength(0);
    await advanceMinutes(11);
    const [first] = await reminders();
    expect(first!.subject).toBe('[Reminded Cloud] No update for 21 min: Queue backlog');
    const [sms] = await messagesTo(service, '+33612345799');
    expect(sms!.body).toContain('has had no update for 21 min');
    // One segment, and the link to the incident whole at the end.
    expect(sms!.body.length).toBeLessThanOrEqual(160);
    expect(sms!.body.endsWith(`https://status.reminded.example/incidents/${incident.id}/`)).toBe(true);

    await advanceMinutes(21);
    expect(await reminders()).toHaveLength(1); // still the same quiet period

    await service.call('POST', `/v1/incidents/${incident.id}/updates`, {
      body: { status: 'identified', body: 'Consumer stuck' },
    });
    await service.events.idle();
    await advanceMinutes(21);
    expect(await reminders()).toHaveLength(2);

    await service.call('POST', `/v1/incidents/${incident.id}/resolve`, { body: {} });
    await service.events.idle();
    await advanceMinutes(60);
    expect(await reminders()).toHaveLength(2);
    expect(await service.scheduler.scheduled()).not.toContain(incident.id);
  });
});
