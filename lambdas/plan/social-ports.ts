import type { SocialNetwork } from '../core/config';

export type { SocialNetwork };
/**
 * The social networks an incident's thread can be posted on: the config's social channels. A list
 * of its own, so the plan does not load the config's schema (and its libraries) at run time.
 */
export const SOCIAL_NETWORKS = ['x', 'mastodon', 'bluesky'] as const satisfies readonly SocialNetwork[];

/** Where a reply goes in its thread: the thread's first post and the post it answers. */
export interface ReplyTo {
  rootId: string;
  parentId: string;
}

/** Posts to a social network; a reply continues a thread. */
export interface SocialPoster {
  /**
   * `idempotencyKey` is the same for every attempt at one post of a thread: a network that takes
   * such a key (Mastodon) answers a retry with the post already made instead of a second one.
   */
  post(text: string, replyTo: ReplyTo | null, options?: { idempotencyKey?: string }): Promise<{ id: string }>;
}

/**
 * The network was not posted on, and will not be until the operator acts (its credentials are not
 * set): no thread is started, so the first post once they are set opens one.
 */
export class PostSkippedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostSkippedError';
  }
}

/**
 * One poster per network, every network named (undefined: switched off), so a new network cannot
 * be added without deciding here how it is posted on.
 */
export type SocialPosters = { readonly [N in SocialNetwork]: SocialPoster | undefined };

/** An incident's thread on one network: its first post, its latest, and when it last posted. */
export interface SocialThread {
  incidentId: string;
  network: SocialNetwork;
  rootId: string;
  lastId: string;
  posts: number;
  lastPostAt: string;
  /** The newest update posted, numbered from 1 in the incident's order (0: none yet). */
  lastUpdateNumber?: number;
  version: number;
}

export interface SocialThreadStore {
  get(incidentId: string, network: SocialNetwork): Promise<SocialThread | undefined>;
  /** Creates at version 1 or replaces version - 1; throws VersionConflictError otherwise. */
  save(thread: SocialThread): Promise<void>;
}

/** Runs something every N minutes for an open incident: EventBridge Scheduler on AWS. */
export interface IncidentScheduler {
  start(incidentId: string, everyMinutes: number): Promise<void>;
  stop(incidentId: string): Promise<void>;
}
