import type { ComponentStatus } from '../core/component';
import { COMPONENT_STATUSES } from '../core/component';
import type { Impact, IncidentStatus } from '../core/incident';
import { INCIDENT_STATUSES } from '../core/incident';

export type SlackCommand =
  | { kind: 'declare'; name: string | null; impact: Impact | null; components: Record<string, ComponentStatus>; body?: string }
  | { kind: 'update'; id: string; status: IncidentStatus; message: string }
  | { kind: 'resolve'; id: string; message: string | null }
  | { kind: 'status' }
  | { kind: 'cancel'; alertId: string }
  | { kind: 'help' }
  | { kind: 'invalid'; reason: string };

const IMPACTS: readonly Impact[] = ['none', 'minor', 'major', 'critical'];

/** The status a component gets when a declare names it without one: as bad as the impact says. */
export const STATUS_FOR_IMPACT: Record<Impact, ComponentStatus> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};

/** Splits on spaces, keeping "quoted phrases" (straight or curly quotes, as Slack sends them) whole. */
function tokens(text: string): string[] {
  return [...text.matchAll(/["“”]([^"“”]*)["“”]|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * Reads the text after /outage. A declare reads from the end: a last word that lists known
 * components (`api,db` or `api=major_outage`) is the components, a word before it that is an
 * impact is the impact, and the rest is the name. Whatever is missing, the modal asks for.
 */
export function parseSlackCommand(text: string, knownComponents: readonly string[]): SlackCommand {
  const [verb = 'help', ...rest] = tokens(text.trim());
  switch (verb.toLowerCase()) {
    case 'declare': {
      const words = [...rest];
      let components: Record<string, ComponentStatus> = {};
      let impact: Impact | null = null;
      const last = words.at(-1);
      const claims = last ? componentClaims(last, knownComponents) : null;
      if (claims) {
        components = claims;
        words.pop();
      }
      const maybeImpact = words.at(-1)?.toLowerCase();
      if (maybeImpact && (IMPACTS as readonly string[]).includes(maybeImpact)) {
        impact = maybeImpact as Impact;
        words.pop();
      }
      if (impact) {
        for (const [id, status] of Object.entries(components)) if (status === ('' as ComponentStatus)) components[id] = STATUS_FOR_IMPACT[impact];
      }
      const name = words.join(' ').trim();
      return { kind: 'declare', name: name || null, impact, components };
    }
    case 'update': {
      const [id, status, ...message] = rest;
      if (!id || !status || !(INCIDENT_STATUSES as readonly string[]).includes(status) || message.length === 0) {
        return { kind: 'invalid', reason: `use: /outage update <incident-id> <${INCIDENT_STATUSES.join('|')}> <message>` };
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
      if (!alertId || extra.length) return { kind: 'invalid', reason: 'use: /outage cancel <alert-id> (stops the incident a firing alert is about to declare)' };
      return { kind: 'cancel', alertId };
    }
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'invalid', reason: `unknown command "${verb}"` };
  }
}

/** `api,db=major_outage` → claims, when every part names a known component; otherwise null. */
function componentClaims(word: string, known: readonly string[]): Record<string, ComponentStatus> | null {
  const claims: Record<string, ComponentStatus> = {};
  for (const part of word.split(',').filter(Boolean)) {
    const [id, status] = part.split('=');
    if (!id || !known.includes(id)) return null;
    if (status !== undefined && !(COMPONENT_STATUSES as readonly string[]).includes(status)) return null;
    // An empty status is filled in from the impact once it is known.
    claims[id] = (status ?? '') as ComponentStatus;
  }
  return Object.keys(claims).length ? claims : null;
}
