import type { ComponentStatus } from '../core/component';
import { COMPONENT_STATUSES } from '../core/component';
import type { Impact, IncidentStatus } from '../core/incident';
import { INCIDENT_STATUSES } from '../core/incident';

export type SlackCommand =
  | {
      kind: 'declare';
      name: string | null;
      impact: Impact | null;
      components: Record<string, ComponentStatus>;
      body?: string;
    }
  | { kind: 'update'; id: string; status: IncidentStatus; message: string }
  | { kind: 'resolve'; id: string; message: string | null }
  | { kind: 'status' }
  | { kind: 'cancel'; alertId: string }
  | {
      kind: 'maintenance-schedule';
      name: string;
      scheduledFor: string;
      scheduledUntil: string;
      components: string[];
      body?: string;
    }
  | { kind: 'maintenance-cancel'; id: string; message: string | null }
  | { kind: 'maintenance-reschedule'; id: string; scheduledFor: string; scheduledUntil: string }
  /** A message on the maintenance's timeline; with a status, it also moves the maintenance there. */
  | { kind: 'maintenance-update'; id: string; status: MaintenanceUpdateStatus | null; message: string }
  | { kind: 'help' }
  | { kind: 'invalid'; reason: string };

/** The `/outage maintenance …` commands. */
export type MaintenanceCommand = Extract<SlackCommand, { kind: `maintenance-${string}` }>;
export const isMaintenanceCommand = (command: SlackCommand): command is MaintenanceCommand =>
  command.kind.startsWith('maintenance-');

const IMPACTS: readonly Impact[] = ['none', 'minor', 'major', 'critical'];

/** The status a component gets when a declare names it without one: as bad as the impact says. */
export const STATUS_FOR_IMPACT: Record<Impact, ComponentStatus> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};

interface Word {
  text: string;
  /** Written in quotes: a phrase, never an impact or a component list. */
  quoted: boolean;
}

/** Splits on spaces, keeping "quoted phrases" (straight or curly quotes, as Slack sends them) whole. */
function words(text: string): Word[] {
  return [...text.matchAll(/["“”]([^"“”]*)["“”]|(\S+)/g)].map((m) => ({
    text: m[1] ?? m[2]!,
    quoted: m[1] !== undefined,
  }));
}

/**
 * Reads the text after /outage. A declare reads from the end: a last word that lists components
 * (`api,auth` or `api=major_outage`) is the components, a word before it that is an impact is the
 * impact, and the rest is the name. Whatever is missing, the modal asks for; whatever is wrong (an
 * unknown component, a misspelt impact) is answered with the valid values, never a pre-filled form.
 */
export function parseSlackCommand(text: string, knownComponents: readonly string[]): SlackCommand {
  const all = words(text.trim());
  const verb = all[0]?.text ?? 'help';
  const rest = all.slice(1).map((w) => w.text);
  switch (verb.toLowerCase()) {
    case 'declare':
      return parseDeclare(all.slice(1), knownComponents);
    case 'update': {
      const [id, status, ...message] = rest;
      if (!id || !status || !(INCIDENT_STATUSES as readonly string[]).includes(status) || message.length === 0) {
        return {
          kind: 'invalid',
          reason: `use: /outage update <incident-id> <${INCIDENT_STATUSES.join('|')}> <message>`,
        };
      }
      return { kind: 'update', id, status: status as IncidentStatus, message: message.join(' ') };
    }
    case 'resolve': {
      const [id, ...message] = rest;
      if (!id) return { kind: 'invalid', reason: 'use: /outage resolve <incident-id> [message]' };
      return { kind: 'resolve', id, message: message.length ? message.join(' ') : null };
    }
    case 'status':
      return { kind: 'status' };
    case 'cancel': {
      const [alertId, ...extra] = rest;
      if (!alertId || extra.length)
        return {
          kind: 'invalid',
          reason: 'use: /outage cancel <alert-id> (stops the incident a firing alert is about to declare)',
        };
      return { kind: 'cancel', alertId };
    }
    case 'maintenance':
      return parseMaintenance(all.slice(1), knownComponents);
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'invalid', reason: `unknown command "${verb}"` };
  }
}

const MAINTENANCE_USAGE =
  'use: /outage maintenance schedule "<name>" <start> <end> [components] [message] (times in ISO 8601 with their offset, e.g. 2026-12-03T22:00Z), /outage maintenance reschedule <id> <start> <end>, /outage maintenance update <id> [in_progress|verifying|completed] <message>, or /outage maintenance cancel <id> [message]';

/** The statuses an update may move a maintenance to (cancelling has its own command). */
const MAINTENANCE_UPDATE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
type MaintenanceUpdateStatus = (typeof MAINTENANCE_UPDATE_STATUSES)[number];

/** A time as the commands take it: ISO 8601 with its offset; NaN otherwise. */
const instant = (word: Word): number => (/^\d{4}-\d{2}-\d{2}T/.test(word.text) ? Date.parse(word.text) : Number.NaN);

/** `maintenance schedule "Database upgrade" 2026-12-03T22:00Z 2026-12-03T23:00Z api,db Writes pause` or `maintenance cancel <id>`. */
function parseMaintenance(given: Word[], known: readonly string[]): SlackCommand {
  const [verb, ...rest] = given;
  if (verb?.text.toLowerCase() === 'cancel') {
    const [id, ...message] = rest.map((w) => w.text);
    if (!id) return { kind: 'invalid', reason: MAINTENANCE_USAGE };
    return { kind: 'maintenance-cancel', id, message: message.length ? message.join(' ') : null };
  }
  if (verb?.text.toLowerCase() === 'reschedule') {
    const [id, from, until, ...extra] = rest;
    if (!id || !from || !until || extra.length) return { kind: 'invalid', reason: MAINTENANCE_USAGE };
    const [start, end] = [instant(from), instant(until)];
    if (Number.isNaN(start) || Number.isNaN(end))
      return {
        kind: 'invalid',
        reason: `"${Number.isNaN(start) ? from.text : until.text}" is not a time: ${MAINTENANCE_USAGE}`,
      };
    return {
      kind: 'maintenance-reschedule',
      id: id.text,
      scheduledFor: new Date(start).toISOString(),
      scheduledUntil: new Date(end).toISOString(),
    };
  }
  if (verb?.text.toLowerCase() === 'update') {
    const [id, ...words] = rest;
    const status = MAINTENANCE_UPDATE_STATUSES.find((s) => s === words[0]?.text.toLowerCase()) ?? null;
    const message = words
      .slice(status ? 1 : 0)
      .map((w) => w.text)
      .join(' ')
      .trim();
    if (!id || !message)
      return { kind: 'invalid', reason: `an update needs the maintenance's id and a message: ${MAINTENANCE_USAGE}` };
    return { kind: 'maintenance-update', id: id.text, status, message };
  }
  if (verb?.text.toLowerCase() !== 'schedule') return { kind: 'invalid', reason: MAINTENANCE_USAGE };
  const [name, from, until, ...more] = rest;
  if (!name || !from || !until) return { kind: 'invalid', reason: MAINTENANCE_USAGE };
  const times = [from, until].map(instant);
  if (times.some(Number.isNaN))
    return {
      kind: 'invalid',
      reason: `"${Number.isNaN(times[0]) ? from.text : until.text}" is not a time: ${MAINTENANCE_USAGE}`,
    };
  let components: string[] = [];
  const list = more[0];
  if (
    list &&
    !list.quoted &&
    list.text.split(',').every((id) => id && (known.includes(id) || list.text.includes(',')))
  ) {
    const unknown = list.text.split(',').filter((id) => !known.includes(id));
    if (unknown.length)
      return {
        kind: 'invalid',
        reason: `unknown component${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')}: the components are ${known.join(', ')}`,
      };
    components = list.text.split(',');
    more.shift();
  }
  const body = more
    .map((w) => w.text)
    .join(' ')
    .trim();
  return {
    kind: 'maintenance-schedule',
    name: name.text,
    scheduledFor: new Date(times[0]!).toISOString(),
    scheduledUntil: new Date(times[1]!).toISOString(),
    components,
    ...(body ? { body } : {}),
  };
}

function parseDeclare(given: Word[], known: readonly string[]): SlackCommand {
  const remaining = [...given];
  // `declare "API errors" major api`: after a quoted name, every word must be an impact or components.
  const nameQuoted = remaining[0]?.quoted === true;
  let components: Record<string, ComponentStatus> = {};
  const last = remaining.at(-1);
  if (
    last &&
    !last.quoted &&
    (remaining.length > 1 || !nameQuoted) &&
    looksLikeComponents(last.text, known, nameQuoted && remaining.length > 2)
  ) {
    const claims = componentClaims(last.text, known);
    if (typeof claims === 'string') return { kind: 'invalid', reason: claims };
    components = claims;
    remaining.pop();
  }
  let impact: Impact | null = null;
  const maybeImpact = remaining.at(-1);
  if (maybeImpact && !maybeImpact.quoted && (remaining.length > 1 || !nameQuoted)) {
    const word = maybeImpact.text.toLowerCase();
    if ((IMPACTS as readonly string[]).includes(word)) {
      impact = word as Impact;
      remaining.pop();
    } else if (nameQuoted && remaining.length === 2 && !nearlyAnImpact(word)) {
      return {
        kind: 'invalid',
        reason: `"${maybeImpact.text}" is neither an impact (${IMPACTS.join(', ')}) nor a component (${known.join(', ')})`,
      };
    } else if (nameQuoted || nearlyAnImpact(word)) {
      return { kind: 'invalid', reason: `unknown impact "${maybeImpact.text}": use ${IMPACTS.join(', ')}` };
    }
  }
  if (nameQuoted && remaining.length > 1) {
    return {
      kind: 'invalid',
      reason: `unexpected "${remaining[1]!.text}": use /outage declare "<name>" <${IMPACTS.join('|')}> <components>`,
    };
  }
  if (impact) {
    for (const [id, status] of Object.entries(components))
      if (status === ('' as ComponentStatus)) components[id] = STATUS_FOR_IMPACT[impact];
  }
  const name = remaining
    .map((w) => w.text)
    .join(' ')
    .trim();
  return { kind: 'declare', name: name || null, impact, components };
}

/** A word meant as components: a list, a claim with a status, a known id, or any word where only components can stand. */
function looksLikeComponents(word: string, known: readonly string[], mustBe: boolean): boolean {
  if (word.includes(',') || word.includes('=')) return true;
  if (known.includes(word)) return true;
  return mustBe && !(IMPACTS as readonly string[]).includes(word.toLowerCase());
}

/** `api,auth=major_outage` → claims; or what is wrong, with the valid values. */
function componentClaims(word: string, known: readonly string[]): Record<string, ComponentStatus> | string {
  const claims: Record<string, ComponentStatus> = {};
  const parts = word.split(',').filter(Boolean);
  const unknown = parts.map((part) => part.split('=')[0]!).filter((id) => !known.includes(id));
  if (unknown.length) {
    const list = unknown.map((id) => `"${id}"`).join(', ');
    return `unknown component${unknown.length > 1 ? 's' : ''} ${list}: the components are ${known.join(', ')}`;
  }
  for (const part of parts) {
    const [id, status] = part.split('=') as [string, string | undefined];
    if (status !== undefined && !(COMPONENT_STATUSES as readonly string[]).includes(status)) {
      return `unknown status "${status}" for ${id}: use ${COMPONENT_STATUSES.join(', ')}`;
    }
    // An empty status is filled in from the impact once it is known.
    claims[id] = (status ?? '') as ComponentStatus;
  }
  return claims;
}

/**
 * A misspelt impact (`majr`, `critcal`) rather than the last word of a name: one edit from minor or
 * major, two from critical. Not `none`, which too many short words are one edit from (node, done).
 */
function nearlyAnImpact(word: string): boolean {
  return IMPACTS.some((impact) => impact !== 'none' && editDistance(word, impact) <= (impact.length >= 7 ? 2 : 1));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
