import { describe, expect, it } from 'vitest';
import { parseSlackCommand } from '../../lambdas/slack/command-parser';
import { signSlackRequest, verifySlackSignature } from '../../lambdas/slack/signature';
import { AuthenticationError } from '../../lambdas/core/errors';

const KNOWN = ['api', 'db', 'web'];

describe('parsing /outage', () => {
  it.each([
    ['declare "API errors" major api,db', { kind: 'declare', name: 'API errors', impact: 'major', components: { api: 'partial_outage', db: 'partial_outage' } }],
    ['declare API is down critical api', { kind: 'declare', name: 'API is down', impact: 'critical', components: { api: 'major_outage' } }],
    ['declare “Curly quotes” minor', { kind: 'declare', name: 'Curly quotes', impact: 'minor', components: {} }],
    ['declare Slow pages web=degraded_performance', { kind: 'declare', name: 'Slow pages', impact: null, components: { web: 'degraded_performance' } }],
    ['declare', { kind: 'declare', name: null, impact: null, components: {} }],
    ['declare api outage major', { kind: 'declare', name: 'api outage', impact: 'major', components: {} }],
    ['update abc123 identified Bad deploy, rolling back', { kind: 'update', id: 'abc123', status: 'identified', message: 'Bad deploy, rolling back' }],
    ['resolve abc123', { kind: 'resolve', id: 'abc123', message: null }],
    ['resolve abc123 All good', { kind: 'resolve', id: 'abc123', message: 'All good' }],
    ['status', { kind: 'status' }],
    ['', { kind: 'help' }],
  ])('%s', (text, expected) => {
    expect(parseSlackCommand(text, KNOWN)).toEqual(expected);
  });

  it('explains wrong usage', () => {
    expect(parseSlackCommand('update abc123 fixed', KNOWN)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('/outage update') });
    expect(parseSlackCommand('reboot', KNOWN)).toEqual({ kind: 'invalid', reason: 'unknown command "reboot"' });
  });
});

describe('Slack signatures', () => {
  const now = 1_800_000_000;
  it('accepts what Slack signs, within five minutes', () => {
    const headers = signSlackRequest('a=b', 'secret', now - 299);
    expect(() => verifySlackSignature({ rawBody: 'a=b', timestamp: headers['x-slack-request-timestamp'], signature: headers['x-slack-signature'] }, 'secret', now)).not.toThrow();
  });

  it('refuses a changed body, another secret, an old or a future timestamp', () => {
    const headers = signSlackRequest('a=b', 'secret', now);
    const check = (body: string, secret: string, at: number) => () =>
      verifySlackSignature({ rawBody: body, timestamp: headers['x-slack-request-timestamp'], signature: headers['x-slack-signature'] }, secret, at);
    expect(check('a=c', 'secret', now)).toThrow(AuthenticationError);
    expect(check('a=b', 'other', now)).toThrow(AuthenticationError);
    expect(check('a=b', 'secret', now + 301)).toThrow(AuthenticationError);
    expect(check('a=b', 'secret', now - 301)).toThrow(AuthenticationError);
  });
});

describe('the Slack app manifest', () => {
  it('points Slack at the routes the API serves, with the scopes the code uses', async () => {
    const { ROUTES } = await import('../../lambdas/routes');
    const manifest = (await import('../../slack-app-manifest.json')).default;
    expect(new URL(manifest.features.slash_commands[0]!.url).pathname).toBe(ROUTES.slackCommand.path);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(ROUTES.slackInteraction.path);
    // views.open and response_url need `commands`; postMessage `chat:write`; the user-group rule `usergroups:read`.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'usergroups:read']));
  });
});
