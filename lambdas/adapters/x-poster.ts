import { Agent } from 'node:http';
import { TwitterApi } from 'twitter-api-v2';
import type { ReplyTo, SocialPoster } from '../plan/social-ports';
import { callProvider } from './provider-errors';

export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

/**
 * Posts to X through twitter-api-v2 (user context, OAuth 1.0a). `baseUrl` sends the requests
 * elsewhere (a local fake X in tests): the library has no such option, so a plugin rewrites each
 * request's URL, and a plain HTTP agent is given for a plain-HTTP target.
 */
export class XPoster implements SocialPoster {
  private readonly client: TwitterApi;

  constructor(credentials: XCredentials, options: { baseUrl?: string } = {}) {
    const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
    this.client = new TwitterApi(credentials, {
      ...(base?.protocol === 'http:' ? { httpAgent: new Agent() } : {}),
      plugins: base
        ? [
            {
              onBeforeRequestConfig({ params }) {
                const target = new URL(params.url);
                target.protocol = base.protocol;
                target.host = base.host;
                params.url = target.toString();
              },
            },
          ]
        : [],
    });
  }

  async post(text: string, replyTo: ReplyTo | null): Promise<{ id: string }> {
    const { data } = await callProvider('X', () =>
      this.client.v2.tweet(text, replyTo ? { reply: { in_reply_to_tweet_id: replyTo.parentId } } : {}),
    );
    return { id: data.id };
  }
}
