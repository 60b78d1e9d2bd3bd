import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { SocialNetwork } from '../../core/config';
import type { SmsSender, WebhookSender } from '../../core/ports';
import { signWebhook } from '../webhook-sender';

export interface OutboxMessage {
  channel: 'sms' | 'webhook' | SocialNetwork | 'slack';
  to: string;
  body: string;
  at: string;
  /** Headers as they would have been sent (webhook signatures). */
  headers?: Record<string, string>;
}

/**
 * Local stand-in for the channels with no emulator: SMS (SNS) and webhooks. Nothing leaves the
 * machine; every message is kept for the /_dev/outbox page, so a person can see what was sent.
 * With a file, each message is appended to it before `send` returns, so what was sent survives a
 * `kill -9` and a restart shows the whole story.
 */
export class LocalOutbox implements SmsSender, WebhookSender {
  readonly messages: OutboxMessage[] = [];
  private readonly optedOut = new Set<string>();
  private readonly webhookStatus = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim()) this.messages.push(JSON.parse(line) as OutboxMessage);
      }
    }
  }

  async send({ to, body }: { to: string; body: string }): Promise<void> {
    this.record({ channel: 'sms', to, body });
  }

  async isOptedOut(phoneNumber: string): Promise<boolean> {
    return this.optedOut.has(phoneNumber);
  }

  /** As if the number had replied STOP to the carrier. */
  optOut(phoneNumber: string): void {
    this.optedOut.add(phoneNumber);
  }

  async post(url: string, payload: unknown, secret: string): Promise<{ status: number }> {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(this.now() / 1000);
    this.record({
      channel: 'webhook',
      to: url,
      body,
      headers: { 'lifeboat-signature': signWebhook(body, secret, timestamp) },
    });
    return { status: this.webhookStatus.get(url) ?? 200 };
  }

  /** Makes a webhook URL answer with this status (tests of failing receivers). */
  answerWebhook(url: string, status: number): void {
    this.webhookStatus.set(url, status);
  }

  record(message: Omit<OutboxMessage, 'at'>): void {
    const recorded = { ...message, at: new Date(this.now()).toISOString() };
    if (this.file) appendFileSync(this.file, `${JSON.stringify(recorded)}\n`);
    this.messages.push(recorded);
  }
}
