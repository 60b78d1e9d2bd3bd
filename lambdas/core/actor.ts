import * as z from './schema';

/**
 * The ways a person reaches Lifeboat, `integration` for a monitoring system's alert, or `probe`
 * for Lifeboat's own checks; the audit trail records which one was used.
 */
export const Channel = z.enum(['api', 'cli', 'slack', 'system', 'integration', 'probe']);
export type Channel = z.infer<typeof Channel>;

/** Who did something: an API key's name, a Slack user, an integration's secret, or Lifeboat itself. */
export interface Actor {
  channel: Channel;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { channel: 'system', name: 'lifeboat' };
