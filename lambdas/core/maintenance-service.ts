import { SYSTEM_ACTOR } from './actor';
import type { AddMaintenanceUpdateCommand, EditMaintenanceCommand, ScheduleMaintenanceCommand } from './commands';
import type { ComponentSignals } from './component-signals';
import { retryOnConflict } from './concurrency';
import type { LifeboatConfig } from './config';
import {
  ConcurrentModificationError,
  IdempotencyKeyReuseError,
  NotFoundError,
  UnknownComponentError,
  VersionConflictError,
} from './errors';
import { deriveId, fingerprint, newId } from './ids';
import type { CommandMeta } from './incident-service';
import { isActiveMaintenance, isCurrentMaintenance, type Maintenance } from './maintenance';
import {
  edit,
  type MaintenanceStep,
  type MaintenanceStepContext,
  onTimer,
  parseTimerName,
  schedule,
  timersOf,
  transition,
} from './maintenance-lifecycle';
import type { AuditLog, Clock, MaintenanceStore, OneShotTimers, Page } from './ports';
import type { RetryOptions } from './retry';

export interface MaintenanceServiceDeps {
  config: LifeboatConfig;
  maintenances: MaintenanceStore;
  /** Puts components under maintenance while a window runs (a signal per maintenance). */
  signals: ComponentSignals;
  timers: OneShotTimers;
  audit: AuditLog;
  clock: Clock;
  retry?: Partial<Omit<RetryOptions, 'retryable'>>;
}

export interface MaintenanceResult {
  maintenance: Maintenance;
  replayed: boolean;
}

const DEFAULT_RETRY = { attempts: 25, baseDelayMs: 10, maxDelayMs: 500 };

/**
 * Schedules, changes, starts, completes and cancels maintenances. Like incidents, each change is
 * one conditional write carrying its events (the response plan and the page hear them from the
 * outbox). Timers are set before the write that needs them, so a crash never leaves a window
 * without its start or end: a timer left by a write that then failed finds nothing to do. The
 * components of a running window hold an `under_maintenance` signal, raised before the write that
 * starts it and cleared before the one that ends it, so the timer's retry finishes either.
 */
export class MaintenanceService {
  constructor(private readonly deps: MaintenanceServiceDeps) {}

  async get(id: string): Promise<Maintenance> {
    const maintenance = await this.deps.maintenances.get(id);
    if (!maintenance) throw new NotFoundError(`No maintenance with id ${id}`);
    return maintenance;
  }

  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Maintenance>> {
    return this.deps.maintenances.list(options);
  }

  /**
   * The windows not over yet (scheduled, in progress, verifying), soonest first. Reads every
   * maintenance: a page has a handful a month, and a window whose timers failed still shows.
   */
  async current(): Promise<Maintenance[]> {
    const current: Maintenance[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.maintenances.list({ limit: 100, cursor });
      current.push(...page.items.filter(isCurrentMaintenance));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return current.sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  }

  async schedule(command: ScheduleMaintenanceCommand, meta: CommandMeta): Promise<MaintenanceResult> {
    this.assertKnownComponents(command.components);
    const { deps } = this;
    const key = meta.idempotencyKey;
    const requestHash = key ? fingerprint(command) : undefined;
    const id = key ? deriveId('maintenance', meta.actor.channel, meta.actor.name, key) : newId();
    const step = schedule(id, { ...command, ...normalisedWindow(command) }, this.context(meta, id, requestHash, 1));
    await this.setTimers(step.maintenance);
    try {
      await deps.maintenances.create(step.maintenance, [step.event]);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || !key) throw error;
      const existing = await deps.maintenances.get(id);
      if (!existing) throw new ConcurrentModificationError(`Maintenance ${id} is being scheduled; try again`);
      if (existing.requestHash !== requestHash) throw reusedKey();
      await this.setTimers(existing); // the replay puts back whatever the failed attempt moved
      return { maintenance: existing, replayed: true };
    }
    await this.audit(step, 'maintenance.schedule');
    return { maintenance: step.maintenance, replayed: false };
  }

  edit(id: string, command: EditMaintenanceCommand, meta: CommandMeta): Promise<MaintenanceResult> {
    if (command.components) this.assertKnownComponents(command.components);
    return this.change(id, command, meta, 'maintenance.update', (current, ctx) =>
      edit(current, { ...command, ...normalisedWindow(command) }, ctx),
    );
  }

  addUpdate(id: string, command: AddMaintenanceUpdateCommand, meta: CommandMeta): Promise<MaintenanceResult> {
    return this.change(id, command, meta, 'maintenance.update', (current, ctx) =>
      transition(current, command.status, command.body, ctx),
    );
  }

  cancel(id: string, body: string | undefined, meta: CommandMeta): Promise<MaintenanceResult> {
    return this.change(id, { cancel: true, body }, meta, 'maintenance.cancel', (current, ctx) =>
      transition(current, 'cancelled', body, ctx),
    );
  }

  /**
   * A timer fired: start, complete or remind, if that is still due. Throws when the write fails,
   * so the timer is retried (EventBridge Scheduler's retries, the local timer's next tick).
   */
  async onTimer(name: string): Promise<void> {
    const parsed = parseTimerName(name);
    if (!parsed) throw new Error(`Unknown maintenance timer ${name}`);
    const { deps } = this;
    const reminders = deps.config.maintenance.reminderMinutes;
    const outcome = await retryOnConflict(
      `Maintenance ${parsed.id}`,
      async () => {
        const current = await deps.maintenances.get(parsed.id);
        if (!current) return null; // a timer left by a schedule whose write failed
        const ctx = this.context({ actor: SYSTEM_ACTOR }, current.id, undefined, current.version + 1);
        const step = onTimer(current, parsed.action, reminders, ctx);
        if (step === 'early') {
          const due = timersOf(current, reminders, ctx.now).wanted.find((t) => t.name === name);
          if (due) await deps.timers.set(name, due.at);
          return null;
        }
        if (!step) return null;
        await this.commit(current, step);
        return step;
      },
      { ...DEFAULT_RETRY, ...deps.retry },
    );
    if (outcome) await this.audit(outcome, 'maintenance.update');
  }

  private async change(
    id: string,
    request: object,
    meta: CommandMeta,
    action: 'maintenance.update' | 'maintenance.cancel',
    apply: (current: Maintenance, ctx: MaintenanceStepContext) => MaintenanceStep,
  ): Promise<MaintenanceResult> {
    const { deps } = this;
    const key = meta.idempotencyKey;
    const requestHash = key ? fingerprint({ id, ...request }) : undefined;
    const updateId = key ? deriveId('maintenance-update', meta.actor.channel, meta.actor.name, key) : undefined;
    const outcome = await retryOnConflict(
      `Maintenance ${id}`,
      async () => {
        const current = await this.get(id);
        const earlier = updateId && current.updates.find((u) => u.id === updateId);
        if (earlier) {
          if (earlier.requestHash !== requestHash) throw reusedKey();
          return { kind: 'replayed' as const, maintenance: current };
        }
        const ctx = { ...this.context(meta, id, requestHash, current.version + 1), ...(updateId ? { updateId } : {}) };
        const step = apply(current, ctx);
        await this.commit(current, step);
        return { kind: 'applied' as const, step };
      },
      { ...DEFAULT_RETRY, ...deps.retry },
    );
    if (outcome.kind === 'replayed') return { maintenance: outcome.maintenance, replayed: true };
    await this.audit(outcome.step, action);
    return { maintenance: outcome.step.maintenance, replayed: false };
  }

  /**
   * Writes a step: timers it needs and the components' signals first, then the maintenance with
   * its event (the commit point), then the timers it no longer needs are cancelled.
   */
  private async commit(current: Maintenance, step: MaintenanceStep): Promise<void> {
    const next = step.maintenance;
    await this.setTimers(next);
    const cause = {
      actor: step.update.author,
      id: step.event.id,
      summary: `Maintenance ${next.id} (${next.name}) ${next.status}`,
    };
    const source = `maintenance:${next.id}`;
    if (isActiveMaintenance(next))
      for (const componentId of next.components)
        await this.deps.signals.raise(componentId, source, 'under_maintenance', cause);
    if (isActiveMaintenance(current) && !isActiveMaintenance(next))
      for (const componentId of current.components) await this.deps.signals.clear(componentId, source, cause);
    await this.deps.maintenances.save(next, [step.event]);
    const { stale } = timersOf(next, this.deps.config.maintenance.reminderMinutes, step.update.createdAt);
    await Promise.all(stale.map((name) => this.deps.timers.cancel(name)));
  }

  private async setTimers(maintenance: Maintenance): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const { wanted } = timersOf(maintenance, this.deps.config.maintenance.reminderMinutes, now);
    await Promise.all(wanted.map((t) => this.deps.timers.set(t.name, t.at)));
  }

  private context(
    meta: Pick<CommandMeta, 'actor'>,
    id: string,
    requestHash: string | undefined,
    version: number,
  ): MaintenanceStepContext {
    return {
      now: this.deps.clock.now().toISOString(),
      actor: meta.actor,
      // The update's number makes its id: a step retried after losing a race gets the same one.
      updateId: deriveId('maintenance-update', id, String(version)),
      requestHash,
    };
  }

  private async audit(
    step: MaintenanceStep,
    action: 'maintenance.schedule' | 'maintenance.update' | 'maintenance.cancel',
  ) {
    const { maintenance, update } = step;
    await this.deps.audit.record([
      {
        id: step.event.id,
        at: update.createdAt,
        actor: update.author,
        action,
        target: `maintenance:${maintenance.id}`,
        summary: `${maintenance.name} [${maintenance.scheduledFor} – ${maintenance.scheduledUntil}] → ${update.moment}`,
      },
    ]);
  }

  private assertKnownComponents(ids: readonly string[]): void {
    const known = new Set(this.deps.config.components.map((c) => c.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length === 0) return;
    throw new UnknownComponentError(`Unknown component: ${unknown.join(', ')}`, {
      errors: unknown.map((id) => ({ field: `components.${id}`, message: 'no component with this id' })),
    });
  }
}

/** Times as UTC ISO strings whatever offset they came with, so windows compare and sort as text. */
function normalisedWindow(window: { scheduledFor?: string | undefined; scheduledUntil?: string | undefined }) {
  return {
    ...(window.scheduledFor ? { scheduledFor: new Date(window.scheduledFor).toISOString() } : {}),
    ...(window.scheduledUntil ? { scheduledUntil: new Date(window.scheduledUntil).toISOString() } : {}),
  } as { scheduledFor: string; scheduledUntil: string };
}

const reusedKey = () =>
  new IdempotencyKeyReuseError('This Idempotency-Key was already used for a different request', {
    errors: [{ field: 'Idempotency-Key', message: 'already used with a different request body' }],
  });
