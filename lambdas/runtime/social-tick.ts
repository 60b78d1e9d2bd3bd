/** Invoked by an incident's EventBridge schedule: posts to X, or reminds on-call, when it is quiet. */
import * as z from '../core/schema';
import { composeNotificationsOnAws } from './notification-composition';

const { ticks } = composeNotificationsOnAws();
const Input = z.object({ incidentId: z.string().check(z.regex(/^[a-z0-9]{1,64}$/)) });

export const handler = async (input: unknown): Promise<void> => {
  await ticks.onTick(Input.parse(input).incidentId);
};
