import { defineConfig } from './lambdas/core/config';

/**
 * What Lifeboat reports on: the page, the components (grouped as customers see them) and the
 * response plan. Validated at start-up; a mistake names the field and this file.
 */
export default defineConfig({
  page: {
    id: 'acme',
    name: 'Acme Cloud',
    url: 'https://status.acme.example',
    timeZone: 'Europe/Paris',
    locale: 'en',
  },
  groups: [
    { id: 'platform', name: 'Platform', description: 'What your applications call' },
    { id: 'apps', name: 'Applications', description: 'What your people use' },
  ],
  components: [
    { id: 'api', name: 'Public API', group: 'platform', description: 'REST and GraphQL endpoints' },
    { id: 'auth', name: 'Authentication', group: 'platform', description: 'Sign-in, SSO and tokens' },
    { id: 'storage', name: 'Object storage', group: 'platform' },
    { id: 'dashboard', name: 'Dashboard', group: 'apps', description: 'The web console' },
    { id: 'mobile', name: 'Mobile apps', group: 'apps' },
    { id: 'billing', name: 'Billing', description: 'Invoices and payments', onlyShowIfDegraded: true },
  ],
});
