import type { Actor } from '../core/actor';
import type { SlackCommand } from './command-parser';

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
}

/** The parts of Slack's Web API Lifeboat uses. */
export interface SlackApi {
  openView(triggerId: string, view: unknown): Promise<void>;
  postMessage(channel: string, message: SlackMessage): Promise<void>;
  /** Answers a command through its response_url (valid 30 minutes, 5 times). */
  respond(responseUrl: string, message: SlackMessage): Promise<void>;
  userGroupMembers(userGroupId: string): Promise<string[]>;
}

/** Work that takes longer than Slack's 3 seconds, done after the command was acknowledged. */
export interface SlackJob {
  command: Exclude<SlackCommand, { kind: 'help' } | { kind: 'invalid' }>;
  actor: Actor;
  userId: string;
  /** Where to answer; null for a modal submission (the user is sent a direct message). */
  responseUrl: string | null;
  /** Slack's trigger or view id: the same for every retry, so a retry changes nothing. */
  idempotencyKey: string;
}

export interface SlackJobQueue {
  enqueue(job: SlackJob): Promise<void>;
}

/** Remembers keys for a while: says whether a key is seen for the first time. */
export interface ReplayGuard {
  firstSeen(key: string, ttlSeconds: number): Promise<boolean>;
}
