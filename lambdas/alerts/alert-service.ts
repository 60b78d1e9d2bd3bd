import type { Actor } from '../core/actor';
import type { AuditEntry } from '../core/audit';
import type { ComponentSignals } from '../core/component-signals';
import { retryOnConflict } from '../core/concurrency';
import type { LifeboatConfig } from '../core/config';
import { ForbiddenTransitionError, NotFoundError } from '../core/errors';
import { deriveId } from '../core/ids';
import type { IncidentService } from '../core/incident-service';
import type { Integration } from '../core/integration';
import type { AuditLog, Clock } from '../core/ports';
import { matchRule } from './mapping';
import type { ReceivedAlert } from './payloads';
import type { AlertRecord, AlertStore, AlertTimers } from './ports';

export interface AlertServiceDeps {
  config: LifeboatConfig;
  alerts: AlertStore;
  timers: AlertTimers;
  signals: ComponentSignals;
  incidents: IncidentService;
  audit: AuditLog;
  clock: Clock;
  /**
   * Tells on-call that an incident will be declared unless they cancel (the Slack announcement
   * channel when the config has one). At least once: a retried step may say it again.
   */
  announce?: (text: string) => Promise<void>;
}

/** What became of one alert of a delivery, as the endpoint answers it. */
export interface AlertOutcome {
  id: string;
  name: string;
  outcome: 'held' | 'shown' | 'resolved' | 'repeat' | 'unmapped' | 'stale';
}

const HOLD = 'hold-';
const RECEIVE_CONCURRENCY = 8;
const DECLARE = 'declare-';

/**
 * Turns alerts into component statuses, damped: a firing alert is held (stored, with a durable
 * timer) for its rule's hold time and only then shown; a resolve before that cancels it, a
 * resolve after restores the component. Senders repeat themselves (Alertmanager resends every
 * repeat_interval, SNS retries), so every step is idempotent: a repeat changes and records nothing.
 */
export class AlertService {
  constructor(private readonly deps: AlertServiceDeps) {}

  async receive(integration: Integration, alerts: readonly ReceivedAlert[], actor: Actor): Promise<AlertOutcome[]> {
    // A few at a time, so a group of a hundred alerts fits in a request; alerts on the same
    // component meet in its conditional write and retry.
    const outcomes: AlertOutcome[] = new Array(alerts.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < alerts.length; i = next++)
        outcomes[i] = await this.receiveOne(integration, alerts[i]!, actor);
    };
    await Promise.all(Array.from({ length: Math.min(RECEIVE_CONCURRENCY, alerts.length) }, worker));
    return outcomes;
  }

  /** Runs a timer that fell due (from EventBridge Scheduler on AWS, the local timers locally). */
  async onTimer(name: string): Promise<void> {
    if (name.startsWith(HOLD)) return this.show(name.slice(HOLD.length));
    if (name.startsWith(DECLARE)) return this.declare(name.slice(DECLARE.length));
    throw new Error(`Unknown alert timer ${name}`);
  }

  listOpen(): Promise<AlertRecord[]> {
    return this.deps.alerts.listOpen();
  }

  /** On-call's "no incident for this one": stops a planned declaration. Repeating it is harmless. */
  async cancelDeclaration(id: string, actor: Actor): Promise<AlertRecord> {
    const { deps } = this;
    const record = await retryOnConflict(`Alert ${id}`, async () => {
      const stored = await deps.alerts.get(id);
      if (!stored) throw new NotFoundError(`No alert with id ${id}`);
      const planned = stored.declare;
      if (planned?.state === 'cancelled') return stored;
      if (planned?.state !== 'waiting') {
        const why = !planned
          ? 'its rule declares no incident'
          : planned.state === 'dropped'
            ? 'the alert resolved before'
            : `incident ${planned.incidentId ?? ''} is already declared`.replace('  ', ' ');
        throw new ForbiddenTransitionError(`Nothing to cancel for alert ${id}: ${why}`);
      }
      const next = this.next(stored, { declare: { ...planned, state: 'cancelled', cancelledBy: actor } });
      await deps.alerts.save(next);
      return next;
    });
    await deps.timers.cancel(DECLARE + id);
    await this.audit({
      id: `alert.${id}.${episode(record)}.cancel`,
      actor,
      action: 'alert.cancel_declare',
      target: `alert:${id}`,
      summary: `cancelled the incident "${record.name}" would have declared`,
    });
    return record;
  }

  private async receiveOne(integration: Integration, alert: ReceivedAlert, actor: Actor): Promise<AlertOutcome> {
    const { deps } = this;
    const id = deriveId('alert', integration, alert.key);
    const base = { id, name: alert.name };
    const result = await retryOnConflict(
      `Alert ${id}`,
      async (): Promise<{ outcome: AlertOutcome['outcome']; record?: AlertRecord }> => {
        const stored = await deps.alerts.get(id);
        const now = deps.clock.now();
        if (alert.status === 'firing') {
          if (stored && stored.state !== 'resolved') return { outcome: 'repeat', record: stored };
          // A late copy of a firing already resolved (the same episode) must not bring it back.
          if (stored && alert.startsAt && stored.firingSince === alert.startsAt) return { outcome: 'stale' };
          const rule = matchRule(deps.config.alerts.rules, integration, alert.labels);
          if (!rule) return { outcome: 'unmapped' };
          const record: AlertRecord = {
            id,
            integration,
            key: alert.key,
            name: alert.name,
            summary: alert.summary,
            componentId: rule.component,
            status: rule.status,
            state: 'pending',
            firingSince: alert.startsAt ?? now.toISOString(),
            holdUntil: new Date(now.getTime() + rule.holdSeconds * 1000).toISOString(),
            declare: rule.declare
              ? {
                  afterSeconds: rule.declare.afterSeconds,
                  at: null,
                  impact: rule.declare.impact,
                  name: rule.declare.name ?? alert.name,
                  state: 'waiting',
                }
              : null,
            actor,
            updatedAt: now.toISOString(),
            version: (stored?.version ?? 0) + 1,
          };
          await deps.alerts.save(record);
          return { outcome: 'held', record };
        }
        if (!stored || stored.state === 'resolved') return { outcome: 'repeat' };
        // A resolve of an older firing (late, or out of order) leaves the current one alone.
        const when = alert.startsAt ?? alert.endsAt;
        if (when && when < stored.firingSince) return { outcome: 'stale' };
        // The page first, then the record: a crash in between leaves an alert that resolves again.
        await this.clearSignal(stored, 'resolved');
        const planned = stored.declare;
        const record = this.next(stored, {
          state: 'resolved',
          declare: planned && planned.state === 'waiting' ? { ...planned, state: 'dropped' } : planned,
        });
        await deps.alerts.save(record);
        return { outcome: 'resolved', record };
      },
    );

    const { record } = result;
    if (result.outcome === 'held' && record) {
      await this.audit({
        id: `alert.${id}.${episode(record)}.firing`,
        actor,
        action: 'alert.receive',
        target: `alert:${id}`,
        summary: `firing "${alert.name}": ${record.componentId} → ${record.status} if it holds until ${record.holdUntil}`,
      });
      if (record.holdUntil <= deps.clock.now().toISOString()) {
        await this.show(id);
        return { ...base, outcome: 'shown' };
      }
      await deps.timers.set(HOLD + id, new Date(record.holdUntil));
    } else if (result.outcome === 'repeat' && record?.state === 'pending') {
      // Re-arm: a timer lost between the record's write and its own is made good by the resend.
      if (record.holdUntil <= deps.clock.now().toISOString()) await this.show(id);
      else await deps.timers.set(HOLD + id, new Date(record.holdUntil));
    } else if (result.outcome === 'resolved' && record) {
      await Promise.all([deps.timers.cancel(HOLD + id), deps.timers.cancel(DECLARE + id)]);
      await this.audit({
        id: `alert.${id}.${episode(record)}.resolved`,
        actor,
        action: 'alert.receive',
        target: `alert:${id}`,
        summary: `resolved "${alert.name}"`,
      });
    } else if (result.outcome === 'unmapped') {
      await this.audit({
        id: `alert.${id}.${alert.startsAt ?? 'unmapped'}.${alert.status}`,
        actor,
        action: 'alert.receive',
        target: `alert:${id}`,
        summary: `${alert.status} "${alert.name}": no rule matches its labels, nothing changes`,
      });
    }
    return { ...base, outcome: result.outcome };
  }

  /** The hold is over: if the alert is still firing, the page shows it. */
  private async show(id: string): Promise<void> {
    const { deps } = this;
    const shown = await retryOnConflict(`Alert ${id}`, async () => {
      const stored = await deps.alerts.get(id);
      if (!stored) return undefined;
      // Resolved meanwhile (maybe while this very step raised the signal): make sure it is off.
      if (stored.state === 'resolved') return void (await this.clearSignal(stored, 'resolved'));
      if (stored.state === 'active') return undefined;
      const now = deps.clock.now();
      if (stored.holdUntil > now.toISOString()) {
        await deps.timers.set(HOLD + id, new Date(stored.holdUntil)); // early: wait again
        return undefined;
      }
      await deps.signals.raise(stored.componentId, source(stored), stored.status, {
        actor: stored.actor,
        id: `alert.${id}.${episode(stored)}.shown`,
        summary: `"${stored.name}" firing since ${stored.firingSince}: ${stored.status}`,
      });
      const declare = stored.declare && {
        ...stored.declare,
        at: new Date(now.getTime() + stored.declare.afterSeconds * 1000).toISOString(),
      };
      if (declare?.state === 'waiting' && declare.afterSeconds > 0 && deps.announce) {
        await deps.announce(
          `The alert "${stored.name}" (${stored.integration}) has fired since ${stored.firingSince}: ${stored.componentId} now shows ${stored.status}, ` +
            `and the incident "${declare.name}" (${declare.impact}) will be declared at ${declare.at}. ` +
            `To stop it: /outage cancel ${id} (or: npx lifeboat alerts cancel ${id}).`,
        );
      }
      const record = this.next(stored, { state: 'active', declare });
      await deps.alerts.save(record);
      return record;
    });
    if (shown?.declare?.state !== 'waiting' || !shown.declare.at) return; // none, or cancelled while held
    if (shown.declare.at <= deps.clock.now().toISOString()) await this.declare(id);
    else await deps.timers.set(DECLARE + id, new Date(shown.declare.at));
  }

  /** The grace period is over and no one cancelled: the incident is declared, once. */
  private async declare(id: string): Promise<void> {
    const { deps } = this;
    const claimed = await retryOnConflict(`Alert ${id}`, async () => {
      const stored = await deps.alerts.get(id);
      const planned = stored?.declare;
      if (stored?.state !== 'active' || !planned) return undefined;
      if (planned.state === 'declaring') return stored; // a crash came between claim and declare
      if (planned.state !== 'waiting') return undefined;
      if (!planned.at) return undefined;
      if (planned.at > deps.clock.now().toISOString()) {
        await deps.timers.set(DECLARE + id, new Date(planned.at));
        return undefined;
      }
      const record = this.next(stored, { declare: { ...planned, state: 'declaring' } });
      await deps.alerts.save(record);
      return record;
    });
    if (!claimed?.declare) return;
    const planned = claimed.declare;
    const { incident } = await deps.incidents.declare(
      {
        name: planned.name,
        impact: planned.impact,
        status: 'investigating',
        body: claimed.summary ?? `Our monitoring reports "${claimed.name}".`,
        components: { [claimed.componentId]: claimed.status },
      },
      // The same episode always names the same incident: a retried declare is a replay.
      { actor: claimed.actor, idempotencyKey: `alert-${id}-${episode(claimed)}` },
    );
    await retryOnConflict(`Alert ${id}`, async () => {
      const stored = await deps.alerts.get(id);
      if (stored?.declare?.state !== 'declaring') return;
      await deps.alerts.save(
        this.next(stored, { declare: { ...stored.declare, state: 'declared', incidentId: incident.id } }),
      );
    });
  }

  private clearSignal(record: AlertRecord, why: string): Promise<boolean> {
    return this.deps.signals.clear(record.componentId, source(record), {
      actor: record.actor,
      id: `alert.${record.id}.${episode(record)}.signal-${why}`,
      summary: `"${record.name}" ${why}`,
    });
  }

  private next(record: AlertRecord, change: Partial<AlertRecord>): AlertRecord {
    return { ...record, ...change, updatedAt: this.deps.clock.now().toISOString(), version: record.version + 1 };
  }

  private audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    return this.deps.audit.record([{ ...entry, at: this.deps.clock.now().toISOString() }]);
  }
}

/** The signal's name on the component: one per alert. */
const source = (record: AlertRecord) => `alert:${record.id}`;
/** Names one firing of an alert in ids (audit entries, the incident's idempotency key). */
const episode = (record: AlertRecord) => String(Date.parse(record.firingSince));
