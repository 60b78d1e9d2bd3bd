/** Lambda entry: the response plan, for domain events delivered through SQS. */
import { makeNotifierHandler } from '../handlers/notifier';
import { composeNotifications } from './notification-composition';

export const handler = makeNotifierHandler(composeNotifications());
