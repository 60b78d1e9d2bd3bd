import type { Component, ComponentStatus } from '../core/component';
import type { Incident } from '../core/incident';
import type { Maintenance } from '../core/maintenance';
import type { PageStatus } from '../core/page-status';
import { isoWithOffset } from '../render/time';

/** Text for a terminal. Colour only when the output is one, and the status is always spelled out. */
export interface Style {
  /** The zone times are shown in: the page's (UTC until it is known). */
  timeZone: string;
  bold(text: string): string;
  dim(text: string): string;
  status(text: string, level: 'ok' | 'warn' | 'bad'): string;
}

export function makeStyle(colour: boolean): Style {
  const wrap = (code: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const colours = { ok: wrap(32), warn: wrap(33), bad: wrap(31) };
  return { timeZone: 'UTC', bold: wrap(1), dim: wrap(2), status: (text, level) => colours[level](text) };
}

const COMPONENT_LEVEL: Record<ComponentStatus, 'ok' | 'warn' | 'bad'> = {
  operational: 'ok',
  under_maintenance: 'warn',
  degraded_performance: 'warn',
  partial_outage: 'bad',
  major_outage: 'bad',
};

const INDICATOR_LEVEL = { none: 'ok', minor: 'warn', major: 'bad', critical: 'bad' } as const;

/** "2026-11-23 23:04:05 CET": the wall-clock time in the zone, then the zone's short name. */
export function formatTime(iso: string, timeZone: string): string {
  const local = isoWithOffset(iso, timeZone);
  const zone = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')?.value;
  return `${local.slice(0, 10)} ${local.slice(11, 19)} ${zone ?? timeZone}`;
}

export function formatIncident(incident: Incident, style: Style): string {
  const lines = [
    `${style.bold(incident.name)}  ${style.dim(`#${incident.id}`)}`,
    `  status ${incident.status}, impact ${incident.impact}, started ${formatTime(incident.startedAt, style.timeZone)}` +
      (incident.resolvedAt ? `, resolved ${formatTime(incident.resolvedAt, style.timeZone)}` : ''),
  ];
  const affected = Object.entries(incident.components);
  if (affected.length) {
    lines.push(`  components: ${affected.map(([id, status]) => `${id} (${status})`).join(', ')}`);
  }
  const { postmortem } = incident;
  if (postmortem) {
    lines.push(
      `  postmortem revision ${postmortem.revision}, published ${formatTime(postmortem.publishedAt, style.timeZone)}` +
        (postmortem.updatedAt !== postmortem.publishedAt
          ? `, edited ${formatTime(postmortem.updatedAt, style.timeZone)}`
          : '') +
        `  ${style.dim(`— ${postmortem.author.name}`)}`,
    );
  }
  for (const update of [...incident.updates].reverse()) {
    lines.push(
      `  ${style.dim(formatTime(update.createdAt, style.timeZone))}  ${update.status}: ${update.body}  ${style.dim(`— ${update.author.name}`)}`,
    );
  }
  return lines.join('\n');
}

export function formatComponents(components: Component[], style: Style): string {
  const width = Math.max(...components.map((c) => c.id.length));
  const statusWidth = Math.max(...components.map((c) => c.status.length));
  return components
    .map((c) => {
      const status = style.status(c.status.padEnd(statusWidth), COMPONENT_LEVEL[c.status]);
      return `  ${c.id.padEnd(width)}  ${status}  ${style.dim(c.name)}`;
    })
    .join('\n');
}

/** A maintenance window on one line: name, status, window, components. */
type MaintenanceLine = Pick<Maintenance, 'id' | 'name' | 'status' | 'scheduledFor' | 'scheduledUntil' | 'components'>;

export function formatStatus(
  summary: {
    page: { name: string };
    status: PageStatus;
    components: Component[];
    incidents: Incident[];
    /** Absent from a server older than the CLI. */
    maintenances?: MaintenanceLine[];
  },
  style: Style,
): string {
  const headline = style.status(summary.status.description, INDICATOR_LEVEL[summary.status.indicator]);
  const sections = [`${style.bold(summary.page.name)}: ${headline}`, formatComponents(summary.components, style)];
  sections.push(
    summary.incidents.length
      ? summary.incidents.map((i) => formatIncident(i, style)).join('\n\n')
      : style.dim('No open incidents.'),
  );
  if (summary.maintenances?.length) {
    const lines = summary.maintenances.map((m) => {
      const window = `${formatTime(m.scheduledFor, style.timeZone)} → ${formatTime(m.scheduledUntil, style.timeZone)}`;
      const components = m.components.length ? `  ${m.components.join(', ')}` : '';
      return `  ${style.bold(m.name)}  ${style.status(m.status, 'warn')}  ${window}${components}  ${style.dim(m.id)}`;
    });
    sections.push([style.bold('Maintenance'), ...lines].join('\n'));
  }
  return sections.join('\n\n');
}
