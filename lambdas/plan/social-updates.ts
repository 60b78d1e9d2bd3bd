import type { Logger } from '@aws-lambda-powertools/logger';
import { retryOnConflict } from '../core/concurrency';
import type { LifeboatConfig } from '../core/config';
import type { DomainEvent } from '../core/events';
import { isOpen } from '../core/incident';
import type { IncidentService } from '../core/incident-service';
import type { Clock } from '../core/ports';
import { withRetry } from '../core/retry';
import { incidentPost, stillOngoingPost } from '../render/social-posts';
import { isTransient } from './dispatcher';
import type { DeliveryLedger } from './ports';
import { momentOf } from './response-plan';
import type { IncidentScheduler, SocialPoster, SocialThreadStore } from './social-ports';

export interface SocialUpdatesDeps {
  config: LifeboatConfig;
  incidents: IncidentService;
  poster: SocialPoster;
  threads: SocialThreadStore;
  scheduler: IncidentScheduler;
  ledger: DeliveryLedger;
  clock: Clock;
  logger: Logger;
}

/**
 * The incident's thread on X: a post when it is declared, a reply for each update the plan names,
 * one every `socialIntervalMinutes` while it stays open with nothing new to say, and a last reply
 * when it is resolved, after which the schedule stops. Each post is claimed in the delivery
 * ledger, so a retried event or tick never posts twice.
 */
export class SocialUpdates {
  constructor(private readonly deps: SocialUpdatesDeps) {}

  async onEvent(event: DomainEvent): Promise<void> {
    const at = momentOf(event);
    if (!at) return;
    const { config, scheduler } = this.deps;
    if (at.moment === 'resolve') await scheduler.stop(at.incident.id);
    if (!config.responsePlan.byImpact[at.incident.impact][at.moment].includes('x')) return;
    await this.postOnce(`${at.update.id}:x`, at.incident.id, incidentPost(config, at.incident, at.update));
    if (at.moment === 'declare') await scheduler.start(at.incident.id, config.responsePlan.socialIntervalMinutes);
  }

  /** The schedule's call: a "still ongoing" reply if the incident is open and quiet. */
  async onTick(incidentId: string): Promise<void> {
    const { config, scheduler, threads, clock } = this.deps;
    const incident = await this.deps.incidents.get(incidentId).catch(() => undefined);
    if (!incident || !isOpen(incident)) return scheduler.stop(incidentId);
    const thread = await threads.get(incidentId);
    const interval = config.responsePlan.socialIntervalMinutes * 60_000;
    // An update posted less than an interval ago already said where things stand.
    if (thread && clock.now().getTime() - Date.parse(thread.lastPostAt) < interval * 0.9) return;
    await this.postOnce(`${incidentId}:tick:${thread?.posts ?? 0}`, incidentId, stillOngoingPost(config, incident, clock.now()));
  }

  private async postOnce(key: string, incidentId: string, text: string): Promise<void> {
    const { ledger, threads, poster, clock } = this.deps;
    if (!(await ledger.claim(key, 120))) return;
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
