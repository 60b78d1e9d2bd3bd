import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config';
import { ValidationError } from '../../lambdas/core/errors';
import shippedConfig from '../../lifeboat.config';

const valid = {
  page: { name: 'Acme', url: 'https://status.acme.example', timeZone: 'Europe/Paris' },
  groups: [{ id: 'core', name: 'Core' }],
  components: [{ id: 'api', name: 'API', group: 'core' }],
};

const problems = (raw: unknown) => {
  try {
    parseConfig(raw, 'my.config.ts');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the config to be refused');
};

describe('configuration', () => {
  it('accepts the shipped lifeboat.config.ts', () => {
    expect(parseConfig(shippedConfig, 'lifeboat.config.ts').components.length).toBeGreaterThan(0);
  });

  it('fills in defaults', () => {
    const config = parseConfig(valid, 'my.config.ts');
    expect(config.page.locale).toBe('en');
    expect(config.defaultComponentStatus).toBe('operational');
    expect(config.components[0]!.onlyShowIfDegraded).toBe(false);
  });

  it('keeps X on and the other social networks off unless switched on, and asks what they need', () => {
    const config = parseConfig(valid, 'my.config.ts');
    expect(config.social.x.enabled).toBe(true);
    expect(config.social.mastodon.enabled).toBe(false);
    expect(config.social.bluesky).toMatchObject({ enabled: false, service: 'https://bsky.social' });
    expect(config.responsePlan.byImpact.major.declare).toEqual(['email', 'sms', 'webhook', 'x', 'mastodon', 'bluesky']);
    const error = problems({ ...valid, social: { mastodon: { enabled: true }, bluesky: { enabled: true } } });
    expect(error.errors).toEqual([
      { field: 'social.mastodon.instanceUrl', message: 'required when enabled' },
      { field: 'social.bluesky.handle', message: 'required when enabled' },
    ]);
  });

  it('names the file and the field of a bad value', () => {
    const error = problems({ ...valid, page: { ...valid.page, timeZone: 'Mars/Olympus' } });
    expect(error.message).toContain('my.config.ts');
    expect(error.errors).toEqual([{ field: 'page.timeZone', message: 'not an IANA time zone, e.g. Europe/Paris' }]);
  });

  it('refuses a component in an unknown group, pointing at it', () => {
    const error = problems({ ...valid, components: [...valid.components, { id: 'web', name: 'Web', group: 'apps' }] });
    expect(error.errors).toEqual([{ field: 'components.1.group', message: 'unknown group "apps"' }]);
  });

  it('refuses duplicate component ids', () => {
    const error = problems({ ...valid, components: [...valid.components, { id: 'api', name: 'API again' }] });
    expect(error.errors[0]).toMatchObject({ field: 'components.1.id', message: 'duplicate id "api"' });
  });

  it('refuses ids that could not be used in a URL', () => {
    const error = problems({ ...valid, components: [{ id: 'Public API', name: 'API' }] });
    expect(error.errors[0]!.field).toBe('components.0.id');
  });
});
