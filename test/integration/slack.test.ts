import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import { signSlackRequest } from '../../lambdas/slack/signature';
import { startTestService, type TestResponse, type TestService } from '../support/local-service';
import { outbox } from '../support/outbox';

const SECRET = 'test-slack-signing-secret';
const TEAM = 'T0LIFEBOAT';
let service: TestService;
let trigger = 0;

beforeAll(async () => {
  const config = parseConfig(
    {
      page: { name: 'Slack Cloud', url: 'https://status.slack-test.example', timeZone: 'UTC' },
      components: [
        { id: 'api', name: 'API' },
        { id: 'db', name: 'Database' },
      ],
      slack: {
        teamId: TEAM,
        allowedChannelIds: ['C0ONCALL'],
        notifyChannelId: 'C0ANNOUNCE',
        allowedUserGroupId: 'S0ONCALL',
      },
    },
    'test',
  );
  service = await startTestService({ config, slackSigningSecret: SECRET });
  service.slack.api.setUserGroup('S0ONCALL', ['U0ALICE']);
});
afterAll(() => service?.close());

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** A slash command as Slack sends it: form-encoded and signed. */
function command(
  text: string,
  overrides: Record<string, string> = {},
  secret = SECRET,
  at = Math.floor(Date.now() / 1000),
): Delivery {
  const body = new URLSearchParams({
    team_id: TEAM,
    channel_id: 'C0ONCALL',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/outage',
    text,
    response_url: `https://hooks.slack.example/commands/${++trigger}`,
    trigger_id: `trigger-${trigger}`,
    ...overrides,
  }).toString();
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(body, secret, at) },
  };
}

const send = (path: string, delivery: Delivery, extra: Record<string, string> = {}) =>
  fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { ...delivery.headers, ...extra },
    body: delivery.body,
  }) as Promise<TestResponse>;

const openIncidents = async () =>
  (await (await service.call('GET', '/v1/incidents?status=open')).json()).incidents as {
    id: string;
    name: string;
    components: Record<string, string>;
    declaredBy: { channel: string; name: string };
  }[];

const slackMessages = async () => (await outbox(service)).filter((m) => m.channel === 'slack');

describe('Slack request verification', () => {
  it('refuses forged, stale and replayed requests with 401, and changes nothing', async () => {
    const before = (await openIncidents()).length;
    expect((await send('/v1/slack/commands', command('declare "Forged" major api', {}, 'wrong-secret'))).status).toBe(
      401,
    );
    const stale = command('declare "Stale" major api', {}, SECRET, Math.floor(Date.now() / 1000) - 301);
    expect((await send('/v1/slack/commands', stale)).status).toBe(401);
    const unsigned = command('status');
    expect(
      (
        await fetch(`${service.url}/v1/slack/commands`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: unsigned.body,
        })
      ).status,
    ).toBe(401);

    const genuine = command('status');
    expect((await send('/v1/slack/commands', genuine)).status).toBe(200);
    const replayed = await send('/v1/slack/commands', genuine);
    expect(replayed.status).toBe(401);
    expect((await replayed.json()).detail).toContain('replayed');
    await service.slack.jobs.idle();
    expect((await openIncidents()).length).toBe(before);
  });

  it('refuses another workspace', async () => {
    const response = await send(
      '/v1/slack/commands',
      command('declare "Elsewhere" major api', { team_id: 'T0INTRUDER' }),
    );
    expect(response.status).toBe(403);
    await service.slack.jobs.idle();
    expect((await openIncidents()).some((i) => i.name === 'Elsewhere')).toBe(false);
  });
});

describe('/outage', () => {
  it('declares once however many times Slack retries, and reports back in Slack', async () => {
    const declare = command('declare "Checkout errors" critical api,db=degraded_performance');
    const first = await send('/v1/slack/commands', declare);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
    expect(
      (await send('/v1/slack/commands', declare, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }))
        .status,
    ).toBe(200);
    expect(
      (await send('/v1/slack/commands', declare, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' }))
        .status,
    ).toBe(200);
    await service.slack.jobs.idle();

    const declared = (await openIncidents()).filter((i) => i.name === 'Checkout errors');
    expect(declared).toHaveLength(1);
    expect(declared[0]).toMatchObject({
      components: { api: 'major_outage', db: 'degraded_performance' },
      declaredBy: { channel: 'slack', name: '@alice (U0ALICE)' },
    });

    const messages = await slackMessages();
    expect(
      messages.filter((m) => m.body.includes('Declared: *Checkout errors*') && m.to === 'C0ANNOUNCE'),
    ).toHaveLength(1);
    expect(
      messages.some((m) => m.to.startsWith('https://hooks.slack.example/') && m.body.includes(declared[0]!.id)),
    ).toBe(true);

    const { entries } = await (await service.call('GET', '/v1/audit')).json();
    expect(entries.find((e: { target: string }) => e.target === `incident:${declared[0]!.id}`).actor).toEqual({
      channel: 'slack',
      name: '@alice (U0ALICE)',
    });
  });

  it('updates and resolves', async () => {
    const [incident] = (await openIncidents()).filter((i) => i.name === 'Checkout errors');
    await send('/v1/slack/commands', command(`update ${incident!.id} identified The payment provider is down`));
    await service.slack.jobs.idle();
    await send('/v1/slack/commands', command(`resolve ${incident!.id} Payments flow again`));
    await service.slack.jobs.idle();
    const stored = await (await service.call('GET', `/v1/incidents/${incident!.id}`)).json();
    expect(stored.updates.map((u: { status: string; body: string }) => `${u.status}: ${u.body}`)).toEqual([
      'investigating: We are investigating this issue.',
      'identified: The payment provider is down',
      'resolved: Payments flow again',
    ]);
  });

  it('schedules, reschedules, updates and cancels a maintenance, and reports each in Slack', async () => {
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const until = new Date(Date.now() + 90_000_000).toISOString();
    await send(
      '/v1/slack/commands',
      command(`maintenance schedule "Database upgrade" ${from} ${until} db Writes pause`),
    );
    await service.slack.jobs.idle();
    const listed = (await (await service.call('GET', '/v1/maintenances')).json()).maintenances as {
      id: string;
      name: string;
      components: string[];
      scheduledBy: { channel: string; name: string };
    }[];
    const scheduled = listed.find((m) => m.name === 'Database upgrade')!;
    expect(scheduled).toMatchObject({ components: ['db'], scheduledBy: { channel: 'slack' } });

    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const laterEnd = new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString();
    await send('/v1/slack/commands', command(`maintenance reschedule ${scheduled.id} ${later} ${laterEnd}`));
    await service.slack.jobs.idle();
    await send('/v1/slack/commands', command(`maintenance update ${scheduled.id} Now with a read replica`));
    await service.slack.jobs.idle();
    const moved = await (await service.call('GET', `/v1/maintenances/${scheduled.id}`)).json();
    expect(moved).toMatchObject({ status: 'scheduled', scheduledFor: later, scheduledUntil: laterEnd });
    expect(moved.updates.at(-1)).toMatchObject({ status: 'scheduled', body: 'Now with a read replica' });

    await send('/v1/slack/commands', command(`maintenance cancel ${scheduled.id} Postponed`));
    await service.slack.jobs.idle();
    const cancelled = await (await service.call('GET', `/v1/maintenances/${scheduled.id}`)).json();
    expect(cancelled.status).toBe('cancelled');
    const said = (await slackMessages()).map((m) => m.body).join('\n');
    expect(said).toContain('Scheduled maintenance: *Database upgrade*');
    expect(said).toContain('Rescheduled maintenance: *Database upgrade*');
    expect(said).toContain('Updated maintenance: *Database upgrade*');
    expect(said).toContain('Cancelled maintenance: *Database upgrade*');

    // A cancelled maintenance takes no more updates, and Slack is told why.
    await send('/v1/slack/commands', command(`maintenance update ${scheduled.id} Back on after all`));
    await service.slack.jobs.idle();
    const answers = (await slackMessages()).map((m) => m.body);
    expect(answers.some((body) => body.includes('Could not do that: This maintenance was cancelled'))).toBe(true);
    expect((await (await service.call('GET', `/v1/maintenances/${scheduled.id}`)).json()).updates.at(-1).body).toBe(
      'Postponed',
    );
  });

  it('answers an unknown component or a misspelt impact with the valid values, opening no form', async () => {
    const views = service.slack.api.views.length;
    const before = (await openIncidents()).length;
    for (const [text, said] of [
      ['declare "API errors" major api,cache', 'unknown component "cache": the components are api, db'],
      ['declare "API errors" majr api', 'unknown impact "majr": use none, minor, major, critical'],
    ] as const) {
      const response = await send('/v1/slack/commands', command(text));
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { response_type: string; text: string };
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain(said);
    }
    await service.slack.jobs.idle();
    expect(service.slack.api.views.length).toBe(views);
    expect((await openIncidents()).length).toBe(before);
  });

  it('opens a form for missing details, and the submitted form declares with the chosen components', async () => {
    const views = service.slack.api.views.length;
    const response = await send('/v1/slack/commands', command('declare "Slow search"'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const view = service.slack.api.views[views] as {
      callback_id: string;
      blocks: { block_id: string; element: { initial_value?: string } }[];
    };
    expect(view.callback_id).toBe('lifeboat-declare');
    expect(view.blocks.find((b) => b.block_id === 'name')!.element.initial_value).toBe('Slow search');

    const submission = (viewId: string, values: Record<string, unknown>) => {
      const payload = {
        type: 'view_submission',
        team: { id: TEAM },
        user: { id: 'U0ALICE', username: 'alice' },
        view: { id: viewId, callback_id: 'lifeboat-declare', state: { values } },
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return {
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...signSlackRequest(body, SECRET, Math.floor(Date.now() / 1000)),
        },
      };
    };
    const missingImpact = await send(
      '/v1/slack/interactions',
      submission('V0FIRST', { name: { value: { value: 'Slow search' } } }),
    );
    expect(await missingImpact.json()).toEqual({ response_action: 'errors', errors: { impact: 'Choose an impact' } });

    const submitted = await send(
      '/v1/slack/interactions',
      submission('V0SECOND', {
        name: { value: { value: 'Slow search' } },
        impact: { value: { selected_option: { value: 'minor' } } },
        components: { value: { selected_options: [{ value: 'db' }] } },
        message: { value: { value: 'Search takes 10 s' } },
      }),
    );
    expect(submitted.status).toBe(200);
    await service.slack.jobs.idle();
    const declared = (await openIncidents()).find((i) => i.name === 'Slow search');
    expect(declared).toMatchObject({ components: { db: 'degraded_performance' } });
    expect((await slackMessages()).some((m) => m.to === 'U0ALICE' && m.body.includes('Slow search'))).toBe(true);
  });

  it('lets only the on-call channels and user group change anything; anyone may ask for status', async () => {
    const elsewhere = await send(
      '/v1/slack/commands',
      command('declare "From random" major api', { channel_id: 'C0RANDOM' }),
    );
    expect((await elsewhere.json()).text).toContain('on-call channels');
    const outsider = await send(
      '/v1/slack/commands',
      command('declare "From bob" major api', { user_id: 'U0BOB', user_name: 'bob' }),
    );
    expect((await outsider.json()).text).toContain('user group');
    const asked = command('status', { user_id: 'U0BOB', channel_id: 'C0RANDOM' });
    expect((await send('/v1/slack/commands', asked)).status).toBe(200);
    await service.slack.jobs.idle();
    expect((await openIncidents()).some((i) => i.name.startsWith('From'))).toBe(false);
    const responseUrl = new URLSearchParams(asked.body).get('response_url');
    const answer = (await slackMessages()).find((m) => m.to === responseUrl);
    expect(answer?.body).toContain('Minor Service Outage');
    expect(answer?.body).toContain('Slow search');
  });

  it('answers help at once', async () => {
    const help = await send('/v1/slack/commands', command('help'));
    expect((await help.json()).text).toContain('/outage declare');
  });
});
