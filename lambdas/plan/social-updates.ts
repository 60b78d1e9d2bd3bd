import type { Logger } from '@aws-lambda-powertools/logger';
import { retryOnConflict } from '../core/concurrency';
import type { LifeboatConfig } from '../core/config';
import type { DomainEvent } from '../core/events';
import type { Incident } from '../core/incident';
import type { Clock, RateLimiter } from '../core/ports';
import { withRetry } from '../core/retry';
import { incidentPost, stillOngoingPost } from '../render/social-posts';
import { isTransient } from './dispatcher';
import type { DeliveryLedger } from './ports';
import { momentOf } from './response-plan';
import type { SocialPoster, SocialThreadStore } from './social-ports';

export interface SocialUpdatesDeps {
  config: LifeboatConfig;
  poster: SocialPoster;
  threads: SocialThreadStore;
  ledger: DeliveryLedger;
  /** Counts posts against X's limit for the account. */
  rateLimiter: RateLimiter;
  clock: Clock;
  logger: Logger;
}

/**
 * The incident's thread on X: a post when it is declared, a reply for each update the plan names,
 * one every `socialIntervalMinutes` while it stays open with nothing new to say (the incident's
 * schedule calls `onTick`), and a last reply when it is resolved. Each post is claimed in the
 * delivery ledger, so a retried event or tick never posts twice.
 */
export class SocialUpdates {
  constructor(private readonly deps: SocialUpdatesDeps) {}

  async onEvent(event: DomainEvent): Promise<void> {
    const at = momentOf(event);
    if (!at) return;
    const { config } = this.deps;
    if (!config.responsePlan.byImpact[at.incident.impact][at.moment].includes('x')) return;
    await this.postOnce(`${at.update.id}:x`, at.incident.id, incidentPost(config, at.incident, at.update));
  }

  /** A tick of the open incident's schedule: a "still ongoing" reply if its thread has been quiet. */
  async onTick(incident: Incident): Promise<void> {
    const { config, threads, clock } = this.deps;
    if (!config.responsePlan.byImpact[incident.impact].declare.includes('x')) return;
    const incidentId = incident.id;
    const thread = await threads.get(incidentId);
    const interval = config.responsePlan.socialIntervalMinutes * 60_000;
    // An update posted less than an interval ago already said where things stand.
    if (thread && clock.now().getTime() - Date.parse(thread.lastPostAt) < interval * 0.9) return;
    await this.postOnce(`${incidentId}:tick:${thread?.posts ?? 0}`, incidentId, stillOngoingPost(config, incident, clock.now()));
  }

  private async postOnce(key: string, incidentId: string, text: string): Promise<void> {
    const { ledger, threads, poster, clock } = this.deps;
    if (!(await ledger.claim(key, 120))) return;
    const { allowed } = await this.deps.rateLimiter.consume('x-posts', this.deps.config.responsePlan.limits.xPostsPerDay, 86_400);
    if (!allowed) {
      // Over X's limit a post would be refused anyway; the page and the other channels carry on.
      await ledger.markFailed(key, 'over the X posting limit for today');
      this.deps.logger.warn('Not posting to X: the daily limit is reached', { incidentId });
      return;
    }
    try {
      const thread = await threads.get(incidentId);
      const { id } = await withRetry(() => poster.post(text, thread?.lastId ?? null), {
        attempts: 4,
        baseDelayMs: 500,
        maxDelayMs: 10_000,
        retryable: isTransient,
      });
      await retryOnConflict(`Thread of incident ${incidentId}`, async () => {
        const current = await threads.get(incidentId);
        await threads.save({
          incidentId,
          rootId: current?.rootId ?? id,
          lastId: id,
          posts: (current?.posts ?? 0) + 1,
          lastPostAt: clock.now().toISOString(),
          version: (current?.version ?? 0) + 1,
        });
      });
      await ledger.markSent(key);
    } catch (error) {
      await ledger.markFailed(key, (error as Error).message);
      this.deps.logger.error('Posting to X failed', { error: error as Error, incidentId });
    }
  }
}
