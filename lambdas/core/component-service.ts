import type { Actor } from './actor';
import type { Component, ComponentRecord, ComponentStatus } from './component';
import { effectiveStatus } from './component-status';
import { retryOnConflict } from './concurrency';
import type { LifeboatConfig } from './config';
import { NotFoundError } from './errors';
import type { DomainEvent } from './events';
import type { AuditLog, Clock, ComponentStore, IncidentStore } from './ports';
import { readStatusContext, type StatusSummary, statusSummary } from './status-context';

export type { StatusSummary };

export interface ComponentServiceDeps {
  config: LifeboatConfig;
  incidents: IncidentStore;
  components: ComponentStore;
  audit: AuditLog;
  clock: Clock;
}

/** Components as the config declares them, with the status the store and open incidents give them. */
export class ComponentService {
  constructor(private readonly deps: ComponentServiceDeps) {}

  /** Creates the stored state of every configured component that has none yet. Safe to repeat. */
  async sync(): Promise<void> {
    const now = this.now();
    await this.deps.components.ensure(
      this.deps.config.components.map((c) => ({
        id: c.id,
        baselineStatus: this.deps.config.defaultComponentStatus,
        createdAt: c.startDate ? new Date(c.startDate).toISOString() : now,
        updatedAt: now,
        version: 1,
      })),
    );
  }

  async list(): Promise<Component[]> {
    return (await this.summary()).components;
  }

  /** The page at a glance: overall indicator, every component, every open incident. */
  summary(): Promise<StatusSummary> {
    return statusSummary(this.deps.incidents, this.deps.components, this.deps.config, this.now());
  }

  /** Sets a component's baseline status: what it shows whenever no open incident claims worse. */
  async setStatus(id: string, status: ComponentStatus, actor: Actor): Promise<Component> {
    const { deps } = this;
    if (!deps.config.components.some((c) => c.id === id)) throw new NotFoundError(`No component with id ${id}`);

    const { record, to } = await retryOnConflict(`Component ${id}`, async () => {
      const ctx = await readStatusContext(deps.incidents, deps.components, deps.config);
      const stored = ctx.records.get(id);
      const now = this.now();
      const record: ComponentRecord = {
        ...stored,
        id,
        baselineStatus: status,
        createdAt: stored?.createdAt ?? now,
        updatedAt: now,
        version: (stored?.version ?? 0) + 1,
      };
      const after = { ...ctx, baselines: new Map(ctx.baselines).set(id, status) };
      const [from, to] = [effectiveStatus(ctx, id), effectiveStatus(after, id)];
      const event: DomainEvent = {
        type: 'component.status_changed',
        id: eventId(record),
        occurredAt: now,
        actor,
        componentId: id,
        from,
        to,
        incidentId: null,
      };
      // The event is committed with the record (the table's outbox), so a crash after the write still updates the page.
      await deps.components.save(record, from === to ? [] : [event]);
      return { record, to };
    });

    await deps.audit.record([
      {
        id: eventId(record),
        at: record.updatedAt,
        actor,
        action: 'component.set_status',
        target: `component:${id}`,
        summary: `baseline → ${status} (shows ${to})`,
      },
    ]);
    return (await this.list()).find((c) => c.id === id)!;
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

const eventId = (record: ComponentRecord) => `component.${record.id}.v${record.version}`;
