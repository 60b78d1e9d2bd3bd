/** Posts to a social network; a reply continues a thread. */
export interface SocialPoster {
  post(text: string, replyTo: string | null): Promise<{ id: string }>;
}

/** An incident's thread: its first post, its latest, and when it last posted. */
export interface SocialThread {
  incidentId: string;
  rootId: string;
  lastId: string;
  posts: number;
  lastPostAt: string;
  /** The newest update posted, numbered from 1 in the incident's order (0: none yet). */
  lastUpdateNumber?: number;
  version: number;
}

export interface SocialThreadStore {
  get(incidentId: string): Promise<SocialThread | undefined>;
  /** Creates at version 1 or replaces version - 1; throws VersionConflictError otherwise. */
  save(thread: SocialThread): Promise<void>;
}

/** Runs something every N minutes for an open incident: EventBridge Scheduler on AWS. */
export interface IncidentScheduler {
  start(incidentId: string, everyMinutes: number): Promise<void>;
  stop(incidentId: string): Promise<void>;
}
