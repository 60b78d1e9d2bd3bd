import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A status as the instance stored it, with what the request carried. */
export interface MastodonStatus {
  id: string;
  text: string;
  inReplyToId: string | null;
  visibility: string;
  language: string | null;
  idempotencyKey: string | null;
}

/** Mastodon counts any link as 23 characters, whatever its length. */
const countedLength = (text: string) => [...text.replace(/https?:\/\/\S+/g, 'x'.repeat(23))].length;

/**
 * A Mastodon instance's POST /api/v1/statuses, checking what the real one checks: the Bearer
 * token, a status of at most 500 characters, a reply to a status that exists, a known
 * visibility; an Idempotency-Key already used answers with the status it made. It can refuse for
 * rate (429 with Retry-After) or lose its answer after posting.
 */
export async function startFakeMastodon(options: { token: string }) {
  const statuses: MastodonStatus[] = [];
  const byKey = new Map<string, MastodonStatus>();
  let requests = 0;
  let throttle = { next: 0, retryAfterSeconds: 0 };
  let loseNextAnswer = false;

  const server = createServer((request, response) => {
    readBody(request).then((body) => answer(request, body, response));
  });

  function answer(request: IncomingMessage, raw: string, response: ServerResponse) {
    requests++;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (request.method !== 'POST' || request.url !== '/api/v1/statuses') return reply(404, { error: 'Not found' });
    if (request.headers.authorization !== `Bearer ${options.token}`)
      return reply(401, { error: 'The access token is invalid' });
    if (throttle.next > 0) {
      throttle.next--;
      return reply(429, { error: 'Too many requests' }, { 'retry-after': String(throttle.retryAfterSeconds) });
    }
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : null;
    const again = idempotencyKey && byKey.get(idempotencyKey);
    if (again) return reply(200, entity(again));
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (typeof body.status !== 'string' || !body.status.trim())
      return reply(422, { error: "Validation failed: Text can't be blank" });
    if (countedLength(body.status) > 500)
      return reply(422, { error: 'Validation failed: Text character limit of 500 exceeded' });
    const visibility = body.visibility ?? 'public';
    if (typeof visibility !== 'string' || !['public', 'unlisted', 'private', 'direct'].includes(visibility))
      return reply(422, { error: 'Validation failed: Visibility is not included in the list' });
    const inReplyToId = (body.in_reply_to_id as string | undefined) ?? null;
    if (inReplyToId !== null && !statuses.some((s) => s.id === inReplyToId))
      return reply(404, { error: 'Record not found' });
    const status: MastodonStatus = {
      id: String(113_000_000_000_000_000n + BigInt(statuses.length)),
      text: body.status,
      inReplyToId,
      visibility,
      language: typeof body.language === 'string' ? body.language : null,
      idempotencyKey,
    };
    statuses.push(status);
    if (idempotencyKey) byKey.set(idempotencyKey, status);
    if (loseNextAnswer) {
      loseNextAnswer = false;
      request.socket.destroy();
      return;
    }
    reply(200, entity(status));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    statuses,
    requests: () => requests,
    /** The next `count` requests are refused for rate, saying to wait `retryAfterSeconds`. */
    throttleNext(count: number, retryAfterSeconds: number) {
      throttle = { next: count, retryAfterSeconds };
    },
    /** The next status is posted, but the connection drops before its answer. */
    loseNextAnswer() {
      loseNextAnswer = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function entity(status: MastodonStatus) {
    return {
      id: status.id,
      created_at: new Date().toISOString(),
      in_reply_to_id: status.inReplyToId,
      visibility: status.visibility,
      language: status.language,
      uri: `${url}/users/status/statuses/${status.id}`,
      url: `${url}/@status/${status.id}`,
      content: `<p>${status.text}</p>`,
      account: { id: '1', username: 'status', acct: 'status' },
    };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => resolve(body));
  });
}
