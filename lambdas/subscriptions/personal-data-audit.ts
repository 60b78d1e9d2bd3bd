import type { Actor } from '../core/actor';
import type { AuditAction } from '../core/audit';
import { newId } from '../core/ids';
import type { AuditLog, Clock } from '../core/ports';

/** Imports, exports and plan previews (bulk access to personal data) are recorded on the audit trail. */
export class PersonalDataAudit {
  constructor(private readonly deps: { audit: AuditLog; clock: Clock }) {}

  async record(actor: Actor, action: AuditAction, target: string, summary: string): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    await this.deps.audit.record([{ id: newId(), at, actor, action, target, summary }]);
  }
}
