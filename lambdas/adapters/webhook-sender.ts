import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../core/network-address';
import type { HostResolver, WebhookSender } from '../core/ports';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs. */
export const SIGNATURE_HEADER = 'lifeboat-signature';

const TIMEOUT_MS = 5000;

export function signWebhook(body: string, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Every address DNS gives for a host name. */
export const resolveHost: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export interface HttpWebhookSenderOptions {
  now?: () => number;
  /**
   * Deliver to loopback and private addresses too. Only local mode and tests, whose receivers
   * listen on 127.0.0.1, set it; on AWS it stays false, or a subscriber could reach the metadata
   * service or anything else inside the network.
   */
  allowPrivateNetworks?: boolean;
  resolveHost?: HostResolver;
}

/**
 * Signed JSON POSTs to subscribers' URLs. The timestamp inside the signature lets receivers refuse
 * replays; redirects are not followed, and a slow receiver is given up on after 5 seconds.
 *
 * Against DNS rebinding (a host that resolved to a public address at sign-up and to 127.0.0.1
 * now), the host is resolved at send time by the connection's own lookup, each address checked,
 * and the connection made to the very address that was checked.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly now: () => number;
  private readonly allowPrivateNetworks: boolean;
  private readonly resolve: HostResolver;

  constructor(options: HttpWebhookSenderOptions = {}) {
    this.now = options.now ?? Date.now;
    this.allowPrivateNetworks = options.allowPrivateNetworks ?? false;
    this.resolve = options.resolveHost ?? resolveHost;
  }

  async post(url: string, payload: unknown, secret: string): Promise<{ status: number }> {
    const body = JSON.stringify(payload);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { status: 0 };
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return { status: 0 };
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // An IP literal is connected to without a lookup, so it is checked here.
    if (!this.allowPrivateNetworks && isIP(host) && !isPublicAddress(host)) return { status: 0 };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = send(
        target,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Lifeboat-Webhooks/1',
            [SIGNATURE_HEADER]: signWebhook(body, secret, Math.floor(this.now() / 1000)),
          },
          lookup: this.checkedLookup(),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0 });
        },
      );
      req.on('error', () => resolve({ status: 0 }));
      req.end(body);
    });
  }

  /** A lookup for the connection that refuses a host when any address it resolves to is not public. */
  private checkedLookup(): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname)
        .then((addresses) => {
          if (addresses.length === 0) throw new Error(`${hostname} does not resolve`);
          if (!this.allowPrivateNetworks && !addresses.every(isPublicAddress)) {
            throw new Error(`${hostname} resolves to a non-public address; refused`);
          }
          const address = addresses[0]!;
          const family = isIP(address);
          if (options.all)
            (callback as unknown as (e: null, all: { address: string; family: number }[]) => void)(null, [
              { address, family },
            ]);
          else callback(null, address, family);
        })
        .catch((error: Error) => callback(error as NodeJS.ErrnoException, '', 0));
    };
  }
}
