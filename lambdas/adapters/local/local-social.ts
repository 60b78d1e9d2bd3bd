import type { SocialPoster } from '../../plan/social-ports';
import type { LocalOutbox } from './outbox';

/** X, locally (when no credentials are given): posts go to the outbox, with ids of their own. */
export class OutboxSocialPoster implements SocialPoster {
  private next = 1;

  constructor(private readonly outbox: LocalOutbox) {}

  async post(text: string, replyTo: string | null): Promise<{ id: string }> {
    const id = `local-post-${this.next++}`;
    this.outbox.record({
      channel: 'x',
      to: replyTo ? `reply to ${replyTo}` : 'new thread',
      body: text,
      headers: { id },
    });
    return { id };
  }
}
