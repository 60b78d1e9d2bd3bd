import type { Actor } from './actor';
import type { ComponentRecord, ComponentStatus } from './component';
import { effectiveStatus } from './component-status';
import { retryOnConflict } from './concurrency';
import type { LifeboatConfig } from './config';
import { NotFoundError } from './errors';
import type { ComponentStatusChanged } from './events';
import type { AuditLog, Clock, ComponentStore, IncidentStore } from './ports';
import { readStatusContext } from './status-context';

export interface ComponentSignalsDeps {
  config: LifeboatConfig;
  incidents: IncidentStore;
  components: ComponentStore;
  audit: AuditLog;
  clock: Clock;
}

/** Why a signal is raised or cleared: who, under which deterministic id, and in a few words. */
export interface SignalCause {
  actor: Actor;
  /** Deterministic per occurrence, so a repeated raise or clear records and announces nothing new. */
  id: string;
  summary: string;
}

/**
 * How non-human actors (a firing alert, a failing probe) set a component's status. Each holds a
 * signal under its own `source` name; the component shows the worst of its baseline, its signals
 * and its open incidents, so clearing a signal restores exactly what was there, whatever else
 * happened meanwhile. Damping (how long an alert or probe must hold) is the caller's business:
 * this only records the decision, conditionally and idempotently.
 */
export class ComponentSignals {
  constructor(private readonly deps: ComponentSignalsDeps) {}

  /** Holds `status` on the component for `source`. Returns whether the page changed. */
  raise(componentId: string, source: string, status: ComponentStatus, cause: SignalCause): Promise<boolean> {
    return this.change(componentId, cause, (signals, now) =>
      signals[source]?.status === status
        ? undefined
        : { ...signals, [source]: { status, since: now, by: cause.actor.name } },
    );
  }

  /** Takes `source`'s signal off the component (nothing happens if it holds none). */
  clear(componentId: string, source: string, cause: SignalCause): Promise<boolean> {
    return this.change(componentId, cause, (signals) => {
      if (!(source in signals)) return undefined;
      const { [source]: _cleared, ...rest } = signals;
      return rest;
    });
  }

  private async change(
    componentId: string,
    cause: SignalCause,
    next: (signals: NonNullable<ComponentRecord['signals']>, now: string) => ComponentRecord['signals'] | undefined,
  ): Promise<boolean> {
    const { deps } = this;
    if (!deps.config.components.some((c) => c.id === componentId))
      throw new NotFoundError(`No component with id ${componentId}`);
    const outcome = await retryOnConflict(`Component ${componentId}`, async () => {
      const ctx = await readStatusContext(deps.incidents, deps.components, deps.config);
      const stored = ctx.records.get(componentId);
      const now = deps.clock.now().toISOString();
      const signals = next(stored?.signals ?? {}, now);
      if (!signals) return undefined; // already so: a repeat
      const record: ComponentRecord = {
        ...stored,
        id: componentId,
        baselineStatus: stored?.baselineStatus ?? deps.config.defaultComponentStatus,
        signals,
        createdAt: stored?.createdAt ?? now,
        updatedAt: now,
        version: (stored?.version ?? 0) + 1,
      };
      const statuses = Object.values(signals).map((s) => s.status);
      const after = { ...ctx, signals: new Map(ctx.signals).set(componentId, statuses) };
      const [from, to] = [effectiveStatus(ctx, componentId), effectiveStatus(after, componentId)];
      const event: ComponentStatusChanged = {
        type: 'component.status_changed',
        id: `component.${componentId}.${cause.id}`,
        occurredAt: now,
        actor: cause.actor,
        componentId,
        from,
        to,
        incidentId: null,
      };
      // The event is committed with the record (the table's outbox), so a crash after the write still updates the page.
      await deps.components.save(record, from === to ? [] : [event]);
      return { changed: from !== to, to, at: now };
    });
    if (!outcome) return false;
    await deps.audit.record([
      {
        id: cause.id,
        at: outcome.at,
        actor: cause.actor,
        action: 'component.signal',
        target: `component:${componentId}`,
        summary: `${cause.summary} (shows ${outcome.to})`,
      },
    ]);
    return outcome.changed;
  }
}
