import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StrongRef {
  uri: string;
  cid: string;
}

interface LinkFacet {
  index: { byteStart: number; byteEnd: number };
  features: { $type: string; uri?: string }[];
}

/** An app.bsky.feed.post record as the PDS stored it. */
export interface BlueskyPost extends StrongRef {
  record: {
    $type: string;
    text: string;
    createdAt: string;
    langs?: string[];
    facets?: LinkFacet[];
    reply?: { root: StrongRef; parent: StrongRef };
  };
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const base32 = (bytes: Buffer) => Array.from(bytes, (b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32]).join('');

/**
 * A Bluesky PDS's XRPC procedures used to post, checking what the real one checks: an app
 * password for createSession; a live access token (ExpiredToken once expired) and the session's
 * own repo for createRecord; a post record of at most 300 graphemes and 3,000 bytes, facets whose
 * byte ranges lie in the text, and replies whose root and parent name existing posts by URI and
 * CID. Answers are shaped as the real ones.
 */
export async function startFakeBluesky(options: { handle: string; appPassword: string }) {
  const did = 'did:plc:z72i7hdynmk6r22z27h6tvur';
  const posts: BlueskyPost[] = [];
  const calls: string[] = [];
  const access = new Map<string, { expired: boolean }>();
  const refresh = new Set<string>();

  const newSession = () => {
    const accessJwt = `access.${base32(randomBytes(16))}`;
    const refreshJwt = `refresh.${base32(randomBytes(16))}`;
    access.set(accessJwt, { expired: false });
    refresh.add(refreshJwt);
    return { did, handle: options.handle, accessJwt, refreshJwt, active: true };
  };

  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk));
    request.on('end', () => answer(request, raw, response));
  });

  function answer(request: IncomingMessage, raw: string, response: ServerResponse) {
    const reply = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const refuse = (message: string) => reply(400, { error: 'InvalidRequest', message });
    const method = request.url?.replace(/^\/xrpc\//, '') ?? '';
    calls.push(method);
    if (request.method !== 'POST') return reply(405, { error: 'InvalidRequest', message: 'Method Not Allowed' });
    const bearer = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};

    switch (method) {
      case 'com.atproto.server.createSession':
        if (body.identifier !== options.handle || body.password !== options.appPassword)
          return reply(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
        return reply(200, newSession());
      case 'com.atproto.server.refreshSession':
        if (!refresh.delete(bearer)) return reply(400, { error: 'ExpiredToken', message: 'Token has expired' });
        return reply(200, newSession());
      case 'com.atproto.repo.createRecord': {
        const token = access.get(bearer);
        if (!token) return reply(401, { error: 'AuthenticationRequired', message: 'Invalid token' });
        if (token.expired) return reply(400, { error: 'ExpiredToken', message: 'Token has expired' });
        if (body.repo !== did && body.repo !== options.handle) return refuse('Invalid repo: not your account');
        if (body.collection !== 'app.bsky.feed.post') return refuse(`Invalid collection: ${body.collection}`);
        const problem = checkPost(body.record);
        if (problem) return refuse(`Invalid app.bsky.feed.post record: ${problem}`);
        const rkey = base32(randomBytes(13)).slice(0, 13);
        const post: BlueskyPost = {
          uri: `at://${did}/app.bsky.feed.post/${rkey}`,
          cid: `bafyrei${base32(randomBytes(52))}`,
          record: body.record,
        };
        posts.push(post);
        return reply(200, {
          uri: post.uri,
          cid: post.cid,
          commit: { cid: `bafyrei${base32(randomBytes(52))}`, rev: rkey },
          validationStatus: 'valid',
        });
      }
      default:
        return reply(501, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
    }
  }

  function checkPost(record: BlueskyPost['record'] | undefined): string | undefined {
    if (record?.$type !== 'app.bsky.feed.post') return 'record/$type must be app.bsky.feed.post';
    if (typeof record.text !== 'string') return 'record/text must be a string';
    const graphemes = [...segmenter.segment(record.text)].length;
    if (graphemes > 300) return `record/text must not be longer than 300 graphemes (${graphemes})`;
    const text = Buffer.from(record.text);
    if (text.length > 3000) return 'record/text must not be longer than 3000 characters';
    if (Number.isNaN(Date.parse(record.createdAt)) || !/^\d{4}-\d\d-\d\dT/.test(record.createdAt))
      return 'record/createdAt must be an valid atproto datetime';
    for (const facet of record.facets ?? []) {
      const { byteStart, byteEnd } = facet.index ?? {};
      if (!Number.isInteger(byteStart) || !Number.isInteger(byteEnd) || byteStart < 0 || byteEnd > text.length)
        return 'record/facets/index must lie within the text';
      if (byteEnd <= byteStart) return 'record/facets/index must not be empty';
    }
    if (record.reply) {
      for (const ref of [record.reply.root, record.reply.parent]) {
        if (typeof ref?.uri !== 'string' || typeof ref.cid !== 'string')
          return 'record/reply must have the properties "root" and "parent", each with "uri" and "cid"';
        const post = posts.find((p) => p.uri === ref.uri);
        if (!post) return `record/reply names a post that does not exist: ${ref.uri}`;
        if (post.cid !== ref.cid) return `record/reply names ${ref.uri} with the wrong cid`;
      }
      const parent = posts.find((p) => p.uri === record.reply!.parent.uri)!;
      const parentRoot = parent.record.reply?.root.uri ?? parent.uri;
      if (parentRoot !== record.reply.root.uri) return 'record/reply/root is not the root of the parent';
    }
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    did,
    posts,
    /** Every XRPC procedure called, in order. */
    calls,
    /** Every access token given so far expires, as they do after about two hours. */
    expireAccessTokens() {
      for (const token of access.values()) token.expired = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
