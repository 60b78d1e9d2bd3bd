import { generateApiKey } from './api-key';
import * as z from './schema';

/** The monitoring systems whose alerts Lifeboat takes, each on its own endpoint. */
export const INTEGRATIONS = ['alertmanager', 'grafana', 'cloudwatch', 'generic'] as const;
export const Integration = z.enum(INTEGRATIONS);
export type Integration = z.infer<typeof Integration>;

/**
 * What is stored of an integration's secret: its peppered hash (as for API keys), which endpoint
 * it opens and the name the audit trail shows. A secret opens its own integration's endpoint only.
 */
export interface IntegrationKeyRecord {
  hash: string;
  integration: Integration;
  name: string;
  createdAt: string;
}

/** A new integration secret: 32 random bytes, like an API key, with a prefix that says what it is. */
export const generateIntegrationSecret = (): string => `lbi_${generateApiKey().slice('lb_'.length)}`;
