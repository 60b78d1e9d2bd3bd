import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../lambdas/core/subscriber';
import { planDeliveries } from '../../lambdas/plan/response-plan';
import { notificationSms, smsSegmentLimit } from '../../lambdas/render/notification-messages';
import { History, siteConfig } from '../support/site-fixtures';

const subscriber = (id: string, channel: Subscriber['channel'], components: string[] | null, state: Subscriber['state'] = 'confirmed') =>
  ({ id, channel, components, state, address: id, locale: 'en' }) as Subscriber;

describe('the response plan', () => {
  const config = siteConfig();
  const history = new History(config);
  const minor = history.declare('2026-11-21T10:00:00Z', 'Slow', 'minor', { c0: 'degraded_performance' });
  const people = [
    subscriber('e0', 'email', ['c0']),
    subscriber('s0', 'sms', ['c0']),
    subscriber('w0', 'webhook', null),
    subscriber('e1', 'email', ['c1']),
    subscriber('p0', 'email', ['c0'], 'pending'),
  ];

  it('follows the channels the plan names for the impact and the moment', () => {
    const planned = planDeliveries(config, { moment: 'declare', incident: minor, update: minor.updates[0]! }, people);
    expect(planned.map((d) => `${d.subscriber.id}:${d.channel}`)).toEqual(['e0:email', 'w0:webhook']);
    expect(planned[0]!.key).toBe(`${minor.updates[0]!.id}:e0:email`);
  });

  it('tells nobody of an incident with no impact', () => {
    const none = history.declare('2026-11-21T11:00:00Z', 'FYI', 'none', { c0: 'operational' });
    expect(planDeliveries(config, { moment: 'declare', incident: none, update: none.updates[0]! }, people)).toEqual([]);
  });

  it('fits an SMS into one segment, whatever the update says', () => {
    const long = history.declare('2026-11-21T12:00:00Z', 'API errors', 'major', {}, 'x'.repeat(500));
    const text = notificationSms(config, 'en', long, long.updates[0]!);
    expect(text.length).toBe(160);
    expect(text.endsWith('… Reply STOP to opt out')).toBe(true);
    const emoji = history.declare('2026-11-21T12:00:00Z', 'Panne 🔥', 'major', {}, 'y'.repeat(100));
    expect(notificationSms(config, 'en', emoji, emoji.updates[0]!).length).toBeLessThanOrEqual(70);
    expect(smsSegmentLimit('plain text')).toBe(160);
    expect(smsSegmentLimit('héllo ✓')).toBe(70);
  });
});
