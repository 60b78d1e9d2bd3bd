import type { Actor } from './actor';
import { ForbiddenTransitionError, ValidationError } from './errors';
import type { MaintenanceChanged } from './events';
import {
  isCurrentMaintenance,
  type Maintenance,
  type MaintenanceMoment,
  type MaintenanceStatus,
  type MaintenanceUpdate,
  maintenanceSnapshotOf,
} from './maintenance';

/**
 * The maintenance lifecycle: scheduled → in_progress → verifying → completed, or cancelled before
 * it completes. The window's edges start and complete it (timers); on-call may also move it by
 * hand. Every step is a pure function of the stored maintenance; a step that has nothing left to
 * do returns null, so a late or repeated timer changes nothing.
 */
const ALLOWED_TRANSITIONS: Record<MaintenanceStatus, readonly MaintenanceStatus[]> = {
  scheduled: ['scheduled', 'in_progress', 'cancelled'],
  in_progress: ['in_progress', 'verifying', 'completed', 'cancelled'],
  verifying: ['in_progress', 'verifying', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canMaintenanceTransition(from: MaintenanceStatus, to: MaintenanceStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

function assertTransition(from: MaintenanceStatus, to: MaintenanceStatus): void {
  if (canMaintenanceTransition(from, to)) return;
  const allowed = ALLOWED_TRANSITIONS[from];
  const hint = allowed.length ? `allowed next: ${allowed.join(', ')}` : 'it is final';
  throw new ForbiddenTransitionError(`A maintenance cannot go from ${from} to ${to} (${hint})`, {
    errors: [{ field: 'status', message: `${from} → ${to} is not allowed` }],
  });
}

/** Default texts of the updates Lifeboat writes itself (a timer's start, completion, reminders). */
export const DEFAULT_MAINTENANCE_BODIES: Record<MaintenanceMoment, string> = {
  scheduled: 'Scheduled maintenance.',
  rescheduled: 'This maintenance has been rescheduled.',
  reminder: 'This scheduled maintenance starts soon.',
  started: 'Scheduled maintenance is currently in progress.',
  verifying: 'Maintenance work is done; we are verifying the results.',
  completed: 'The scheduled maintenance has been completed.',
  cancelled: 'This scheduled maintenance has been cancelled.',
  updated: 'Maintenance update.',
};

export interface ScheduleInput {
  name: string;
  body?: string | undefined;
  components: string[];
  scheduledFor: string;
  scheduledUntil: string;
}

export interface EditInput {
  name?: string | undefined;
  body?: string | undefined;
  components?: string[] | undefined;
  scheduledFor?: string | undefined;
  scheduledUntil?: string | undefined;
}

export interface MaintenanceStepContext {
  now: string;
  actor: Actor;
  updateId: string;
  requestHash?: string | undefined;
}

/**
 * Updates a maintenance may collect before changes by hand stop (ending it stays possible). A
 * maintenance keeps its updates in its own item, which DynamoDB caps at 400 KB: 20 updates of
 * 5,000 characters, the at most 8 its timers add afterwards (5 reminders, start, verifying, end)
 * and as many events waiting in its outbox stay well inside.
 */
export const MAX_MAINTENANCE_UPDATES = 20;

export interface MaintenanceStep {
  maintenance: Maintenance;
  update: MaintenanceUpdate;
  event: MaintenanceChanged;
}

export function schedule(id: string, input: ScheduleInput, ctx: MaintenanceStepContext): MaintenanceStep {
  assertWindow(input.scheduledFor, input.scheduledUntil, ctx.now);
  const draft: Maintenance = {
    id,
    name: input.name,
    impact: 'maintenance',
    status: 'scheduled',
    components: [...new Set(input.components)],
    scheduledFor: input.scheduledFor,
    scheduledUntil: input.scheduledUntil,
    updates: [],
    remindersSent: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    startedAt: null,
    completedAt: null,
    scheduledBy: ctx.actor,
    version: 0,
    ...(ctx.requestHash ? { requestHash: ctx.requestHash } : {}),
  };
  return step(draft, { status: 'scheduled', moment: 'scheduled', body: input.body }, ctx);
}

/**
 * Changes what a maintenance says or when it happens. Moving the start is for a maintenance not
 * yet started (reminders then count again); extending the end is allowed while it runs.
 */
export function edit(current: Maintenance, input: EditInput, ctx: MaintenanceStepContext): MaintenanceStep {
  if (!isCurrentMaintenance(current)) throw forbidden('status', `the maintenance is ${current.status}: it is final`);
  assertRoomForUpdates(current);
  const started = current.status !== 'scheduled';
  const scheduledFor = input.scheduledFor ?? current.scheduledFor;
  const scheduledUntil = input.scheduledUntil ?? current.scheduledUntil;
  const moved = scheduledFor !== current.scheduledFor;
  if (started && moved) throw forbidden('scheduledFor', 'the maintenance has started: its start cannot move');
  if (started && input.components)
    throw forbidden('components', 'the maintenance has started: its components cannot change');
  if (moved || scheduledUntil !== current.scheduledUntil) assertWindow(scheduledFor, scheduledUntil, ctx.now);
  const rescheduled = moved || scheduledUntil !== current.scheduledUntil;
  const next: Maintenance = {
    ...current,
    name: input.name ?? current.name,
    components: input.components ? [...new Set(input.components)] : current.components,
    scheduledFor,
    scheduledUntil,
    remindersSent: moved ? [] : current.remindersSent,
  };
  return step(next, { status: current.status, moment: rescheduled ? 'rescheduled' : 'updated', body: input.body }, ctx);
}

/** What moving to each status tells subscribers. */
const MOMENT_OF: Record<MaintenanceStatus, MaintenanceMoment> = {
  scheduled: 'updated',
  in_progress: 'started',
  verifying: 'verifying',
  completed: 'completed',
  cancelled: 'cancelled',
};

/** Moves a maintenance to another status by hand (or posts an update in the same status). */
export function transition(
  current: Maintenance,
  status: MaintenanceStatus,
  body: string | undefined,
  ctx: MaintenanceStepContext,
): MaintenanceStep {
  assertTransition(current.status, status);
  if (isCurrentMaintenance({ status })) assertRoomForUpdates(current);
  return move(current, status, body, ctx);
}

/** A move to another status: by hand (bounded, see MAX_MAINTENANCE_UPDATES) or by a timer (always). */
function move(
  current: Maintenance,
  status: MaintenanceStatus,
  body: string | undefined,
  ctx: MaintenanceStepContext,
): MaintenanceStep {
  assertTransition(current.status, status);
  // Back from verifying to in progress is news about a maintenance that has started already.
  const moment: MaintenanceMoment =
    status === current.status || (status === 'in_progress' && current.startedAt) ? 'updated' : MOMENT_OF[status];
  const next: Maintenance = {
    ...current,
    status,
    startedAt: current.startedAt ?? (status === 'in_progress' ? ctx.now : null),
    completedAt: status === 'completed' ? ctx.now : current.completedAt,
  };
  return step(next, { status, moment, body }, ctx);
}

/** What a timer of the maintenance asks for. */
export type TimerAction = { kind: 'start' } | { kind: 'end' } | { kind: 'remind'; minutes: number };

/** Timers may fire this early (EventBridge Scheduler's precision is a minute) and still count. */
const EARLY_TOLERANCE_MS = 60_000;

/**
 * What a timer's firing does at `now`: the step to write, `early` when its moment has not come
 * yet (set the timer again), or null when there is nothing left to do (a late, repeated or stale
 * timer: a moved window, a cancelled or already started maintenance, a reminder already sent).
 */
export function onTimer(
  current: Maintenance,
  action: TimerAction,
  reminderMinutes: readonly number[],
  ctx: MaintenanceStepContext,
): MaintenanceStep | 'early' | null {
  const now = Date.parse(ctx.now);
  const startsAt = Date.parse(current.scheduledFor);
  const endsAt = Date.parse(current.scheduledUntil);
  switch (action.kind) {
    case 'start':
      if (current.status !== 'scheduled') return null;
      if (now < startsAt - EARLY_TOLERANCE_MS) return 'early';
      return move(current, 'in_progress', undefined, ctx);
    case 'end':
      if (current.status !== 'in_progress' && current.status !== 'verifying') return null;
      if (now < endsAt - EARLY_TOLERANCE_MS) return 'early';
      return move(current, 'completed', undefined, ctx);
    case 'remind': {
      const { minutes } = action;
      if (current.status !== 'scheduled' || !reminderMinutes.includes(minutes)) return null;
      if (current.remindersSent.includes(minutes) || now >= startsAt) return null;
      if (now < startsAt - minutes * 60_000 - EARLY_TOLERANCE_MS) return 'early';
      const next = { ...current, remindersSent: [...current.remindersSent, minutes] };
      return step(next, { status: 'scheduled', moment: 'reminder', body: undefined, reminderMinutes: minutes }, ctx);
    }
  }
}

export interface MaintenanceTimer {
  name: string;
  at: Date;
  action: TimerAction;
}

/**
 * The timers a maintenance needs now: its reminders still ahead (one whose time has passed is
 * skipped: "starts in 24 hours" is wrong an hour before), its start, its end. `stale` names the
 * timers it may have had and no longer needs, to cancel.
 */
export function timersOf(
  m: Maintenance,
  reminderMinutes: readonly number[],
  now: string,
): { wanted: MaintenanceTimer[]; stale: string[] } {
  const startsAt = Date.parse(m.scheduledFor);
  const all: MaintenanceTimer[] = [
    ...reminderMinutes.map((minutes) => ({
      name: timerName(m.id, { kind: 'remind', minutes }),
      at: new Date(startsAt - minutes * 60_000),
      action: { kind: 'remind' as const, minutes },
    })),
    { name: timerName(m.id, { kind: 'start' }), at: new Date(startsAt), action: { kind: 'start' } },
    { name: timerName(m.id, { kind: 'end' }), at: new Date(m.scheduledUntil), action: { kind: 'end' } },
  ];
  const nowMs = Date.parse(now);
  const needed = (t: MaintenanceTimer): boolean => {
    if (!isCurrentMaintenance(m)) return false;
    switch (t.action.kind) {
      case 'remind':
        return m.status === 'scheduled' && t.at.getTime() > nowMs && !m.remindersSent.includes(t.action.minutes);
      case 'start':
        return m.status === 'scheduled';
      case 'end':
        return true;
    }
  };
  return { wanted: all.filter(needed), stale: all.filter((t) => !needed(t)).map((t) => t.name) };
}

/** `maintenance-<id>-start`, `-end`, `-remind-<minutes>`: a valid EventBridge schedule name. */
export function timerName(id: string, action: TimerAction): string {
  return `maintenance-${id}-${action.kind === 'remind' ? `remind-${action.minutes}` : action.kind}`;
}

export function parseTimerName(name: string): { id: string; action: TimerAction } | null {
  const match = /^maintenance-([a-z0-9]{12})-(start|end|remind-(\d{1,6}))$/.exec(name);
  if (!match) return null;
  const id = match[1]!;
  if (match[2] === 'start') return { id, action: { kind: 'start' } };
  if (match[2] === 'end') return { id, action: { kind: 'end' } };
  return { id, action: { kind: 'remind', minutes: Number(match[3]) } };
}

function step(
  next: Maintenance,
  change: { status: MaintenanceStatus; moment: MaintenanceMoment; body: string | undefined; reminderMinutes?: number },
  ctx: MaintenanceStepContext,
): MaintenanceStep {
  const update: MaintenanceUpdate = {
    id: ctx.updateId,
    status: change.status,
    moment: change.moment,
    body: change.body ?? DEFAULT_MAINTENANCE_BODIES[change.moment],
    author: ctx.actor,
    createdAt: ctx.now,
    ...(change.reminderMinutes === undefined ? {} : { reminderMinutes: change.reminderMinutes }),
    ...(ctx.requestHash ? { requestHash: ctx.requestHash } : {}),
  };
  const maintenance: Maintenance = {
    ...next,
    updates: [...next.updates, update],
    updatedAt: ctx.now,
    version: next.version + 1,
  };
  const event: MaintenanceChanged = {
    type: 'maintenance.changed',
    id: `maintenance.${maintenance.id}.v${maintenance.version}`,
    occurredAt: ctx.now,
    actor: ctx.actor,
    maintenance: maintenanceSnapshotOf(maintenance),
    change: update,
    updateNumber: maintenance.updates.length,
  };
  return { maintenance, update, event };
}

function assertWindow(scheduledFor: string, scheduledUntil: string, now: string): void {
  if (Date.parse(scheduledUntil) <= Date.parse(scheduledFor))
    throw new ValidationError('The window ends before it starts', {
      errors: [{ field: 'scheduledUntil', message: 'must be after scheduledFor' }],
    });
  if (Date.parse(scheduledUntil) <= Date.parse(now))
    throw new ValidationError('The window is over already', {
      errors: [{ field: 'scheduledUntil', message: 'must be in the future' }],
    });
}

/** Past the bound only ending the maintenance (complete, cancel) is allowed: a new window can say more. */
function assertRoomForUpdates(current: Maintenance): void {
  if (current.updates.length >= MAX_MAINTENANCE_UPDATES)
    throw forbidden(
      'body',
      `the maintenance has ${current.updates.length} updates, the most it keeps: complete or cancel it, and schedule a new one to say more`,
    );
}

const forbidden = (field: string, message: string) =>
  new ForbiddenTransitionError(`This change is not allowed: ${message}`, { errors: [{ field, message }] });
