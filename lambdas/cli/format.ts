import type { Component, ComponentStatus } from '../core/component';
import type { Incident } from '../core/incident';
import type { PageStatus } from '../core/page-status';

/** Text for a terminal. Colour only when the output is one, and the status is always spelled out. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  status(text: string, level: 'ok' | 'warn' | 'bad'): string;
}

export function makeStyle(colour: boolean): Style {
  const wrap = (code: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const colours = { ok: wrap(32), warn: wrap(33), bad: wrap(31) };
  return { bold: wrap(1), dim: wrap(2), status: (text, level) => colours[level](text) };
}

const COMPONENT_LEVEL: Record<ComponentStatus, 'ok' | 'warn' | 'bad'> = {
  operational: 'ok',
  under_maintenance: 'warn',
  degraded_performance: 'warn',
  partial_outage: 'bad',
  major_outage: 'bad',
};

const INDICATOR_LEVEL = { none: 'ok', minor: 'warn', major: 'bad', critical: 'bad' } as const;

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

export function formatIncident(incident: Incident, style: Style): string {
  const lines = [
    `${style.bold(incident.name)}  ${style.dim(`#${incident.id}`)}`,
    `  status ${incident.status}, impact ${incident.impact}, started ${time(incident.startedAt)}` +
      (incident.resolvedAt ? `, resolved ${time(incident.resolvedAt)}` : ''),
  ];
  const affected = Object.entries(incident.components);
  if (affected.length) {
    lines.push(`  components: ${affected.map(([id, status]) => `${id} (${status})`).join(', ')}`);
  }
  for (const update of [...incident.updates].reverse()) {
    lines.push(`  ${style.dim(time(update.createdAt))}  ${update.status}: ${update.body}  ${style.dim(`— ${update.author.name}`)}`);
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

export function formatStatus(
  summary: { page: { name: string }; status: PageStatus; components: Component[]; incidents: Incident[] },
  style: Style,
): string {
  const headline = style.status(summary.status.description, INDICATOR_LEVEL[summary.status.indicator]);
  const sections = [`${style.bold(summary.page.name)}: ${headline}`, formatComponents(summary.components, style)];
  sections.push(
    summary.incidents.length
      ? summary.incidents.map((i) => formatIncident(i, style)).join('\n\n')
      : style.dim('No open incidents.'),
  );
  return sections.join('\n\n');
}
