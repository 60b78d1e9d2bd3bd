import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import { PostSkippedError } from '../../lambdas/plan/social-ports';
import { awsSocialPosters } from '../../lambdas/runtime/social-posters';
import { startFakeBluesky } from '../support/fake-bluesky';
import { startFakeMastodon } from '../support/fake-mastodon';

let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
let bluesky: Awaited<ReturnType<typeof startFakeBluesky>>;
beforeAll(async () => {
  mastodon = await startFakeMastodon({ token: 'tok' });
  bluesky = await startFakeBluesky({ handle: 'status.acme.example', appPassword: 'app-pass' });
});
afterAll(async () => {
  await mastodon?.close();
  await bluesky?.close();
});

const configWith = (social: unknown) =>
  parseConfig(
    {
      page: { name: 'Acme', url: 'https://status.acme.example', timeZone: 'UTC', locale: 'fr' },
      components: [{ id: 'api', name: 'API' }],
      social,
    },
    'test',
  );

describe('the social posters on AWS', () => {
  it('exist only for the networks switched on', () => {
    const posters = awsSocialPosters(configWith({ x: { enabled: false } }), {}, async () => undefined);
    expect(posters).toEqual({ x: undefined, mastodon: undefined, bluesky: undefined });
  });

  it('skip the post, starting no thread, until the operator sets the credentials, then post with them', async () => {
    const config = configWith({
      mastodon: { enabled: true, instanceUrl: mastodon.url, visibility: 'unlisted' },
      bluesky: { enabled: true, service: bluesky.url, handle: 'status.acme.example' },
    });
    const secrets = new Map<string, string>([['arn:mastodon', '{"accessToken":""}']]);
    const posters = awsSocialPosters(config, { mastodon: 'arn:mastodon', bluesky: 'arn:bluesky' }, async (arn) =>
      secrets.get(arn),
    );
    await expect(posters.mastodon!.post('Panne', null)).rejects.toBeInstanceOf(PostSkippedError);
    await expect(posters.bluesky!.post('Panne', null)).rejects.toThrow('Bluesky credentials are not set');
    expect(mastodon.requests()).toBe(0);

    secrets.set('arn:mastodon', '{"accessToken":"tok"}');
    secrets.set('arn:bluesky', '{"appPassword":"app-pass"}');
    await posters.mastodon!.post('Panne', null);
    await posters.bluesky!.post('Panne', null);
    expect(mastodon.statuses).toMatchObject([{ text: 'Panne', visibility: 'unlisted', language: 'fr' }]);
    expect(bluesky.posts.map((p) => [p.record.text, p.record.langs])).toEqual([['Panne', ['fr']]]);
  });

  it('fail the post, to be retried, when the secret cannot be read, rather than skip it as not set', async () => {
    const config = configWith({ mastodon: { enabled: true, instanceUrl: mastodon.url } });
    const denied = Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), {
      name: 'AccessDeniedException',
    });
    const posters = awsSocialPosters(config, { mastodon: 'arn:mastodon' }, async () => {
      throw denied;
    });
    const attempt = posters.mastodon!.post('Panne', null);
    await expect(attempt).rejects.toBe(denied);
    await expect(attempt).rejects.not.toBeInstanceOf(PostSkippedError);
  });
});
