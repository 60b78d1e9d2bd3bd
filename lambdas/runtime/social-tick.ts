/** Invoked by an incident's EventBridge schedule: posts to X if the incident is open and quiet. */
import { z } from 'zod';
import { composeNotifications } from './notification-composition';

const { social } = composeNotifications();
const Input = z.object({ incidentId: z.string().regex(/^[a-z0-9]{1,64}$/) });

export const handler = async (input: unknown): Promise<void> => {
  await social.onTick(Input.parse(input).incidentId);
};
