import type { ReplyTo, SocialPoster } from '../plan/social-ports';
import { LINK_PATTERN } from '../render/social-text';
import { HttpProviderError, postJson } from './http-provider';
import { callProvider } from './provider-errors';

export interface BlueskyCredentials {
  /** The account's handle (or DID). */
  identifier: string;
  /** An app password (Settings, App passwords), never the account's own. */
  appPassword: string;
}

interface Session {
  did: string;
  accessJwt: string;
  refreshJwt: string;
}

/** A post's strong reference: a reply needs both the record's address and its content hash. */
interface StrongRef {
  uri: string;
  cid: string;
}

/**
 * The id a Bluesky post is known by in a thread: its at:// URI and its CID, which a reply must
 * both name (an AT URI has no spaces, so one separates them).
 */
export const blueskyPostId = (ref: StrongRef): string => `${ref.uri} ${ref.cid}`;
function strongRef(id: string): StrongRef {
  const [uri, cid] = id.split(' ');
  if (!uri?.startsWith('at://') || !cid) throw new Error(`Not a Bluesky post id: ${id}`);
  return { uri, cid };
}

/** Links are plain text on Bluesky until a facet marks their UTF-8 byte range as a link. */
export function linkFacets(text: string) {
  return Array.from(text.matchAll(LINK_PATTERN), (match) => {
    // A sentence's closing punctuation is not part of the link it ends on.
    const uri = match[0].replace(/[.,;:!?)"']+$/, '');
    const byteStart = Buffer.byteLength(text.slice(0, match.index));
    return {
      index: { byteStart, byteEnd: byteStart + Buffer.byteLength(uri) },
      features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
    };
  });
}

/**
 * Posts app.bsky.feed.post records to the account's PDS over XRPC with fetch: two procedures
 * (createSession, createRecord) do not earn @atproto/api's size in the notifier's bundle. The
 * session is made once and reused; when the PDS says its token expired, it is refreshed (or made
 * again) once and the post retried.
 */
export class BlueskyPoster implements SocialPoster {
  private session: Promise<Session> | undefined;

  constructor(
    private readonly credentials: BlueskyCredentials,
    private readonly options: { service: string; language?: string; now?: () => Date },
  ) {}

  async post(text: string, replyTo: ReplyTo | null): Promise<{ id: string }> {
    const facets = linkFacets(text);
    const record = {
      $type: 'app.bsky.feed.post',
      text,
      createdAt: (this.options.now?.() ?? new Date()).toISOString(),
      langs: [this.options.language ?? 'en'],
      ...(facets.length ? { facets } : {}),
      ...(replyTo ? { reply: { root: strongRef(replyTo.rootId), parent: strongRef(replyTo.parentId) } } : {}),
    };
    const created = await callProvider('Bluesky', () =>
      this.withSession((session) =>
        postJson<StrongRef>(
          'Bluesky',
          this.xrpc('com.atproto.repo.createRecord'),
          { repo: session.did, collection: 'app.bsky.feed.post', record },
          { authorization: `Bearer ${session.accessJwt}` },
        ),
      ),
    );
    return { id: blueskyPostId(created) };
  }

  private async withSession<T>(call: (session: Session) => Promise<T>): Promise<T> {
    this.session ??= this.createSession();
    const session = await this.session.catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    try {
      return await call(session);
    } catch (error) {
      if (!isExpired(error)) throw error;
      this.session = this.refresh(session);
      const fresh = await this.session.catch((refreshError: unknown) => {
        this.session = undefined;
        throw refreshError;
      });
      return call(fresh);
    }
  }

  private createSession(): Promise<Session> {
    return postJson<Session>('Bluesky', this.xrpc('com.atproto.server.createSession'), {
      identifier: this.credentials.identifier,
      password: this.credentials.appPassword,
    });
  }

  /** A new access token from the refresh token; a new session when that one has expired too. */
  private async refresh(session: Session): Promise<Session> {
    try {
      return await postJson<Session>('Bluesky', this.xrpc('com.atproto.server.refreshSession'), undefined, {
        authorization: `Bearer ${session.refreshJwt}`,
      });
    } catch (error) {
      if (!isExpired(error)) throw error;
      return this.createSession();
    }
  }

  private xrpc(method: string): string {
    return new URL(`/xrpc/${method}`, this.options.service).toString();
  }
}

/** The PDS no longer takes this token (ExpiredToken; InvalidToken after a password change). */
const isExpired = (error: unknown) =>
  error instanceof HttpProviderError && (error.errorName === 'ExpiredToken' || error.errorName === 'InvalidToken');
