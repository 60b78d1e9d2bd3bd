import type { Actor } from './actor';
import type { AuditAction } from './audit';
import type { DeclareIncidentCommand, WritePostmortemCommand } from './commands';
import { retryOnConflict } from './concurrency';
import type { LifeboatConfig } from './config';
import {
  ConcurrentModificationError,
  IdempotencyKeyReuseError,
  UnknownComponentError,
  VersionConflictError,
} from './errors';
import { deriveId, fingerprint, newId } from './ids';
import type { Incident } from './incident';
import { incidentReader } from './incident-reader';
import { announcementOf, declare, type StepResult, type UpdateInput, update } from './lifecycle';
import type { AuditLog, Clock, ComponentStore, IncidentStore, Page, PostmortemRenderer } from './ports';
import { earlierRequest, writePostmortem } from './postmortem';
import type { RetryOptions } from './retry';
import { readStatusContext } from './status-context';

export interface IncidentServiceDeps {
  config: LifeboatConfig;
  incidents: IncidentStore;
  components: ComponentStore;
  audit: AuditLog;
  clock: Clock;
  /** Renders a postmortem when it is written. */
  renderPostmortem: PostmortemRenderer;
  /** How hard to retry a write that lost an optimistic-concurrency race. */
  retry?: Partial<Omit<RetryOptions, 'retryable'>>;
}

/** Who asks, and the key that makes a repeated request a replay rather than a second change. */
export interface CommandMeta {
  actor: Actor;
  idempotencyKey?: string | undefined;
}

export interface CommandResult {
  incident: Incident;
  /** True when an Idempotency-Key matched an earlier identical request: nothing was changed. */
  replayed: boolean;
}

const DEFAULT_RETRY = { attempts: 25, baseDelayMs: 10, maxDelayMs: 500 };

/**
 * Declares, updates and resolves incidents. Every write is a single conditional write (no
 * transactions) that carries the change's events with it, so each command can be retried safely:
 * ids derived from the Idempotency-Key make a replay find its own earlier result, and a version
 * check makes concurrent updates queue up instead of overwriting each other. A replay announces
 * its update again, so whatever a crash interrupted downstream (the response plan) is finished.
 */
export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  get(id: string): Promise<Incident> {
    return incidentReader(this.deps.incidents).get(id);
  }

  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Incident>> {
    return this.deps.incidents.list(options);
  }

  listOpen(): Promise<Incident[]> {
    return this.deps.incidents.listOpen();
  }

  async declare(command: DeclareIncidentCommand, meta: CommandMeta): Promise<CommandResult> {
    this.assertKnownComponents(command.components);
    const { deps } = this;
    const key = meta.idempotencyKey;
    const requestHash = key ? fingerprint(command) : undefined;
    const id = key ? deriveId('incident', meta.actor.channel, meta.actor.name, key) : newId();

    const statuses = await readStatusContext(deps.incidents, deps.components, deps.config);
    const step = declare(id, command, {
      now: deps.clock.now().toISOString(),
      actor: meta.actor,
      updateId: deriveId('update', id, '1'),
      statuses,
      requestHash,
    });
    try {
      await deps.incidents.create(step.incident, step.events);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || !key) throw error;
      const incident = await this.replay(id, requestHash);
      await this.reannounce(incident, step.update.id);
      return { incident, replayed: true };
    }
    await this.audit(step, 'incident.declare');
    return { incident: step.incident, replayed: false };
  }

  async addUpdate(id: string, command: UpdateInput, meta: CommandMeta): Promise<CommandResult> {
    if (command.components) this.assertKnownComponents(command.components);
    const { deps } = this;
    const key = meta.idempotencyKey;
    const requestHash = key ? fingerprint({ id, ...command }) : undefined;
    const updateId = key ? deriveId('update', meta.actor.channel, meta.actor.name, key) : newId();

    const outcome = await retryOnConflict(
      `Incident ${id}`,
      async () => {
        const current = await this.get(id);
        const earlier = current.updates.find((u) => u.id === updateId);
        if (earlier) {
          if (earlier.requestHash !== requestHash) throw reusedKey();
          await this.reannounce(current, updateId);
          return { kind: 'replayed' as const, incident: current };
        }
        const statuses = await readStatusContext(deps.incidents, deps.components, deps.config);
        const step = update(current, command, {
          now: deps.clock.now().toISOString(),
          actor: meta.actor,
          updateId,
          statuses,
          requestHash,
        });
        await deps.incidents.save(step.incident, step.events);
        return { kind: 'applied' as const, step };
      },
      { ...DEFAULT_RETRY, ...deps.retry },
    );
    if (outcome.kind === 'replayed') return { incident: outcome.incident, replayed: true };
    await this.audit(outcome.step, command.status === 'resolved' ? 'incident.resolve' : 'incident.update');
    return { incident: outcome.step.incident, replayed: false };
  }

  resolve(id: string, body: string | undefined, meta: CommandMeta): Promise<CommandResult> {
    return this.addUpdate(id, { status: 'resolved', body }, meta);
  }

  /**
   * Publishes or edits the incident's postmortem, with a version check like every incident write
   * (parallel edits queue up; none is lost). The same text again changes nothing; an edit is
   * audited with the revision it replaced.
   */
  async writePostmortem(id: string, command: WritePostmortemCommand, meta: CommandMeta): Promise<CommandResult> {
    const { deps } = this;
    const key = meta.idempotencyKey;
    const request = key
      ? { id: deriveId('postmortem', meta.actor.channel, meta.actor.name, key), hash: fingerprint({ id, ...command }) }
      : undefined;

    const outcome = await retryOnConflict(
      `Incident ${id}`,
      async () => {
        const current = await this.get(id);
        const earlier = request && earlierRequest(current, request.id);
        if (earlier) {
          if (earlier.hash !== request.hash) throw reusedKey();
          return { kind: 'replayed' as const, incident: current };
        }
        const step = writePostmortem(current, command, {
          now: deps.clock.now().toISOString(),
          actor: meta.actor,
          notifyByDefault: deps.config.responsePlan.postmortem.notify,
          request,
          render: deps.renderPostmortem,
        });
        if (step.kind === 'written') await deps.incidents.save(step.incident, [step.event]);
        return step;
      },
      { ...DEFAULT_RETRY, ...deps.retry },
    );
    if (outcome.kind !== 'written') return { incident: outcome.incident, replayed: outcome.kind === 'replayed' };
    const { incident, event, before } = outcome;
    const after = incident.postmortem!.revision;
    const what =
      before === null
        ? `postmortem published (revision ${after})`
        : before === after
          ? `postmortem revision ${after} sent to subscribers`
          : `postmortem edited: revision ${before} → ${after}`;
    await deps.audit.record([
      {
        id: event.id,
        at: event.occurredAt,
        actor: meta.actor,
        action: 'incident.postmortem',
        target: `incident:${incident.id}`,
        summary: `${incident.name}: ${what}${event.notify ? ', subscribers notified' : ''}`,
      },
    ]);
    return { incident, replayed: false };
  }

  private async replay(id: string, requestHash: string | undefined): Promise<Incident> {
    const existing = await this.deps.incidents.get(id);
    if (!existing) throw new ConcurrentModificationError(`Incident ${id} is being declared; try again`);
    if (existing.requestHash !== requestHash) throw reusedKey();
    return existing;
  }

  /** Tells the audit trail what this step did (its events went out with the write itself). */
  private async audit(step: StepResult, action: AuditAction): Promise<void> {
    const { incident, update: change, events } = step;
    await this.deps.audit.record([
      {
        id: events[0]!.id,
        at: change.createdAt,
        actor: change.author,
        action,
        target: `incident:${incident.id}`,
        summary: `${incident.name} [${incident.impact}] → ${change.status}`,
      },
    ]);
  }

  /** A replayed request: announce its update again, so an interrupted plan is finished (never repeated). */
  private async reannounce(incident: Incident, updateId: string): Promise<void> {
    const event = announcementOf(incident, updateId);
    if (event) await this.deps.incidents.announce(incident.id, [event]);
  }

  private assertKnownComponents(claims: Record<string, unknown>): void {
    const known = new Set(this.deps.config.components.map((c) => c.id));
    const unknown = Object.keys(claims).filter((id) => !known.has(id));
    if (unknown.length === 0) return;
    throw new UnknownComponentError(`Unknown component: ${unknown.join(', ')}`, {
      errors: unknown.map((id) => ({ field: `components.${id}`, message: 'no component with this id' })),
    });
  }
}

const reusedKey = () =>
  new IdempotencyKeyReuseError('This Idempotency-Key was already used for a different request', {
    errors: [{ field: 'Idempotency-Key', message: 'already used with a different request body' }],
  });
