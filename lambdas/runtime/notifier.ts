/** Lambda entry: the response plan, for domain events and the plan's own jobs delivered through SQS. */
import { makeNotifierHandler } from '../handlers/notifier';
import { composeNotificationsOnAws } from './notification-composition';

export const handler = makeNotifierHandler(composeNotificationsOnAws());
