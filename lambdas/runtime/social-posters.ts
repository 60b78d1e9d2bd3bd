import type { LifeboatConfig } from '../core/config';
import * as z from '../core/schema';
import { PostSkippedError, type ReplyTo, type SocialPoster, type SocialPosters } from '../plan/social-ports';
import { enabledPosters } from '../plan/social-posters';
import { optionalSecret, type ReadSecret } from './secrets';

/** Each network's secret as the operator sets it (README: "Social networks"). */
const Value = z.string().check(z.minLength(1));
const XSecret = z.object({ appKey: Value, appSecret: Value, accessToken: Value, accessSecret: Value });
const MastodonSecret = z.object({ accessToken: Value });
const BlueskySecret = z.object({ appPassword: Value });

/** The secrets of the networks switched on, as the CDK app passes them (absent: not switched on). */
export interface SocialSecretArns {
  x?: string | undefined;
  mastodon?: string | undefined;
  bluesky?: string | undefined;
}

/**
 * A network's poster made once its credentials are read; until the operator has set them, posts
 * are skipped (PostSkippedError, logged as a warning) rather than failing every notification.
 */
function whenSecretIsSet<S extends z.ZodMiniType>(
  name: string,
  secretArn: string | undefined,
  schema: S,
  build: (credentials: z.output<S>) => SocialPoster | Promise<SocialPoster>,
  read: ReadSecret | undefined,
): SocialPoster {
  let poster: SocialPoster | undefined;
  const credentials = secretArn ? optionalSecret(secretArn, read) : async () => undefined;
  return {
    async post(text: string, replyTo: ReplyTo | null, options?: { idempotencyKey?: string }) {
      if (!poster) {
        // A secret that cannot be read (access, throttling, the network) fails the post, which is
        // retried; only a secret that is read and not filled in skips it.
        const text = await credentials();
        let raw: unknown = {};
        try {
          raw = JSON.parse(text ?? '{}');
        } catch {
          // Not JSON: reported below as not set.
        }
        const parsed = schema.safeParse(raw);
        if (!parsed.success) throw new PostSkippedError(`${name} credentials are not set; the post was skipped`);
        poster = await build(parsed.data);
      }
      return poster.post(text, replyTo, options);
    },
  };
}

/** The posters of the networks switched on, each reading its own secret in Secrets Manager. */
export function awsSocialPosters(config: LifeboatConfig, secrets: SocialSecretArns, read?: ReadSecret): SocialPosters {
  const language = config.page.locale;
  return enabledPosters(config, {
    // Each network's client loads with its first post: the notifier's other lanes never need them.
    x: () =>
      whenSecretIsSet(
        'X',
        secrets.x,
        XSecret,
        async (c) => new (await import('../adapters/x-poster')).XPoster(c),
        read,
      ),
    mastodon: (settings) =>
      whenSecretIsSet(
        'Mastodon',
        secrets.mastodon,
        MastodonSecret,
        async (c) =>
          new (await import('../adapters/mastodon-poster')).MastodonPoster(c, {
            instanceUrl: settings.instanceUrl!,
            visibility: settings.visibility,
            language,
          }),
        read,
      ),
    bluesky: (settings) =>
      whenSecretIsSet(
        'Bluesky',
        secrets.bluesky,
        BlueskySecret,
        async (c) =>
          new (await import('../adapters/bluesky-poster')).BlueskyPoster(
            { identifier: settings.handle!, appPassword: c.appPassword },
            { service: settings.service, language },
          ),
        read,
      ),
  });
}
