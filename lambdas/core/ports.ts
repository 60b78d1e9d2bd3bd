import type { ApiKeyRecord } from './api-key';
import type { AuditEntry } from './audit';
import type { ComponentRecord } from './component';
import type { DomainEvent } from './events';
import type { Incident } from './incident';
import type { Maintenance } from './maintenance';
import type { Subscriber } from './subscriber';

/**
 * The core's view of the outside world. Each port is small on purpose: one adapter per outside
 * system implements it (DynamoDB, EventBridge, the local stand-ins), and tests can fake it in a line.
 */

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Null on the last page. */
  nextCursor: string | null;
}

/**
 * Incidents, and the events their changes cause. Each write commits the incident and its events
 * together (a transactional outbox in the same item), so a change is never saved without the
 * events that drive the status page and the response plan, nor the other way round.
 */
export interface IncidentStore {
  get(id: string): Promise<Incident | undefined>;
  /** Writes a new incident with its events; throws VersionConflictError if the id is taken. */
  create(incident: Incident, events: readonly DomainEvent[]): Promise<void>;
  /**
   * Replaces version `incident.version - 1` and adds its events to the outbox; throws
   * VersionConflictError if another write came first.
   */
  save(incident: Incident, events: readonly DomainEvent[]): Promise<void>;
  /** Puts events of an existing incident in its outbox again, e.g. to finish a plan a crash interrupted. */
  announce(id: string, events: readonly DomainEvent[]): Promise<void>;
  listOpen(): Promise<Incident[]>;
  /** Every incident, newest first. Throws ValidationError for a cursor it did not issue. */
  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Incident>>;
}

/**
 * Scheduled maintenances, each one item with its updates and the events of its changes (the same
 * transactional outbox as incidents): a change is never saved without its events, nor the other way round.
 */
export interface MaintenanceStore {
  get(id: string): Promise<Maintenance | undefined>;
  /** Writes a new maintenance with its events; throws VersionConflictError if the id is taken. */
  create(maintenance: Maintenance, events: readonly DomainEvent[]): Promise<void>;
  /** Replaces version `maintenance.version - 1` and adds its events; throws VersionConflictError otherwise. */
  save(maintenance: Maintenance, events: readonly DomainEvent[]): Promise<void>;
  /** Every maintenance, the latest window first, a page at a time. */
  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Maintenance>>;
}

/**
 * Durable one-shot timers (EventBridge Scheduler's at() schedules on AWS, the table locally): the
 * timer called `name` fires at `at` or soon after, and runs whatever its runtime wired to it.
 */
export interface OneShotTimers {
  /** Sets, or moves, the timer `name`. */
  set(name: string, at: Date): Promise<void>;
  /** Best effort: a timer that fires anyway finds nothing left to do. */
  cancel(name: string): Promise<void>;
}

export interface ComponentStore {
  list(): Promise<ComponentRecord[]>;
  get(id: string): Promise<ComponentRecord | undefined>;
  /** Writes each record that does not exist yet; leaves existing ones alone. */
  ensure(records: readonly ComponentRecord[]): Promise<void>;
  /**
   * Replaces version `record.version - 1` (creates it when `record.version` is 1) and adds the
   * change's events to the outbox in the same write; throws VersionConflictError if another write
   * came first.
   */
  save(record: ComponentRecord, events: readonly DomainEvent[]): Promise<void>;
}

export interface ApiKeyStore {
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  put(record: ApiKeyRecord): Promise<void>;
}

/** Page-wide settings on-call changes at run time. */
export interface PageSettings {
  /** What the outage holding page says; null for its default text. */
  outageMessage: string | null;
  updatedAt: string;
  version: number;
}

export interface PageSettingsStore {
  get(): Promise<PageSettings | undefined>;
  /** Replaces version `settings.version - 1` (creates at 1); throws VersionConflictError otherwise. */
  save(settings: PageSettings): Promise<void>;
}

export interface AuditLog {
  /** Idempotent per entry id. */
  record(entries: readonly AuditEntry[]): Promise<void>;
  /** Entries of one UTC day (YYYY-MM-DD), newest first. */
  listDay(day: string): Promise<AuditEntry[]>;
}

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/** Events committed with the change that caused them, waiting to be relayed to their consumers. */
export interface PendingEvents {
  /** Which item holds them (opaque to callers). */
  source: string;
  /** In the order they happened. */
  events: DomainEvent[];
}

/** The outbox as its relay sees it: what is waiting, and a way to say it has been relayed. */
export interface EventOutbox {
  /** Items with events still waiting, oldest first; only those waiting since before `before` when given. */
  pending(options: { limit: number; before?: Date | undefined }): Promise<PendingEvents[]>;
  /** Takes relayed events out of the outbox. Safe to repeat. */
  acknowledge(source: string, eventIds: readonly string[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/**
 * Turns a postmortem's Markdown into HTML safe to show as it is (sanitized: only allowed elements,
 * safe links). Run once, when a revision is written, so nothing that shows it loads a renderer.
 */
export type PostmortemRenderer = (markdown: string) => string;

export const systemClock: Clock = { now: () => new Date() };

export interface SubscriberStore {
  /** Undefined for unknown ids and for pending subscribers past their expiry. */
  get(id: string): Promise<Subscriber | undefined>;
  /**
   * Creates at version 1 (over nothing, or over a pending subscriber past its expiry) or replaces
   * version - 1; throws VersionConflictError otherwise.
   */
  save(subscriber: Subscriber): Promise<void>;
  /**
   * Takes one try at a pending subscriber's SMS code, atomically (and bumps its version): false
   * when none is left, so parallel guesses never get more tries than the code allows.
   */
  takeSmsAttempt(id: string): Promise<boolean>;
  /** Confirmed subscribers, a page at a time. */
  listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>>;
  /** Every subscriber that is not expired, a page at a time (for export). */
  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>>;
}

/** Fixed-window counters: `consume` counts one attempt and says whether it is within the limit. */
export interface RateLimiter {
  consume(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, such as List-Unsubscribe and List-Unsubscribe-Post. */
  headers: Record<string, string>;
}

/**
 * One email to many recipients (SES's SendBulkEmail), alike but for a few values of each: wherever
 * the text or html holds a key of a recipient's `values` (a marker string chosen by the caller),
 * that recipient reads its value. Everything else reaches every recipient exactly as written.
 */
export interface BulkEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  recipients: { to: string; values: Record<string, string>; headers: Record<string, string> }[];
}

/** Per recipient, in order: sent, or why not. */
export type BulkOutcome = { ok: true } | { ok: false; error: string };

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  /** Where the provider sends in bulk (SES: up to 50 recipients a call). */
  sendBulk?(message: BulkEmail): Promise<BulkOutcome[]>;
}

export interface SmsSender {
  send(message: { to: string; body: string }): Promise<void>;
  /** Whether the number opted out at the carrier (replied STOP). */
  isOptedOut(phoneNumber: string): Promise<boolean>;
}

/** Resolves a host name to its IP addresses (DNS), to check where a webhook would connect. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export interface WebhookSender {
  /** POSTs JSON signed with the secret; resolves with the HTTP status (0 when unreachable). */
  post(url: string, payload: unknown, secret: string): Promise<{ status: number }>;
}

/** What the application logs through (Powertools' Logger on AWS and locally; a silent one in tests). */
export interface Logger {
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}
