import type { Actor } from './actor';

export type AuditAction =
  | 'incident.declare'
  | 'incident.update'
  | 'incident.resolve'
  | 'component.set_status'
  | 'outage_page.set_message';

/** One line of the audit trail: who did what, when, through which channel. */
export interface AuditEntry {
  /** Deterministic (the event or command id), so recording a retried command twice is harmless. */
  id: string;
  at: string;
  actor: Actor;
  action: AuditAction;
  /** `incident:<id>`, `component:<id>` or `page:outage`. */
  target: string;
  summary: string;
}
