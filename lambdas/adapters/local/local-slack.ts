import type { SlackApi, SlackJob, SlackJobQueue, SlackMessage } from '../../slack/ports';
import type { LocalOutbox } from './outbox';

/**
 * Slack, locally: nothing is sent to Slack; every message and opened form goes to the outbox, so a
 * person sees on /_dev/outbox what on-call would have seen in Slack.
 */
export class LocalSlack implements SlackApi {
  readonly views: unknown[] = [];
  private readonly groups = new Map<string, string[]>();

  constructor(private readonly outbox: LocalOutbox) {}

  async openView(triggerId: string, view: unknown): Promise<void> {
    this.views.push(view);
    this.outbox.record({ channel: 'slack', to: `modal (trigger ${triggerId})`, body: JSON.stringify(view) });
  }

  async postMessage(channel: string, message: SlackMessage): Promise<void> {
    this.outbox.record({ channel: 'slack', to: channel, body: message.text });
  }

  async respond(responseUrl: string, message: SlackMessage): Promise<void> {
    this.outbox.record({ channel: 'slack', to: responseUrl, body: message.text });
  }

  async userGroupMembers(userGroupId: string): Promise<string[]> {
    return this.groups.get(userGroupId) ?? [];
  }

  /** Sets who belongs to a user group (tests, or trying the group rule locally). */
  setUserGroup(userGroupId: string, userIds: string[]): void {
    this.groups.set(userGroupId, userIds);
  }
}

/** Runs Slack jobs in this process, after the command was answered, as the worker Lambda does on AWS. */
export class InProcessSlackJobs implements SlackJobQueue {
  private readonly running = new Set<Promise<void>>();
  private worker: ((job: SlackJob) => Promise<void>) | undefined;

  constructor(private readonly onError: (error: unknown) => void) {}

  setWorker(worker: (job: SlackJob) => Promise<void>): void {
    this.worker = worker;
  }

  async enqueue(job: SlackJob): Promise<void> {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.worker?.(job))
      .catch(this.onError)
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
