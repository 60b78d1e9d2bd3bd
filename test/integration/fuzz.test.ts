import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_IDS, ROUTES, type RouteId } from '../../lambdas/routes';
import { READ_KEY, startTestService, type TestService, WRITE_KEY } from '../support/local-service';
import { seededRandom } from '../support/random';

/**
 * Every write route, fed what an attacker or a broken client sends: wrong types, huge and deeply
 * nested bodies, control and right-to-left characters, `__proto__` keys, every content type, and
 * the same request several times at once. Whatever comes in, the answer is never a 5xx.
 * Seeded (FUZZ_SEED to replay a run) and bounded: a few hundred requests, a few seconds.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 11);
const REQUESTS = 320;
const PARALLEL = 8;

const WRITE_ROUTES = ROUTE_IDS.filter((id) => ROUTES[id].method !== 'GET');

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u001b[31mred\u001b[0m',
  '\u202eevil.exe\u202c',
  '\uFEFF\uFFFE\uFFFF',
  '\uD800',
  'a\uDFFFb',
  '<!channel> <https://evil.example|click>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection probes are meant to arrive as plain text
  '{{7*7}} ${7*7} %s %n',
  '<script>alert(1)</script>',
  "'; DROP TABLE subscribers; --",
  '../../etc/passwd',
  'x'.repeat(70_000),
  '🚒'.repeat(5000),
  'grace@example.com',
  '+33612345601',
  '+881631234567',
  'https://127.0.0.1/hook',
  'https://hooks.example.com/lifeboat',
  'api',
  'major',
  'investigating',
];

function fuzzer(seed: number) {
  const r = seededRandom(seed);
  const value = (depth = 0): unknown => {
    switch (r.int(depth > 3 ? 6 : 9)) {
      case 0:
        return r.pick(NASTY_STRINGS);
      case 1:
        return r.pick([0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2]);
      case 2:
        return r.pick([true, false, null]);
      case 3:
        return r.pick(['email', 'sms', 'webhook', 'fax', 'resolved', 'operational']);
      case 4:
        return String(r.int(1_000_000)).padStart(6, '0');
      case 5:
        return r.pick(['api', 'db', 'web', 'nope']);
      case 6:
        return Array.from({ length: r.int(4) }, () => value(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.pick(KEYS), value(depth + 1)]));
    }
  };
  const KEYS = [
    'email',
    'phone',
    'webhook',
    'components',
    'locale',
    'token',
    'code',
    'action',
    'name',
    'impact',
    'status',
    'body',
    'message',
    'rows',
    'line',
    'channel',
    'address',
    'confirmed',
    'country',
    'constructor',
    'prototype',
    'text',
    'payload',
  ];

  /** A body the route accepts, with one field (or none) swapped for something hostile. */
  const nearlyValid = (route: RouteId): unknown => {
    const n = r.int(1_000_000);
    const valid: Partial<Record<RouteId, Record<string, unknown>>> = {
      declareIncident: {
        name: `Fuzz ${n}`,
        impact: 'minor',
        components: { api: 'degraded_performance' },
        body: 'Looking',
      },
      addIncidentUpdate: { status: 'identified', body: 'Found it' },
      resolveIncident: { body: 'Fixed' },
      setComponentStatus: { status: 'degraded_performance' },
      setOutageMessage: { message: 'We are on it' },
      subscribe: r.pick([
        { email: `fuzz-${n}@example.com` },
        { phone: `+336${String(n).padStart(8, '0')}` },
        { webhook: `https://hooks.example.com/${n}` },
      ]),
      importSubscribers: {
        rows: [{ line: 1, channel: 'email', address: `fuzz-import-${n}@example.com`, confirmed: true }],
      },
    };
    const body: Record<string, unknown> = { ...(valid[route] ?? { token: 'garbage' }) };
    const fields = Object.keys(body);
    if (r.int(2) && fields.length) body[r.pick(fields)] = r.pick(NASTY_STRINGS);
    return body;
  };

  /** A body as raw text, with the content type it claims. */
  const body = (route: RouteId): { text: string | undefined; contentType: string | undefined } => {
    if (r.int(3) === 0) return { text: JSON.stringify(nearlyValid(route)), contentType: 'application/json' };
    const contentType = r.pick([
      'application/json',
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=fuzz',
      'multipart/form-data',
      'text/plain',
      'application/xml',
      'application/json; charset=utf-16',
      undefined,
    ]);
    switch (r.int(10)) {
      case 0:
        return { text: undefined, contentType };
      case 1: // deeply nested
        return { text: `${'['.repeat(50_000)}${']'.repeat(50_000)}`, contentType };
      case 2: // deeply nested objects
        return { text: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`, contentType };
      case 3: // prototype pollution, in JSON and in forms
        return r.int(2)
          ? {
              text: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"email":"a@example.com"}',
              contentType,
            }
          : { text: '__proto__=1&__proto__=2&constructor=x&token=t&email=a%40example.com', contentType };
      case 4: // a multipart body, well formed or not
        return {
          text: r.int(2)
            ? '--fuzz\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--fuzz--\r\n'
            : '--fuzz\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\n\u0000\r\n--wrong',
          contentType,
        };
      case 5: // truncated or not JSON
        return {
          text: r.pick([
            '{',
            '{"email":',
            'null',
            '[]',
            '"text"',
            '1e999',
            'List-Unsubscribe=One-Click',
            '\u0000\u0001',
          ]),
          contentType,
        };
      case 6: // huge
        return {
          text: JSON.stringify({ email: 'a@example.com', [`k${'x'.repeat(200_000)}`]: 'y'.repeat(300_000) }),
          contentType,
        };
      default:
        return { text: JSON.stringify(value()), contentType };
    }
  };
  return { r, body };
}

let service: TestService;
let incidentId: string;
beforeAll(async () => {
  service = await startTestService();
  const declared = await service.call('POST', '/v1/incidents', {
    body: { name: 'Fuzz target', impact: 'minor', components: { api: 'degraded_performance' } },
  });
  incidentId = (await declared.json()).id;
});
afterAll(() => service?.close());

describe('fuzzing every write route', () => {
  it(`answers no 5xx to ${REQUESTS} hostile requests (seed ${SEED})`, { timeout: 60_000 }, async () => {
    const { r, body } = fuzzer(SEED);
    const requests = Array.from({ length: REQUESTS }, () => {
      const id = r.pick(WRITE_ROUTES) as RouteId;
      const pathId = r.pick([
        incidentId,
        incidentId,
        incidentId,
        'api',
        'api',
        'nope',
        '__proto__',
        '%00',
        'x'.repeat(300),
        '..%2F..%2Fadmin',
      ]);
      const path = ROUTES[id].path.replace('{id}', pathId);
      const query = r.pick([
        '',
        '?token=garbage',
        '?token=',
        '?token=a.b',
        `?token=${'t'.repeat(3000)}`,
        '?__proto__=1',
      ]);
      const { text, contentType } = body(id);
      const headers: Record<string, string> = { 'x-forwarded-for': `198.18.${r.int(250)}.${r.int(250)}` };
      if (contentType) headers['content-type'] = contentType;
      const key = r.pick([WRITE_KEY, WRITE_KEY, WRITE_KEY, READ_KEY, null, 'wrong-key']);
      if (key) headers.authorization = `Bearer ${key}`;
      if (r.int(3) === 0) headers.accept = 'text/html';
      if (r.int(4) === 0) headers['idempotency-key'] = r.pick(['same-key', 'ünïcode', 'k'.repeat(300)]);
      // Parallel duplicates: the same request, several times at once.
      const copies = r.int(5) === 0 ? 3 : 1;
      return { route: id, method: ROUTES[id].method, url: `${service.url}${path}${query}`, headers, text, copies };
    });

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const answers = await Promise.all(
          Array.from({ length: request.copies }, () =>
            fetch(request.url, { method: request.method, headers: request.headers, body: request.text }),
          ),
        );
        for (const answer of answers) {
          await answer.arrayBuffer();
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500)
            failures.push(
              `${answer.status} ${request.route} ${request.method} ${request.url.slice(0, 120)} ${request.headers['content-type']} ${(request.text ?? '').slice(0, 120)}`,
            );
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    expect(failures).toEqual([]);
    // The fuzz reached past validation too: some requests were accepted.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
  });
});
