import type { Actor } from './actor';

export type AuditAction =
  | 'incident.declare'
  | 'incident.update'
  | 'incident.resolve'
  | 'maintenance.schedule'
  | 'maintenance.update'
  | 'maintenance.cancel'
  | 'incident.postmortem'
  | 'component.set_status'
  | 'component.signal'
  | 'alert.receive'
  | 'alert.cancel_declare'
  | 'outage_page.set_message'
  | 'subscribers.import'
  | 'subscribers.export'
  | 'plan.preview';

/** One line of the audit trail: who did what, when, through which channel. */
export interface AuditEntry {
  /** Deterministic (the event or command id), so recording a retried command twice is harmless. */
  id: string;
  at: string;
  actor: Actor;
  action: AuditAction;
  /** `incident:<id>`, `maintenance:<id>`, `component:<id>`, `alert:<id>`, `page:outage` or `subscribers`. */
  target: string;
  summary: string;
}
