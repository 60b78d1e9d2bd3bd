import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import type { Subscriber } from '../../lambdas/core/subscriber';
import { planDeliveries } from '../../lambdas/plan/response-plan';
import { notificationEmail, notificationSms } from '../../lambdas/render/notification-messages';
import { smsSize } from '../../lambdas/render/sms-segments';
import { incidentPost } from '../../lambdas/render/social-posts';
import { History, siteConfig } from '../support/site-fixtures';

const subscriber = (
  id: string,
  channel: Subscriber['channel'],
  components: string[] | null,
  state: Subscriber['state'] = 'confirmed',
) => ({ id, channel, components, state, address: id, locale: 'en' }) as Subscriber;

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
    expect(smsSize(text).encoding).toBe('gsm7'); // "..." keeps it GSM-7; "…" would make it 3 UCS-2 segments
    expect(text.endsWith('... Reply STOP to opt out')).toBe(true);
    const emoji = history.declare('2026-11-21T12:00:00Z', 'Panne 🔥', 'major', {}, 'y'.repeat(100));
    const short = notificationSms(config, 'en', emoji, emoji.updates[0]!);
    expect(short.length).toBeLessThanOrEqual(70);
    expect(short.endsWith('… Reply STOP to opt out')).toBe(true);
  });
});

describe('message templates from the config', () => {
  const withTemplates = () => {
    const config = parseConfig(
      {
        page: { name: 'Acme', url: 'https://status.acme.example', timeZone: 'Europe/Paris', locale: 'fr' },
        components: [{ id: 'api', name: 'API' }],
        responsePlan: {
          templates: {
            fr: {
              sms: 'ACME {status} : {name}. {body}',
              emailSubject: 'Incident {impact} : {name}',
              x: '{page} – {name} : {status}',
            },
          },
        },
      },
      'test',
    );
    const history = new History(config);
    return {
      config,
      incident: history.declare(
        '2026-11-21T10:00:00Z',
        'Paiements',
        'critical',
        { api: 'major_outage' },
        'Les paiements échouent',
      ),
    };
  };

  it("fills the locale's templates in, keeping the opt-out and the one-post limits", () => {
    const { config, incident } = withTemplates();
    const update = incident.updates[0]!;
    expect(notificationSms(config, 'fr', incident, update)).toBe(
      'ACME Analyse en cours : Paiements. Les paiements échouent STOP pour se désabonner',
    );
    expect(smsSize(notificationSms(config, 'fr', incident, update)).encoding).toBe('gsm7');
    const email = notificationEmail(config, 'fr', 'a@example.com', incident, update, {
      manage: 'https://m',
      unsubscribe: 'https://u',
    });
    expect(email.subject).toBe('Incident Critique : Paiements');
    expect(incidentPost(config, incident, update)).toMatch(
      /^Acme – Paiements : Analyse en cours \(11:00 CET\) https:\/\/status\.acme\.example\/incidents\/\w+\/$/,
    );
    // English has no templates here: Lifeboat's own wording.
    expect(notificationSms(config, 'en', incident, update)).toMatch(/^Acme: Investigating - Paiements\./);
  });

  it('refuses a template with an unknown placeholder, naming the field', () => {
    expect(() =>
      parseConfig(
        {
          page: { name: 'Acme', url: 'https://status.acme.example', timeZone: 'UTC' },
          components: [{ id: 'api', name: 'API' }],
          responsePlan: { templates: { en: { sms: '{page}: {nmae}' } } },
        },
        'acme.config.ts',
      ),
    ).toThrow(/responsePlan\.templates\.en\.sms: unknown placeholder \{nmae\}/);
  });
});
