import { type LifeboatConfig, parseConfig } from '../../lambdas/core/config';

/** A small page for tests: two groups, four components. */
export const testConfig: LifeboatConfig = parseConfig(
  {
    page: { id: 'test', name: 'Test Cloud', url: 'https://status.test.example', timeZone: 'UTC' },
    groups: [
      { id: 'core', name: 'Core' },
      { id: 'apps', name: 'Apps' },
    ],
    components: [
      { id: 'api', name: 'API', group: 'core' },
      { id: 'db', name: 'Database', group: 'core' },
      { id: 'web', name: 'Website', group: 'apps' },
      { id: 'email', name: 'Email delivery' },
    ],
  },
  'test/support/config.ts',
);
