import type { Actor } from './actor';
import type { ComponentStatus } from './component';
import { effectiveStatus, type StatusContext } from './component-status';
import { ForbiddenTransitionError } from './errors';
import type { ComponentStatusChanged, DomainEvent } from './events';
import type { ComponentChange, Impact, Incident, IncidentStatus, IncidentUpdate, OpenIncidentStatus } from './incident';
import { snapshotOf } from './incident';

/**
 * The incident lifecycle: investigating → identified → monitoring → resolved → postmortem.
 * While open, an incident may move between the open statuses in any order (a fix that did not hold
 * sends "monitoring" back to "investigating"). A resolved incident is closed for good: a recurrence
 * is a new incident. A postmortem follows resolution and ends the lifecycle.
 */
const ALLOWED_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  investigating: ['investigating', 'identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'identified', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'monitoring', 'resolved'],
  resolved: ['postmortem'],
  postmortem: [],
};

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (canTransition(from, to)) return;
  const allowed = ALLOWED_TRANSITIONS[from];
  const hint = allowed.length ? `allowed next: ${allowed.join(', ')}` : 'it is final';
  throw new ForbiddenTransitionError(`An incident cannot go from ${from} to ${to} (${hint})`, {
    errors: [{ field: 'status', message: `${from} → ${to} is not allowed` }],
  });
}

export const DEFAULT_DECLARE_BODY = 'We are investigating this issue.';
export const DEFAULT_RESOLVE_BODY = 'This incident has been resolved.';

export interface DeclareInput {
  name: string;
  impact: Impact;
  status: OpenIncidentStatus;
  body?: string | undefined;
  components: Record<string, ComponentStatus>;
}

export interface UpdateInput {
  status: IncidentStatus;
  body?: string | undefined;
  impact?: Impact | undefined;
  components?: Record<string, ComponentStatus> | undefined;
}

/** Everything a lifecycle step needs besides its input; supplied by the service, never looked up. */
export interface StepContext {
  now: string;
  actor: Actor;
  updateId: string;
  statuses: StatusContext;
  requestHash?: string | undefined;
}

export interface StepResult {
  incident: Incident;
  update: IncidentUpdate;
  events: DomainEvent[];
}

export function declare(id: string, input: DeclareInput, ctx: StepContext): StepResult {
  const draft: Incident = {
    id,
    name: input.name,
    impact: input.impact,
    status: input.status,
    components: { ...input.components },
    updates: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    startedAt: ctx.now,
    identifiedAt: input.status === 'identified' ? ctx.now : null,
    monitoringAt: input.status === 'monitoring' ? ctx.now : null,
    resolvedAt: null,
    declaredBy: ctx.actor,
    version: 1,
    ...(ctx.requestHash ? { requestHash: ctx.requestHash } : {}),
  };
  const update = makeUpdate(draft, input.components, input.body ?? DEFAULT_DECLARE_BODY, ctx);
  const incident: Incident = { ...draft, updates: [update] };
  const event: DomainEvent = {
    type: 'incident.declared',
    id: eventId(incident),
    occurredAt: ctx.now,
    actor: ctx.actor,
    incident: snapshotOf(incident),
    update,
    updateNumber: 1,
  };
  return { incident, update, events: [event, ...componentEvents(undefined, incident, ctx, event.id)] };
}

/** Adds an update to an open incident; an update to `resolved` resolves it. */
export function update(current: Incident, input: UpdateInput, ctx: StepContext): StepResult {
  if (input.status === 'resolved') return resolve(current, input.body, ctx);
  assertTransition(current.status, input.status);
  // A postmortem follows a closed incident: it no longer speaks for any component.
  const claims = input.status === 'postmortem' ? {} : (input.components ?? {});
  const next: Incident = {
    ...current,
    status: input.status,
    impact: input.impact ?? current.impact,
    components: { ...current.components, ...claims },
    updatedAt: ctx.now,
    identifiedAt: current.identifiedAt ?? (input.status === 'identified' ? ctx.now : null),
    monitoringAt: current.monitoringAt ?? (input.status === 'monitoring' ? ctx.now : null),
    version: current.version + 1,
  };
  return finishStep(current, next, claims, input.body ?? '', ctx, 'incident.updated');
}

/** Resolves an open incident and hands its components back to their baseline (or to other incidents). */
export function resolve(current: Incident, body: string | undefined, ctx: StepContext): StepResult {
  assertTransition(current.status, 'resolved');
  const restored = Object.fromEntries(Object.keys(current.components).map((id) => [id, 'operational' as const]));
  const next: Incident = {
    ...current,
    status: 'resolved',
    components: restored,
    updatedAt: ctx.now,
    resolvedAt: ctx.now,
    version: current.version + 1,
  };
  return finishStep(current, next, restored, body ?? DEFAULT_RESOLVE_BODY, ctx, 'incident.resolved');
}

function finishStep(
  current: Incident,
  draft: Incident,
  claims: Record<string, ComponentStatus>,
  body: string,
  ctx: StepContext,
  type: 'incident.updated' | 'incident.resolved',
): StepResult {
  const update = makeUpdate(draft, claims, body, ctx);
  const incident: Incident = { ...draft, updates: [...current.updates, update] };
  const event: DomainEvent = {
    type,
    id: eventId(incident),
    occurredAt: ctx.now,
    actor: ctx.actor,
    incident: snapshotOf(incident),
    update,
    updateNumber: incident.updates.length,
  };
  return { incident, update, events: [event, ...componentEvents(current, incident, ctx, event.id)] };
}

function makeUpdate(
  next: Incident,
  claims: Record<string, ComponentStatus>,
  body: string,
  ctx: StepContext,
): IncidentUpdate {
  const after = withIncident(ctx.statuses, next);
  const componentChanges: ComponentChange[] = Object.keys(claims).map((componentId) => ({
    componentId,
    from: effectiveStatus(ctx.statuses, componentId),
    to: effectiveStatus(after, componentId),
  }));
  return {
    id: ctx.updateId,
    status: next.status,
    body,
    author: ctx.actor,
    createdAt: ctx.now,
    componentChanges,
    ...(ctx.requestHash ? { requestHash: ctx.requestHash } : {}),
  };
}

/** One event per component whose effective status this step changed. */
function componentEvents(
  before: Incident | undefined,
  after: Incident,
  ctx: StepContext,
  causeId: string,
): ComponentStatusChanged[] {
  const touched = new Set([...Object.keys(before?.components ?? {}), ...Object.keys(after.components)]);
  const afterCtx = withIncident(ctx.statuses, after);
  return [...touched].flatMap((componentId) => {
    const from = effectiveStatus(ctx.statuses, componentId);
    const to = effectiveStatus(afterCtx, componentId);
    if (from === to) return [];
    return [
      {
        type: 'component.status_changed' as const,
        id: `${causeId}.${componentId}`,
        occurredAt: ctx.now,
        actor: ctx.actor,
        componentId,
        from,
        to,
        incidentId: after.id,
      },
    ];
  });
}

/** The status context with this incident's new version in place of its old one. */
function withIncident(ctx: StatusContext, incident: Incident): StatusContext {
  return { ...ctx, openIncidents: [...ctx.openIncidents.filter((i) => i.id !== incident.id), incident] };
}

const eventId = (incident: Incident): string => `incident.${incident.id}.v${incident.version}`;

/**
 * The event that announced one of an incident's updates, rebuilt from the stored incident: its id
 * is the original's, so consumers recognise it and finish what they started instead of starting
 * again (a replayed request re-drives an interrupted response plan this way).
 */
export function announcementOf(incident: Incident, updateId: string): DomainEvent | undefined {
  const index = incident.updates.findIndex((u) => u.id === updateId);
  if (index < 0) return undefined;
  const update = incident.updates[index]!;
  const base = {
    id: `incident.${incident.id}.v${index + 1}`,
    occurredAt: update.createdAt,
    actor: update.author,
    incident: snapshotOf(incident),
    update,
    updateNumber: index + 1,
  };
  if (index === 0) return { ...base, type: 'incident.declared' };
  return { ...base, type: update.status === 'resolved' ? 'incident.resolved' : 'incident.updated' };
}
