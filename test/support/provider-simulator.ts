import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderLimits {
  emailPerSecond: number;
  smsPerSecond: number;
}

/** Every recipient a provider accepted, in order, with when. */
export interface Accepted {
  channel: 'email' | 'sms' | 'webhook';
  to: string;
  at: number;
  /** The provider call it came in (a bulk email call carries many). */
  call: number;
}

/**
 * A token bucket, as providers enforce rates: `rate` tokens a second, and at most one second's
 * worth held, so a sender may burst to the rate but never beyond it over any second.
 */
class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly rate: number) {
    this.tokens = rate;
  }
  take(count: number): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => resolve(body));
  });

/**
 * SES v2 and SNS as the SDK clients speak them (SES: REST with JSON; SNS: the query protocol with
 * XML answers), plus webhook receivers, on one loopback port. It enforces a maximum rate per
 * channel and answers above it as the real services do (SES: 429 TooManyRequestsException; SNS:
 * 400 Throttling), and reports SES's rate through GetAccount. It records every recipient accepted.
 */
export async function startProviderSimulator(limits: ProviderLimits) {
  const accepted: Accepted[] = [];
  const throttled = { email: 0, sms: 0 };
  const buckets = { email: new TokenBucket(limits.emailPerSecond), sms: new TokenBucket(limits.smsPerSecond) };
  let calls = 0;

  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const url = request.url ?? '/';
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    };
    const xml = (status: number, value: string) =>
      response.writeHead(status, { 'content-type': 'text/xml' }).end(value);

    if (request.method === 'GET' && url === '/v2/email/account') {
      return json(200, {
        SendingEnabled: true,
        ProductionAccessEnabled: true,
        SendQuota: { MaxSendRate: limits.emailPerSecond, Max24HourSend: 1e7, SentLast24Hours: 0 },
      });
    }
    if (request.method === 'POST' && url === '/v2/email/outbound-bulk-emails') {
      const { BulkEmailEntries } = JSON.parse(body) as {
        BulkEmailEntries: { Destination: { ToAddresses: string[] } }[];
      };
      if (!buckets.email.take(BulkEmailEntries.length)) {
        throttled.email++;
        return json(
          429,
          { message: 'Maximum sending rate exceeded.' },
          { 'x-amzn-errortype': 'TooManyRequestsException' },
        );
      }
      const call = ++calls;
      const at = Date.now();
      for (const entry of BulkEmailEntries)
        accepted.push({ channel: 'email', to: entry.Destination.ToAddresses[0]!, at, call });
      return json(200, {
        BulkEmailEntryResults: BulkEmailEntries.map((_, i) => ({ Status: 'SUCCESS', MessageId: `m-${call}-${i}` })),
      });
    }
    if (request.method === 'POST' && url === '/v2/email/outbound-emails') {
      const { Destination } = JSON.parse(body) as { Destination: { ToAddresses: string[] } };
      if (!buckets.email.take(1)) {
        throttled.email++;
        return json(
          429,
          { message: 'Maximum sending rate exceeded.' },
          { 'x-amzn-errortype': 'TooManyRequestsException' },
        );
      }
      accepted.push({ channel: 'email', to: Destination.ToAddresses[0]!, at: Date.now(), call: ++calls });
      return json(200, { MessageId: `m-${calls}` });
    }
    if (request.method === 'POST' && url.startsWith('/hooks/')) {
      accepted.push({ channel: 'webhook', to: url, at: Date.now(), call: ++calls });
      return response.writeHead(200).end();
    }
    if (request.method === 'POST' && url === '/') {
      const form = new URLSearchParams(body);
      const action = form.get('Action');
      if (action === 'CheckIfPhoneNumberIsOptedOut') {
        return xml(
          200,
          '<CheckIfPhoneNumberIsOptedOutResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CheckIfPhoneNumberIsOptedOutResult><isOptedOut>false</isOptedOut></CheckIfPhoneNumberIsOptedOutResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></CheckIfPhoneNumberIsOptedOutResponse>',
        );
      }
      if (action === 'Publish') {
        if (!buckets.sms.take(1)) {
          throttled.sms++;
          return xml(
            400,
            '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>',
          );
        }
        accepted.push({ channel: 'sms', to: form.get('PhoneNumber') ?? '', at: Date.now(), call: ++calls });
        return xml(
          200,
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>s-${calls}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
        );
      }
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accepted,
    throttled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ProviderSimulator = Awaited<ReturnType<typeof startProviderSimulator>>;
