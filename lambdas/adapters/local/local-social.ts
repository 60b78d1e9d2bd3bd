import type { ReplyTo, SocialNetwork, SocialPoster } from '../../plan/social-ports';
import type { LocalOutbox } from './outbox';

/** A social network, locally (when no credentials are given): posts go to the outbox, with ids of their own. */
export class OutboxSocialPoster implements SocialPoster {
  private next = 1;

  constructor(
    private readonly outbox: LocalOutbox,
    private readonly network: SocialNetwork = 'x',
  ) {}

  async post(text: string, replyTo: ReplyTo | null): Promise<{ id: string }> {
    const id = `local-${this.network}-post-${this.next++}`;
    this.outbox.record({
      channel: this.network,
      to: replyTo ? `reply to ${replyTo.parentId}` : 'new thread',
      body: text,
      headers: { id },
    });
    return { id };
  }
}
