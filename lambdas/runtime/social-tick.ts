/** Invoked by an incident's EventBridge schedule: posts to X, or reminds on-call, when it is quiet. */
import { z } from 'zod';
import { composeNotificationsOnAws } from './notification-composition';

const { ticks } = composeNotificationsOnAws();
const Input = z.object({ incidentId: z.string().regex(/^[a-z0-9]{1,64}$/) });

export const handler = async (input: unknown): Promise<void> => {
  await ticks.onTick(Input.parse(input).incidentId);
};
