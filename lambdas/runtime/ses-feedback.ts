/** Lambda entry: SES bounce and complaint events, through SNS. */
import { systemClock } from '../core/ports';
import { makeSesFeedbackHandler } from '../handlers/ses-feedback';
import { suppressor } from '../subscriptions/suppression';
import { composeOnAws } from './aws-composition';
import { CoreEnvironment, readEnvironment } from './environment';

const { stores, logger } = composeOnAws(readEnvironment(CoreEnvironment));

export const handler = makeSesFeedbackHandler({ suppress: suppressor(stores.subscribers, systemClock), logger });
