import { retryOnConflict } from '../core/concurrency';
import type { LifeboatConfig } from '../core/config';
import type { DomainEvent } from '../core/events';
import type { Incident, IncidentUpdate } from '../core/incident';
import type { Clock, Logger, RateLimiter } from '../core/ports';
import { withRetry } from '../core/retry';
import { incidentPost, stillOngoingPost } from '../render/social-posts';
import type { JobQueue } from './jobs';
import type { DeliveryLedger } from './ports';
import { type IncidentMoment, momentOf } from './response-plan';
import type { SocialPoster, SocialThreadStore } from './social-ports';
import { isTransient } from './transient';

export interface SocialUpdatesDeps {
  config: LifeboatConfig;
  poster: SocialPoster;
  threads: SocialThreadStore;
  ledger: DeliveryLedger;
  /** Reads the incident as it is now: a post always says the latest state. */
  incidents: { get(id: string): Promise<Incident> };
  /** Where a post that must wait for the spacing is queued. */
  queue: JobQueue;
  /** Counts posts against X's limit for the account. */
  rateLimiter: RateLimiter;
  clock: Clock;
  logger: Logger;
}

/**
 * The incident's thread on X: a post when it is declared, then the latest state after each change,
 * at most one post per `socialSpacingSeconds` (a burst of updates becomes one post, carrying the
 * newest), one every `socialIntervalMinutes` while it stays open with nothing new to say, and a
 * last reply when it is resolved. Posts follow the updates' order: a post never says an older
 * update than the one before it. Each post takes the thread's next slot in the delivery ledger,
 * so two workers never post at once and a retried event or tick never posts twice.
 */
export class SocialUpdates {
  constructor(private readonly deps: SocialUpdatesDeps) {}

  async onEvent(event: DomainEvent): Promise<void> {
    const at = momentOf(event);
    // A postmortem is not posted to X: the thread ended with the resolve.
    if (!at || at.moment === 'postmortem' || !this.postsOn(at.incident, at.moment)) return;
    await this.flush(at.incident.id);
  }

  /**
   * Posts the incident's newest unposted update, now if the spacing allows, otherwise by a job
   * queued for when it does.
   */
  async flush(incidentId: string): Promise<void> {
    const { threads, clock, config } = this.deps;
    const thread = await threads.get(incidentId);
    const spacingMs = config.responsePlan.socialSpacingSeconds * 1000;
    const wait = thread ? Date.parse(thread.lastPostAt) + spacingMs - clock.now().getTime() : 0;
    if (wait > 0) return this.later(incidentId, thread?.posts ?? 0, wait);
    const incident = await this.deps.incidents.get(incidentId);
    const newest = this.newestToPost(incident);
    if (!newest || newest.number <= (thread?.lastUpdateNumber ?? 0)) return;
    const posted = await this.postInSlot(
      incidentId,
      thread?.posts ?? 0,
      incidentPost(config, incident, newest.update),
      newest.number,
    );
    // Another worker holds this slot: look again once its post has had time to land.
    if (!posted) await this.later(incidentId, thread?.posts ?? 0, spacingMs);
  }

  /** A tick of the open incident's schedule: a "still ongoing" reply if its thread has been quiet. */
  async onTick(incident: Incident): Promise<void> {
    const { config, threads, clock } = this.deps;
    if (!this.postsOn(incident, 'declare')) return;
    const thread = await threads.get(incident.id);
    const interval = config.responsePlan.socialIntervalMinutes * 60_000;
    // An update posted less than an interval ago already said where things stand.
    if (thread && clock.now().getTime() - Date.parse(thread.lastPostAt) < interval * 0.9) return;
    await this.postInSlot(
      incident.id,
      thread?.posts ?? 0,
      stillOngoingPost(config, incident, clock.now()),
      thread?.lastUpdateNumber ?? 0,
    );
  }

  private postsOn(incident: Pick<Incident, 'impact'>, moment: IncidentMoment): boolean {
    return this.deps.config.responsePlan.byImpact[incident.impact][moment].includes('x');
  }

  /** The incident's newest update that the plan posts on X, numbered from 1 in update order. */
  private newestToPost(incident: Incident): { update: IncidentUpdate; number: number } | undefined {
    for (let i = incident.updates.length - 1; i >= 0; i--) {
      const update = incident.updates[i]!;
      const moment: IncidentMoment | null =
        update.status === 'postmortem'
          ? null
          : i === 0
            ? 'declare'
            : update.status === 'resolved'
              ? 'resolve'
              : 'update';
      if (moment && this.postsOn(incident, moment)) return { update, number: i + 1 };
    }
    return undefined;
  }

  private async later(incidentId: string, slot: number, waitMs: number): Promise<void> {
    await this.deps.queue.enqueue([{ kind: 'social', id: `social:${incidentId}:${slot}`, incidentId }], {
      delaySeconds: Math.min(900, Math.ceil(waitMs / 1000)),
    });
  }

  /** Posts into the thread's slot `slot`; false when another worker holds or used that slot. */
  private async postInSlot(incidentId: string, slot: number, text: string, updateNumber: number): Promise<boolean> {
    const { ledger, threads, poster, clock } = this.deps;
    const key = `${incidentId}:x:${slot}`;
    if (!(await ledger.claim(key, 120))) return false;
    const { allowed } = await this.deps.rateLimiter.consume(
      'x-posts',
      this.deps.config.responsePlan.limits.xPostsPerDay,
      86_400,
    );
    if (!allowed) {
      // Over X's limit a post would be refused anyway; the page and the other channels carry on.
      await ledger.markFailed(key, 'over the X posting limit for today');
      this.deps.logger.warn('Not posting to X: the daily limit is reached', { incidentId });
      return true;
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
          lastUpdateNumber: Math.max(updateNumber, current?.lastUpdateNumber ?? 0),
          version: (current?.version ?? 0) + 1,
        });
      });
      await ledger.markSent(key);
    } catch (error) {
      await ledger.markFailed(key, (error as Error).message);
      this.deps.logger.error('Posting to X failed', { error: error as Error, incidentId });
    }
    return true;
  }
}
