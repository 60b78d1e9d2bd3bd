import type { LifeboatConfig } from '../core/config';
import type { Maintenance } from '../core/maintenance';
import { maintenanceComponents, maintenanceUrl } from './maintenance-messages';

/**
 * The maintenances as an iCalendar feed (RFC 5545) calendar apps subscribe to: one VEVENT per
 * maintenance, its window in UTC, cancelled ones kept with STATUS:CANCELLED so subscribed
 * calendars drop them. Deterministic: every stamp comes from the maintenance itself, so the same
 * state gives the same bytes.
 */
export function maintenanceCalendar(config: LifeboatConfig, maintenances: readonly Maintenance[]): string {
  const host = new URL(config.page.url).hostname;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Lifeboat//Scheduled maintenance//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(`${config.page.name} maintenance`)}`,
    ...[...maintenances]
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor) || a.id.localeCompare(b.id))
      .flatMap((m) => event(config, host, m)),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

function event(config: LifeboatConfig, host: string, m: Maintenance): string[] {
  const components = maintenanceComponents(config, m);
  const latest = m.updates.filter((u) => u.moment !== 'reminder').at(-1);
  const description = [latest?.body, components.length ? components.join(', ') : undefined]
    .filter((part): part is string => !!part)
    .join('\n\n');
  return [
    'BEGIN:VEVENT',
    `UID:maintenance-${m.id}@${host}`,
    `DTSTAMP:${utc(m.updatedAt)}`,
    `CREATED:${utc(m.createdAt)}`,
    `LAST-MODIFIED:${utc(m.updatedAt)}`,
    // Every stored change counts up, so calendars take the newest.
    `SEQUENCE:${m.version}`,
    `DTSTART:${utc(m.scheduledFor)}`,
    `DTEND:${utc(m.scheduledUntil)}`,
    `SUMMARY:${text(m.name)}`,
    `DESCRIPTION:${text(description)}`,
    `URL:${maintenanceUrl(config, m)}`,
    `STATUS:${m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** 20261203T120000Z: a UTC date-time in iCalendar's basic form. */
const utc = (iso: string): string =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11). */
const text = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): each continuation starts with a space, and no
 * UTF-8 character is cut in two.
 */
const encoder = new TextEncoder();

export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // a continuation's leading space is one of its 75
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
