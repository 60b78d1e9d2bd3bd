import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import type { Subscriber } from '../../lambdas/core/subscriber';
import { bulkNotificationEmail, type ChannelDeps } from '../../lambdas/plan/channel-providers';
import { incidentThreadId, notificationEmail, webhookPayload } from '../../lambdas/render/notification-messages';
import type { SubscriberService } from '../../lambdas/subscriptions/subscriber-service';
import { History, siteConfig } from '../support/site-fixtures';

const links = { manage: 'https://api.example/manage?t=1', unsubscribe: 'https://api.example/unsubscribe?t=1' };

/** An incident through its life: declared on two components, updated, resolved. */
function lifeOfAnIncident(config = siteConfig()) {
  const history = new History(config);
  const declared = history.declare(
    '2026-11-21T10:00:00Z',
    'API errors',
    'major',
    { c0: 'partial_outage', c2: 'degraded_performance' },
    'Elevated 5xx',
  );
  const updated = history.update(declared.id, '2026-11-21T10:20:00Z', 'identified', 'Bad deploy');
  const resolved = history.resolve(declared.id, '2026-11-21T11:00:00Z', 'Rolled back');
  return { config, declared, updated, resolved };
}

describe('a notification email', () => {
  const { config, declared, updated, resolved } = lifeOfAnIncident();
  const declare = notificationEmail(config, 'en', 'a@example.com', declared, declared.updates[0]!, links);
  const update = notificationEmail(config, 'en', 'a@example.com', updated, updated.updates[1]!, links);
  const resolve = notificationEmail(config, 'en', 'a@example.com', resolved, resolved.updates[2]!, links);

  it('keeps one subject for the whole incident, and says the status first', () => {
    expect([declare, update, resolve].map((m) => m.subject)).toEqual([
      '[Acme Cloud] API errors',
      '[Acme Cloud] API errors',
      '[Acme Cloud] API errors',
    ]);
    expect([declare, update, resolve].map((m) => m.text.split('\n')[0])).toEqual([
      expect.stringMatching(/^Investigating — Nov 21, 2026/),
      expect.stringMatching(/^Identified — /),
      expect.stringMatching(/^Resolved — /),
    ]);
    expect(declare.html).toMatch(/<body[^>]*>\s*<div[^>]*>\s*<p[^>]*><strong>Investigating<\/strong>/);
  });

  it('names the affected components with their status, and the impact', () => {
    expect(declare.text).toContain(
      'Elevated 5xx\n\nThis incident affects: Component 0 (Partial outage), Component 2 (Degraded performance)\nImpact: Major\n',
    );
    expect(declare.html).toContain(
      'This incident affects: Component 0 (Partial outage), Component 2 (Degraded performance)',
    );
    expect(declare.html).toContain('Impact: Major');
    // Resolved: in the past, with the status the components are back to.
    expect(resolve.text).toContain('This incident affected: Component 0 (Operational), Component 2 (Operational)');
  });

  it('says it in French for a French subscriber', () => {
    const fr = notificationEmail(config, 'fr', 'a@example.com', declared, declared.updates[0]!, links);
    expect(fr.subject).toBe('[Acme Cloud] API errors');
    expect(fr.text.split('\n')[0]).toMatch(/^Analyse en cours — /);
    expect(fr.text).toContain(
      'Cet incident concerne\u202F: Component 0 (Panne partielle), Component 2 (Performances dégradées)\nImpact\u202F: Majeur',
    );
    const resolvedFr = notificationEmail(config, 'fr', 'a@example.com', resolved, resolved.updates[2]!, links);
    expect(resolvedFr.text).toContain('Cet incident a concerné\u202F: Component 0 (Opérationnel)');
  });

  it('escapes component names in the HTML', () => {
    const named = siteConfig();
    named.components[0]!.name = 'API <v2> & co';
    const history = new History(named);
    const incident = history.declare('2026-11-21T10:00:00Z', 'API errors', 'minor', { c0: 'degraded_performance' });
    const email = notificationEmail(named, 'en', 'a@example.com', incident, incident.updates[0]!, links);
    expect(email.html).toContain('API &lt;v2&gt; &amp; co (Degraded performance)');
    expect(email.text).toContain('API <v2> & co (Degraded performance)');
  });

  it('threads every email of the incident on one root; later ones reply to it', () => {
    const root = `<incident-${declared.id}@status.acme.example>`;
    expect(incidentThreadId(config, declared)).toBe(root);
    expect(declare.headers).toMatchObject({ References: root });
    expect(declare.headers).not.toHaveProperty('In-Reply-To');
    expect(update.headers).toMatchObject({ 'In-Reply-To': root, References: root });
    expect(resolve.headers).toMatchObject({ 'In-Reply-To': root, References: root });
    expect(declare.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it("roots the thread in the sender's domain when there is one", () => {
    const withSender = parseConfig(
      {
        page: { name: 'Acme', url: 'https://status.acme.example', timeZone: 'UTC' },
        components: [{ id: 'api', name: 'API' }],
        subscriptions: { fromAddress: 'status@mail.acme.example' },
      },
      'test',
    );
    expect(incidentThreadId(withSender, { id: 'abc123' })).toBe('<incident-abc123@mail.acme.example>');
  });

  it('sets no header that SES v2 refuses from Simple and bulk content', () => {
    // "Amazon SES header fields" (SES developer guide): SES sets these itself, Message-ID included.
    const refused = [
      'bcc',
      'cc',
      'content-disposition',
      'content-type',
      'date',
      'from',
      'message-id',
      'mime-version',
      'reply-to',
      'return-path',
      'subject',
      'to',
    ];
    for (const email of [declare, update, resolve]) {
      expect(
        Object.keys(email.headers)
          .map((h) => h.toLowerCase())
          .filter((h) => refused.includes(h)),
      ).toEqual([]);
    }
  });

  it('gives every recipient of a bulk send the thread headers', async () => {
    const deps = {
      config,
      subscribers: {
        manageUrl: async (s: Subscriber) => `https://m/${s.id}`,
        unsubscribeUrl: async (s: Subscriber) => `https://u/${s.id}`,
      } as unknown as SubscriberService,
    } as unknown as ChannelDeps;
    const people = ['a', 'b'].map((id) => ({ id, address: `${id}@example.com`, locale: 'en' }) as Subscriber);
    const bulk = await bulkNotificationEmail(deps, 'en', people, {
      moment: 'update',
      incident: updated,
      update: updated.updates[1]!,
    });
    expect(bulk.subject).toBe('[Acme Cloud] API errors');
    expect(bulk.headers).toMatchObject({ 'In-Reply-To': `<incident-${declared.id}@status.acme.example>` });
    expect(bulk.text).toContain('This incident affects: Component 0 (Partial outage)');
  });
});

describe('the webhook payload', () => {
  it('names the affected components and what the update changed, keeping the existing fields', () => {
    const { config, declared } = lifeOfAnIncident();
    const payload = webhookPayload(config, 'declare', declared, declared.updates[0]!);
    expect(payload.incident.components).toEqual({ c0: 'partial_outage', c2: 'degraded_performance' });
    expect(payload.incident.affected_components).toEqual([
      { id: 'c0', name: 'Component 0', status: 'partial_outage' },
      { id: 'c2', name: 'Component 2', status: 'degraded_performance' },
    ]);
    expect(payload.update).toMatchObject({ status: 'investigating', body: 'Elevated 5xx' });
    expect(payload.update.affected_components).toEqual([
      { code: 'c0', name: 'Component 0', old_status: 'operational', new_status: 'partial_outage' },
      { code: 'c2', name: 'Component 2', old_status: 'operational', new_status: 'degraded_performance' },
    ]);
  });
});
