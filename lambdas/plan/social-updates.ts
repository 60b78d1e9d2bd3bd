import { retryOnConflict } from '../core/concurrency';
import type { LifeboatConfig } from '../core/config';
import { ProviderUnavailableError } from '../core/errors';
import type { DomainEvent } from '../core/events';
import type { Incident, IncidentUpdate } from '../core/incident';
import type { IncidentReader } from '../core/incident-reader';
import type { Clock, Logger, RateLimiter } from '../core/ports';
import { type RetryOptions, withRetry } from '../core/retry';
import { incidentPost, stillOngoingPost } from '../render/social-posts';
import type { JobQueue } from './jobs';
import type { DeliveryLedger } from './ports';
import { type IncidentMoment, momentOf } from './response-plan';
import {
  PostSkippedError,
  SOCIAL_NETWORKS,
  type SocialNetwork,
  type SocialPosters,
  type SocialThreadStore,
} from './social-ports';
import { isTransient } from './transient';

export interface SocialUpdatesDeps {
  config: LifeboatConfig;
  /** The networks switched on, each with its poster. */
  posters: SocialPosters;
  threads: SocialThreadStore;
  ledger: DeliveryLedger;
  /** Reads the incident as it is now: a post always says the latest state. */
  incidents: IncidentReader;
  /** Where a post that must wait for the spacing is queued. */
  queue: JobQueue;
  /** Counts posts against each network's daily limit for the account. */
  rateLimiter: RateLimiter;
  clock: Clock;
  logger: Logger;
  /** Tests shorten the backoff between attempts at one post. */
  retry?: Partial<Omit<RetryOptions, 'retryable'>>;
}

/** Looked at again this long after a network stayed unavailable through every attempt. */
const UNAVAILABLE_WAIT_MS = 60_000;

const NAMES: Record<SocialNetwork, string> = { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' };

/**
 * The incident's thread on each social network switched on: a post when it is declared, then the
 * latest state after each change, at most one post per `socialSpacingSeconds` (a burst of updates
 * becomes one post, carrying the newest), one every `socialIntervalMinutes` while it stays open
 * with nothing new to say, and a last reply when it is resolved. Posts follow the updates' order:
 * a post never says an older update than the one before it. Each network has its own thread, slots
 * and queued jobs, so one that fails or throttles neither holds up nor repeats the others. Each post
 * takes the thread's next slot in the delivery ledger, so two workers never post at once and a
 * retried event or tick never posts twice.
 */
export class SocialUpdates {
  constructor(private readonly deps: SocialUpdatesDeps) {}

  async onEvent(event: DomainEvent): Promise<void> {
    const at = momentOf(event);
    // A postmortem is not posted on social networks: the thread ended with the resolve.
    if (!at || at.moment === 'postmortem') return;
    const { incident, moment } = at;
    await eachNetwork(this.networksOn(incident, moment), (network) => this.flush(incident.id, network));
  }

  /**
   * Posts the incident's newest unposted update on `network`, now if the spacing allows, otherwise
   * by a job queued for when it does.
   */
  async flush(incidentId: string, network: SocialNetwork): Promise<void> {
    const { threads, clock, config } = this.deps;
    const thread = await threads.get(incidentId, network);
    const spacingMs = config.responsePlan.socialSpacingSeconds * 1000;
    const wait = thread ? Date.parse(thread.lastPostAt) + spacingMs - clock.now().getTime() : 0;
    if (wait > 0) return this.later(incidentId, network, thread?.posts ?? 0, wait);
    const incident = await this.deps.incidents.get(incidentId);
    const newest = this.newestToPost(incident, network);
    if (!newest || newest.number <= (thread?.lastUpdateNumber ?? 0)) return;
    const posted = await this.postInSlot(
      incidentId,
      network,
      thread?.posts ?? 0,
      incidentPost(config, incident, newest.update, network),
      newest.number,
    );
    // Another worker holds this slot: look again once its post has had time to land.
    if (!posted) await this.later(incidentId, network, thread?.posts ?? 0, spacingMs);
  }

  /** A tick of the open incident's schedule: a "still ongoing" reply on each network whose thread has been quiet. */
  async onTick(incident: Incident): Promise<void> {
    await eachNetwork(this.networksOn(incident, 'declare'), (network) => this.tickOn(incident, network));
  }

  private async tickOn(incident: Incident, network: SocialNetwork): Promise<void> {
    const { config, threads, clock } = this.deps;
    const thread = await threads.get(incident.id, network);
    const interval = config.responsePlan.socialIntervalMinutes * 60_000;
    // An update posted less than an interval ago already said where things stand.
    if (thread && clock.now().getTime() - Date.parse(thread.lastPostAt) < interval * 0.9) return;
    await this.postInSlot(
      incident.id,
      network,
      thread?.posts ?? 0,
      stillOngoingPost(config, incident, clock.now(), network),
      thread?.lastUpdateNumber ?? 0,
    );
  }

  /** The networks switched on that the plan posts on for this impact and moment. */
  private networksOn(incident: Pick<Incident, 'impact'>, moment: IncidentMoment): SocialNetwork[] {
    const channels = this.deps.config.responsePlan.byImpact[incident.impact][moment];
    return SOCIAL_NETWORKS.filter((network) => this.deps.posters[network] && channels.includes(network));
  }

  /** The incident's newest update that the plan posts on `network`, numbered from 1 in update order. */
  private newestToPost(
    incident: Incident,
    network: SocialNetwork,
  ): { update: IncidentUpdate; number: number } | undefined {
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
      if (moment && this.networksOn(incident, moment).includes(network)) return { update, number: i + 1 };
    }
    return undefined;
  }

  private async later(incidentId: string, network: SocialNetwork, slot: number, waitMs: number): Promise<void> {
    await this.deps.queue.enqueue(
      [{ kind: 'social', id: `social:${incidentId}:${network}:${slot}`, incidentId, network }],
      { delaySeconds: Math.min(900, Math.ceil(waitMs / 1000)) },
    );
  }

  private dailyLimit(network: SocialNetwork): number {
    const { config } = this.deps;
    return network === 'x' ? config.responsePlan.limits.xPostsPerDay : config.social[network].postsPerDay;
  }

  /** Posts into the thread's slot `slot`; false when another worker holds or used that slot. */
  private async postInSlot(
    incidentId: string,
    network: SocialNetwork,
    slot: number,
    text: string,
    updateNumber: number,
  ): Promise<boolean> {
    const { ledger, threads, clock, logger } = this.deps;
    const poster = this.deps.posters[network];
    const name = NAMES[network];
    const key = `${incidentId}:${network}:${slot}`;
    if (!poster || !(await ledger.claim(key, 120))) return false;
    const { allowed } = await this.deps.rateLimiter.consume(`${network}-posts`, this.dailyLimit(network), 86_400);
    if (!allowed) {
      // Over the network's limit a post would be refused anyway; the page and the other channels carry on.
      await ledger.markFailed(key, `over the ${name} posting limit for today`);
      logger.warn(`Not posting to ${name}: the daily limit is reached`, { incidentId });
      return true;
    }
    try {
      const thread = await threads.get(incidentId, network);
      const replyTo = thread ? { rootId: thread.rootId, parentId: thread.lastId } : null;
      const { id } = await withRetry(() => poster.post(text, replyTo, { idempotencyKey: `lifeboat:${key}` }), {
        attempts: 4,
        baseDelayMs: 500,
        maxDelayMs: 10_000,
        ...this.deps.retry,
        // A throttled network is asked again when it said, by a queued job, not by a worker waiting here.
        retryable: (error) => isTransient(error) && !(error instanceof ProviderUnavailableError && error.throttled),
      });
      await retryOnConflict(`Thread of incident ${incidentId} on ${name}`, async () => {
        const current = await threads.get(incidentId, network);
        await threads.save({
          incidentId,
          network,
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
      if (error instanceof PostSkippedError) {
        logger.warn(error.message, { incidentId });
      } else if (isTransient(error)) {
        // Nothing lost: the slot is free again, and a job posts the newest update when the network is back.
        const wait = error instanceof ProviderUnavailableError ? error.retryAfterMs : undefined;
        await this.later(incidentId, network, slot, Math.max(1000, wait ?? UNAVAILABLE_WAIT_MS));
        logger.warn(`${name} is unavailable; posting again later`, { error: error as Error, incidentId });
      } else {
        logger.error(`Posting to ${name} failed`, { error: error as Error, incidentId });
      }
    }
    return true;
  }
}

/** Runs `work` for every network at once; one failing does not stop the others, and its error is raised after. */
async function eachNetwork(networks: SocialNetwork[], work: (network: SocialNetwork) => Promise<void>) {
  const results = await Promise.allSettled(networks.map(work));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
