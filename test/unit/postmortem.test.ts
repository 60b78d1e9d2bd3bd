import { describe, expect, it } from 'vitest';
import { WritePostmortemCommand } from '../../lambdas/core/commands';
import { IncidentNotResolvedError, ValidationError } from '../../lambdas/core/errors';
import type { Incident } from '../../lambdas/core/incident';
import { update } from '../../lambdas/core/lifecycle';
import {
  POSTMORTEM_HTML_MAX_BYTES,
  POSTMORTEM_MAX_CHARS,
  Postmortem,
  writePostmortem,
} from '../../lambdas/core/postmortem';
import { createServices } from '../../lambdas/core/services';
import type { Subscriber } from '../../lambdas/core/subscriber';
import { parseInput } from '../../lambdas/core/validation';
import { momentOf, planDeliveries } from '../../lambdas/plan/response-plan';
import { renderPostmortem } from '../../lambdas/render/postmortem-html';
import { postmortemEmail, postmortemSms, postmortemWebhookPayload } from '../../lambdas/render/postmortem-messages';
import { renderSite } from '../../lambdas/render/render-site';
import { smsSize } from '../../lambdas/render/sms-segments';
import { ONCALL } from '../support/fixtures';
import { fileOf, History, siteConfig } from '../support/site-fixtures';

const config = siteConfig();
const AT = (minute: number) => new Date(Date.UTC(2026, 10, 22, 9, minute)).toISOString();
const ctx = (minute: number, notifyByDefault = false) => ({
  now: AT(minute),
  actor: ONCALL,
  notifyByDefault,
  render: renderPostmortem,
});

function resolvedIncident(): Incident {
  const history = new History(config);
  const open = history.declare('2026-11-21T10:00:00Z', 'Certificate expired', 'major', { c0: 'major_outage' });
  return history.resolve(open.id, '2026-11-21T11:00:00Z');
}

const written = (step: ReturnType<typeof writePostmortem>) => {
  if (step.kind !== 'written') throw new Error(`expected a write, got ${step.kind}`);
  return step;
};

describe('publishing a postmortem', () => {
  it('is refused while the incident is open, with a 409 naming the status', () => {
    const history = new History(config);
    const open = history.declare('2026-11-21T10:00:00Z', 'Slow', 'minor', { c0: 'degraded_performance' });
    const error = (() => {
      try {
        writePostmortem(open, { body: '# Why' }, ctx(0));
      } catch (e) {
        return e as IncidentNotResolvedError;
      }
    })();
    expect(error).toBeInstanceOf(IncidentNotResolvedError);
    expect(error?.status).toBe(409);
    expect(error?.errors).toEqual([{ field: 'status', message: 'the incident is investigating; resolve it first' }]);
  });

  it('attaches revision 1 to a resolved incident, gives it the status postmortem and announces it', () => {
    const before = resolvedIncident();
    const step = written(writePostmortem(before, { body: '# Root cause\n\nExpired.' }, ctx(5)));
    expect(step.incident).toMatchObject({
      status: 'postmortem',
      version: before.version + 1,
      updatedAt: AT(5),
      postmortem: {
        body: '# Root cause\n\nExpired.',
        // Rendered once, when written: what the page, the feeds and the messages show.
        html: '<h3>Root cause</h3>\n<p>Expired.</p>\n',
        publishedAt: AT(5),
        updatedAt: AT(5),
        revision: 1,
        author: ONCALL,
        notifiedRevision: null,
      },
    });
    // What is stored is what the document's schema describes.
    expect(Postmortem.parse(step.incident.postmortem)).toEqual(step.incident.postmortem);
    // The timeline is untouched: the postmortem is a document beside it.
    expect(step.incident.updates).toEqual(before.updates);
    expect(step.before).toBeNull();
    expect(step.event).toMatchObject({
      type: 'incident.postmortem_published',
      id: `incident.${before.id}.v${before.version + 1}`,
      revision: 1,
      notify: false,
    });
  });

  it('notifies on publishing when the plan says so by default, or the request asks', () => {
    expect(written(writePostmortem(resolvedIncident(), { body: 'x' }, ctx(5, true))).event.notify).toBe(true);
    expect(written(writePostmortem(resolvedIncident(), { body: 'x', notify: true }, ctx(5))).event.notify).toBe(true);
    expect(written(writePostmortem(resolvedIncident(), { body: 'x', notify: false }, ctx(5, true))).event.notify).toBe(
      false,
    );
  });

  it('edits: a new revision by its author, the publish time kept; an edit notifies only when asked', () => {
    const first = written(writePostmortem(resolvedIncident(), { body: 'v1', notify: true }, ctx(5))).incident;
    const editor = { channel: 'cli' as const, name: 'sre-lead' };
    const edit = written(writePostmortem(first, { body: 'v2' }, { ...ctx(30, true), actor: editor }));
    expect(edit.before).toBe(1);
    expect(edit.incident.postmortem).toMatchObject({
      body: 'v2',
      revision: 2,
      publishedAt: AT(5),
      updatedAt: AT(30),
      author: editor,
      notifiedRevision: 1,
    });
    expect(edit.event.notify).toBe(false);
    const told = written(writePostmortem(edit.incident, { body: 'v3', notify: true }, ctx(40)));
    expect(told.event).toMatchObject({ revision: 3, notify: true });
  });

  it('changes nothing for the same text again, and tells subscribers of one revision at most once', () => {
    const first = written(writePostmortem(resolvedIncident(), { body: 'same' }, ctx(5))).incident;
    expect(writePostmortem(first, { body: 'same' }, ctx(6)).kind).toBe('unchanged');
    // Published quietly, announced later: same revision, now told.
    const told = written(writePostmortem(first, { body: 'same', notify: true }, ctx(7)));
    expect(told.incident.postmortem).toMatchObject({ revision: 1, updatedAt: AT(5), notifiedRevision: 1 });
    expect(told.event).toMatchObject({ revision: 1, notify: true });
    expect(writePostmortem(told.incident, { body: 'same', notify: true }, ctx(8)).kind).toBe('unchanged');
  });

  it('also follows an old-style postmortem update, which the updates route still takes', () => {
    const history = new History(config);
    const open = history.declare('2026-11-21T10:00:00Z', 'Slow', 'minor', { c0: 'degraded_performance' });
    const resolved = history.resolve(open.id, '2026-11-21T11:00:00Z');
    const noted = update(
      resolved,
      { status: 'postmortem', body: 'Root cause: a full disk' },
      {
        now: AT(1),
        actor: ONCALL,
        updateId: 'u-pm',
        statuses: { baselines: new Map(), openIncidents: [] },
      },
    ).incident;
    expect(written(writePostmortem(noted, { body: '# Full disk' }, ctx(2))).incident.postmortem?.revision).toBe(1);
  });

  it('takes Markdown up to its limit, trimmed, and names the field beyond it', () => {
    expect(parseInput(WritePostmortemCommand, { body: '  # Title  ' })).toEqual({ body: '# Title' });
    const tooLong = () => parseInput(WritePostmortemCommand, { body: 'x'.repeat(POSTMORTEM_MAX_CHARS + 1) });
    expect(tooLong).toThrow(ValidationError);
    try {
      tooLong();
    } catch (error) {
      expect((error as ValidationError).errors[0]?.field).toBe('body');
    }
    expect(() => parseInput(WritePostmortemCommand, { body: 'x', notify: 'yes' })).toThrow(ValidationError);
  });

  it('refuses a body whose HTML would not fit the incident, naming the field; typed markup at full length fits', () => {
    // `"` is escaped to `&quot;`: six bytes of HTML for each character typed.
    const quotes = '"'.repeat(POSTMORTEM_MAX_CHARS);
    const refused = (() => {
      try {
        writePostmortem(resolvedIncident(), { body: quotes }, ctx(5));
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused?.status).toBe(400);
    expect(refused?.errors).toEqual([{ field: 'body', message: expect.stringContaining('120008 bytes of HTML') }]);

    // `<` is escaped to `&lt;`, four times its size: the longest body of it still fits.
    const markup = '<'.repeat(POSTMORTEM_MAX_CHARS);
    const { postmortem } = written(writePostmortem(resolvedIncident(), { body: markup }, ctx(5))).incident;
    expect(postmortem!.html.length).toBeGreaterThan(4 * POSTMORTEM_MAX_CHARS);
    expect(new TextEncoder().encode(postmortem!.html).length).toBeLessThanOrEqual(POSTMORTEM_HTML_MAX_BYTES);
  });

  it('cannot be written by a function without the renderer, and says so', async () => {
    const incident = resolvedIncident();
    const saved: Incident[] = [];
    const { incidents } = createServices(config, {
      incidents: { get: async () => incident, save: async (i: Incident) => void saved.push(i) } as never,
      components: {} as never,
      events: { publish: async () => {} },
      audit: { record: async () => {} } as never,
      settings: {} as never,
      maintenances: {} as never,
      clock: { now: () => new Date(AT(5)) },
    });
    await expect(incidents.writePostmortem(incident.id, { body: '# Why' }, { actor: ONCALL })).rejects.toThrow(
      'This function cannot render a postmortem',
    );
    expect(saved).toEqual([]);
  });
});

describe('telling subscribers of a postmortem', () => {
  const subscriber = (id: string, channel: Subscriber['channel'], components: string[] | null) =>
    ({ id, channel, components, state: 'confirmed', address: id, locale: 'en' }) as Subscriber;
  const people = [
    subscriber('e0', 'email', ['c0']),
    subscriber('s0', 'sms', ['c0']),
    subscriber('w0', 'webhook', ['c0']),
    subscriber('e1', 'email', ['c1']),
    subscriber('all', 'email', null),
  ];

  it('reaches subscribers of the affected components on the channels the plan names, keyed by revision', () => {
    const step = written(writePostmortem(resolvedIncident(), { body: 'v1', notify: true }, ctx(5)));
    const at = momentOf(step.event)!;
    expect(at.moment).toBe('postmortem');
    const planned = planDeliveries(config, at, people);
    expect(planned.map((d) => `${d.subscriber.id}:${d.channel}`)).toEqual(['e0:email', 'w0:webhook', 'all:email']);
    expect(planned[0]!.key).toBe(`${step.incident.id}.postmortem.r1:e0:email`);
    const withSms = siteConfig();
    withSms.responsePlan.postmortem.channels = ['email', 'sms'];
    expect(planDeliveries(withSms, at, people).map((d) => d.subscriber.id)).toEqual(['e0', 's0', 'all']);
  });

  it('plans nothing for a quiet publish or edit', () => {
    const step = written(writePostmortem(resolvedIncident(), { body: 'v1' }, ctx(5)));
    expect(momentOf(step.event)).toBeNull();
  });

  it('sends the document by email (safe HTML and a text part), a link by SMS, the revision by webhook', () => {
    const body = '# Root cause\n\nThe certificate **expired**. <script>alert(1)</script> [x](javascript:alert(1))';
    const { incident } = written(writePostmortem(resolvedIncident(), { body, notify: true }, ctx(5)));
    const links = { manage: 'https://api.example/manage', unsubscribe: 'https://api.example/unsub' };
    const email = postmortemEmail(config, 'en', 'e0@example.com', incident, links);
    expect(email.subject).toBe('[Acme Cloud] Postmortem: Certificate expired');
    expect(email.html).toContain('<h3>Root cause</h3>');
    expect(email.html).toContain('<strong>expired</strong>');
    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('href="javascript');
    expect(email.text).toContain(body);
    expect(email.text).toContain(`https://status.acme.example/incidents/${incident.id}/#postmortem`);
    expect(email.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(email.headers['In-Reply-To']).toMatch(/^<incident-/);

    const sms = postmortemSms(config, 'en', { ...incident, name: 'A very long incident name '.repeat(8) });
    const size = smsSize(sms);
    expect(size).toMatchObject({ encoding: 'gsm7' });
    expect(size.units).toBeLessThanOrEqual(size.limit);
    expect(sms).toContain(`https://status.acme.example/incidents/${incident.id}/ Reply STOP to opt out`);

    expect(postmortemWebhookPayload(config, incident)).toMatchObject({
      type: 'incident.postmortem_published',
      incident: { id: incident.id, status: 'postmortem' },
      postmortem: { body, revision: 1 },
    });
  });
});

describe('the postmortem on the status site', () => {
  it('shows the HTML stored when it was written, in the page, the feeds, the email and the webhook', () => {
    const history = new History(config);
    const open = history.declare('2026-11-21T10:00:00Z', 'Certificate expired', 'major', { c0: 'major_outage' });
    const resolved = history.resolve(open.id, '2026-11-21T11:00:00Z');
    const stored = '<p>As stored at <strong>write</strong> time</p>\n';
    const { incident } = written(
      writePostmortem(resolved, { body: '# Something else', notify: true }, { ...ctx(5), render: () => stored }),
    );
    history.incidents.splice(0, 1, incident);
    const files = renderSite(history.state());
    expect(fileOf(files, `incidents/${open.id}/index.html`)).toContain(stored);
    expect(fileOf(files, 'history.atom')).toContain('&lt;strong&gt;write&lt;/strong&gt;');
    const links = { manage: 'https://api.example/manage', unsubscribe: 'https://api.example/unsub' };
    expect(postmortemEmail(config, 'en', 'e0@example.com', incident, links).html).toContain(stored);
    expect(postmortemWebhookPayload(config, incident).postmortem.body_html).toBe(stored);
  });

  it('shows a postmortem stored before its HTML was kept as its Markdown, as text', () => {
    const history = new History(config);
    const open = history.declare('2026-11-21T10:00:00Z', 'Certificate expired', 'major', { c0: 'major_outage' });
    const resolved = history.resolve(open.id, '2026-11-21T11:00:00Z');
    const { html: _html, ...older } = written(writePostmortem(resolved, { body: '# Cause <b>x</b>' }, ctx(5))).incident
      .postmortem!;
    history.incidents.splice(0, 1, { ...resolved, status: 'postmortem', postmortem: older as Postmortem });
    const page = fileOf(renderSite(history.state()), `incidents/${open.id}/index.html`);
    expect(page).toContain('<pre># Cause &lt;b&gt;x&lt;/b&gt;</pre>');
  });

  for (const [locale, heading, edited] of [
    ['en', 'Postmortem', 'Edited:'],
    ['fr', 'Post-mortem', 'Modifié\u202F:'],
  ] as const) {
    it(`has its own section on the incident's page and is in the incident's feed entry (${locale})`, () => {
      const localeConfig = siteConfig({ locale });
      const history = new History(localeConfig);
      const open = history.declare('2026-11-21T10:00:00Z', 'Certificate expired', 'major', { c0: 'major_outage' });
      const resolved = history.resolve(open.id, '2026-11-21T11:00:00Z');
      const first = written(writePostmortem(resolved, { body: '# Cause\n\nExpired' }, ctx(5))).incident;
      const edit = written(writePostmortem(first, { body: '# Cause\n\nExpired, **twice**' }, ctx(9))).incident;
      history.incidents.splice(0, 1, edit);
      const files = renderSite(history.state());

      const page = fileOf(files, `incidents/${open.id}/index.html`);
      expect(page).toContain(`<h2 id="postmortem">${heading}</h2>`);
      expect(page).toContain(`<time datetime="${AT(5)}">`);
      expect(page).toContain(edited);
      expect(page).toContain('<h3>Cause</h3>');
      expect(page).toContain('Expired, <strong>twice</strong>');
      expect(page.match(/<h1[\s>]/g)).toHaveLength(1);

      const atom = fileOf(files, 'history.atom');
      expect(atom.match(/<entry>/g)).toHaveLength(1);
      expect(atom).toContain(`<updated>${AT(9)}</updated>`);
      expect(atom).toContain(`&lt;h2&gt;${heading}&lt;/h2&gt;`);
      expect(fileOf(files, 'history.rss')).toContain(
        `<guid isPermaLink="false">acme:incident:${open.id}:postmortem</guid>`,
      );
    });
  }
});
