import type { ReplyTo, SocialPoster } from '../plan/social-ports';
import { postJson } from './http-provider';
import { callProvider } from './provider-errors';

export interface MastodonCredentials {
  /** An access token of the account with the `write:statuses` scope. */
  accessToken: string;
}

/**
 * Posts statuses on a Mastodon instance through its REST API (POST /api/v1/statuses): one call,
 * so plain fetch rather than a client library. A reply names the status it answers
 * (`in_reply_to_id`); the Idempotency-Key makes a retried post answer with the status already made.
 */
export class MastodonPoster implements SocialPoster {
  constructor(
    private readonly credentials: MastodonCredentials,
    private readonly options: { instanceUrl: string; visibility?: 'public' | 'unlisted'; language?: string },
  ) {}

  async post(
    text: string,
    replyTo: ReplyTo | null,
    options: { idempotencyKey?: string } = {},
  ): Promise<{ id: string }> {
    const status = await callProvider('Mastodon', () =>
      postJson<{ id: string }>(
        'Mastodon',
        new URL('/api/v1/statuses', this.options.instanceUrl).toString(),
        {
          status: text,
          visibility: this.options.visibility ?? 'public',
          ...(this.options.language ? { language: this.options.language } : {}),
          ...(replyTo ? { in_reply_to_id: replyTo.parentId } : {}),
        },
        {
          authorization: `Bearer ${this.credentials.accessToken}`,
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
      ),
    );
    return { id: status.id };
  }
}
