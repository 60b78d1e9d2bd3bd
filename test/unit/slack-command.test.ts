import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../lambdas/core/errors';
import { parseSlackCommand } from '../../lambdas/slack/command-parser';
import { API_URL_PLACEHOLDER, slackManifest } from '../../lambdas/slack/manifest';
import { signSlackRequest, verifySlackSignature } from '../../lambdas/slack/signature';

const KNOWN = ['api', 'db', 'web'];

describe('parsing /outage', () => {
  it.each([
    [
      'declare "API errors" major api,db',
      {
        kind: 'declare',
        name: 'API errors',
        impact: 'major',
        components: { api: 'partial_outage', db: 'partial_outage' },
      },
    ],
    [
      'declare API is down critical api',
      { kind: 'declare', name: 'API is down', impact: 'critical', components: { api: 'major_outage' } },
    ],
    ['declare “Curly quotes” minor', { kind: 'declare', name: 'Curly quotes', impact: 'minor', components: {} }],
    [
      'declare Slow pages web=degraded_performance',
      { kind: 'declare', name: 'Slow pages', impact: null, components: { web: 'degraded_performance' } },
    ],
    ['declare', { kind: 'declare', name: null, impact: null, components: {} }],
    ['declare api outage major', { kind: 'declare', name: 'api outage', impact: 'major', components: {} }],
    [
      'update abc123 identified Bad deploy, rolling back',
      { kind: 'update', id: 'abc123', status: 'identified', message: 'Bad deploy, rolling back' },
    ],
    ['resolve abc123', { kind: 'resolve', id: 'abc123', message: null }],
    ['resolve abc123 All good', { kind: 'resolve', id: 'abc123', message: 'All good' }],
    ['status', { kind: 'status' }],
    ['', { kind: 'help' }],
  ])('%s', (text, expected) => {
    expect(parseSlackCommand(text, KNOWN)).toEqual(expected);
  });

  it.each([
    ['declare "API errors" major api,dbb', 'unknown component "dbb": the components are api, db, web'],
    ['declare "API errors" major dbb', 'unknown component "dbb": the components are api, db, web'],
    ['declare API errors major api,dbb,cache', 'unknown components "dbb", "cache": the components are api, db, web'],
    ['declare "API errors" majr api', 'unknown impact "majr": use none, minor, major, critical'],
    [
      'declare "API errors" huge',
      '"huge" is neither an impact (none, minor, major, critical) nor a component (api, db, web)',
    ],
    ['declare "API errors" majr', 'unknown impact "majr": use none, minor, major, critical'],
    ['declare API errors critcal api', 'unknown impact "critcal": use none, minor, major, critical'],
    ['declare API errors minr', 'unknown impact "minr": use none, minor, major, critical'],
    [
      'declare "API errors" major api=down',
      'unknown status "down" for api: use operational, under_maintenance, degraded_performance, partial_outage, major_outage',
    ],
  ])('answers %s with what is wrong and the valid values, not a form', (text, reason) => {
    expect(parseSlackCommand(text, KNOWN)).toEqual({ kind: 'invalid', reason });
  });

  it('reads a maintenance to schedule or cancel, and says what is wrong with one', () => {
    expect(
      parseSlackCommand(
        'maintenance schedule "Database upgrade" 2026-12-03T22:00Z 2026-12-03T23:00+01:00 api,db Writes pause',
        KNOWN,
      ),
    ).toEqual({
      kind: 'maintenance-schedule',
      name: 'Database upgrade',
      scheduledFor: '2026-12-03T22:00:00.000Z',
      scheduledUntil: '2026-12-03T22:00:00.000Z',
      components: ['api', 'db'],
      body: 'Writes pause',
    });
    expect(parseSlackCommand('maintenance schedule Upgrade 2026-12-03T22:00Z 2026-12-04T01:00Z', KNOWN)).toMatchObject({
      name: 'Upgrade',
      components: [],
    });
    expect(parseSlackCommand('maintenance cancel abc123 Postponed', KNOWN)).toEqual({
      kind: 'maintenance-cancel',
      id: 'abc123',
      message: 'Postponed',
    });
    expect(parseSlackCommand('maintenance schedule Upgrade tonight 2026-12-04T01:00Z', KNOWN)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/^"tonight" is not a time/),
    });
    expect(
      parseSlackCommand('maintenance schedule Upgrade 2026-12-03T22:00Z 2026-12-04T01:00Z api,cache', KNOWN),
    ).toEqual({ kind: 'invalid', reason: 'unknown component "cache": the components are api, db, web' });
    expect(parseSlackCommand('maintenance', KNOWN)).toMatchObject({ kind: 'invalid' });
    expect(parseSlackCommand('maintenance reschedule abc123 2026-12-04T22:00Z 2026-12-04T23:30+01:00', KNOWN)).toEqual({
      kind: 'maintenance-reschedule',
      id: 'abc123',
      scheduledFor: '2026-12-04T22:00:00.000Z',
      scheduledUntil: '2026-12-04T22:30:00.000Z',
    });
    expect(parseSlackCommand('maintenance reschedule abc123 tomorrow 2026-12-04T23:30Z', KNOWN)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('"tomorrow" is not a time'),
    });
    expect(parseSlackCommand('maintenance update abc123 in_progress Draining writes', KNOWN)).toEqual({
      kind: 'maintenance-update',
      id: 'abc123',
      status: 'in_progress',
      message: 'Draining writes',
    });
    expect(parseSlackCommand('maintenance update abc123 Still on time', KNOWN)).toEqual({
      kind: 'maintenance-update',
      id: 'abc123',
      status: null,
      message: 'Still on time',
    });
    expect(parseSlackCommand('maintenance update abc123 verifying', KNOWN)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining("needs the maintenance's id and a message"),
    });
  });

  it('keeps names that merely end like an impact', () => {
    expect(parseSlackCommand('declare Slow node', KNOWN)).toMatchObject({
      kind: 'declare',
      name: 'Slow node',
      impact: null,
    });
    expect(parseSlackCommand('declare Database mirror lagging', KNOWN)).toMatchObject({
      kind: 'declare',
      name: 'Database mirror lagging',
    });
    expect(parseSlackCommand('declare "Login" critical', KNOWN)).toMatchObject({
      kind: 'declare',
      name: 'Login',
      impact: 'critical',
    });
  });

  it('explains wrong usage', () => {
    expect(parseSlackCommand('update abc123 fixed', KNOWN)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('/outage update'),
    });
    expect(parseSlackCommand('reboot', KNOWN)).toEqual({ kind: 'invalid', reason: 'unknown command "reboot"' });
  });
});

describe('Slack signatures', () => {
  const now = 1_800_000_000;
  it('accepts what Slack signs, within five minutes', () => {
    const headers = signSlackRequest('a=b', 'secret', now - 299);
    expect(() =>
      verifySlackSignature(
        { rawBody: 'a=b', timestamp: headers['x-slack-request-timestamp'], signature: headers['x-slack-signature'] },
        'secret',
        now,
      ),
    ).not.toThrow();
  });

  it('refuses a changed body, another secret, an old or a future timestamp', () => {
    const headers = signSlackRequest('a=b', 'secret', now);
    const check = (body: string, secret: string, at: number) => () =>
      verifySlackSignature(
        { rawBody: body, timestamp: headers['x-slack-request-timestamp'], signature: headers['x-slack-signature'] },
        secret,
        at,
      );
    expect(check('a=c', 'secret', now)).toThrow(AuthenticationError);
    expect(check('a=b', 'other', now)).toThrow(AuthenticationError);
    expect(check('a=b', 'secret', now + 301)).toThrow(AuthenticationError);
    expect(check('a=b', 'secret', now - 301)).toThrow(AuthenticationError);
  });
});

describe('the Slack app manifest', () => {
  const template = readFileSync(new URL('../../slack-app-manifest.json', import.meta.url), 'utf8');

  it.each([
    'https://abc123.execute-api.eu-west-3.amazonaws.com/',
    'https://abc123.execute-api.eu-west-3.amazonaws.com',
    'abc123.execute-api.eu-west-3.amazonaws.com/',
  ])('takes the ApiUrl output as pasted (%s): no https://https://, no //v1', (apiUrl) => {
    const manifest = slackManifest(template, apiUrl);
    expect(manifest).not.toContain(API_URL_PLACEHOLDER);
    const parsed = JSON.parse(manifest);
    expect(parsed.features.slash_commands[0].url).toBe(
      'https://abc123.execute-api.eu-west-3.amazonaws.com/v1/slack/commands',
    );
    expect(parsed.settings.interactivity.request_url).toBe(
      'https://abc123.execute-api.eu-west-3.amazonaws.com/v1/slack/interactions',
    );
  });

  it('refuses a plain http URL: Slack calls only https', () => {
    expect(() => slackManifest(template, 'http://example.com/')).toThrow(/https/);
  });

  it('points Slack at the routes the API serves, with the scopes the code uses', async () => {
    const { ROUTES } = await import('../../lambdas/routes');
    const manifest = JSON.parse(slackManifest(template, 'https://api.example.com/'));
    expect(new URL(manifest.features.slash_commands[0]!.url).pathname).toBe(ROUTES.slackCommand.path);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(ROUTES.slackInteraction.path);
    // views.open and response_url need `commands`; postMessage `chat:write`; the user-group rule `usergroups:read`.
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'usergroups:read']),
    );
  });
});
