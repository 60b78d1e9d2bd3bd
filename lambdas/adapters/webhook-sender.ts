import { createHmac } from 'node:crypto';
import type { WebhookSender } from '../core/ports';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs. */
export const SIGNATURE_HEADER = 'lifeboat-signature';

export function signWebhook(body: string, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Signed JSON POSTs to subscribers' URLs. The timestamp inside the signature lets receivers refuse
 * replays; redirects are not followed, and a slow receiver is given up on after 5 seconds.
 */
export class FetchWebhookSender implements WebhookSender {
  constructor(private readonly now: () => number = Date.now) {}

  async post(url: string, payload: unknown, secret: string): Promise<{ status: number }> {
    const body = JSON.stringify(payload);
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Lifeboat-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(body, secret, Math.floor(this.now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      await response.body?.cancel();
      return { status: response.status };
    } catch {
      return { status: 0 };
    }
  }
}
