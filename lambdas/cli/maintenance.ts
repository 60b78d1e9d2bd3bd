import type { Maintenance } from '../core/maintenance';
import { ROUTES, routeUrl } from '../routes';
import type { LifeboatClient } from './api-client';
import { formatTime, type Style } from './format';

/** The usage of `lifeboat maintenance`, for the help and for mistakes. */
export const MAINTENANCE_USAGE = `maintenance schedule <name> --from <time> --until <time> [-c <component>]... [-m <message>]
  maintenance list | show <id>
  maintenance update <id> [--status <in_progress|verifying|completed>] [-m <message>]
  maintenance reschedule <id> [--from <time>] [--until <time>]
  maintenance cancel <id> [-m <message>]
  (a time is ISO 8601 with its offset, e.g. 2026-12-03T22:00:00Z, or from now: +2m, +1h, +1d)`;

export class MaintenanceUsageError extends Error {}

interface Options {
  from?: string | undefined;
  until?: string | undefined;
  status?: string | undefined;
  message?: string | undefined;
  component?: string[] | undefined;
}

/** `lifeboat maintenance ...`: schedule, list, show, update, reschedule and cancel maintenances. */
export async function maintenanceCommand(
  client: LifeboatClient,
  args: string[],
  options: Options,
  style: Style,
  print: (text: () => string, data: unknown) => Promise<void>,
  now: () => Date = () => new Date(),
): Promise<number> {
  const [verb, ...rest] = args;
  const id = () => {
    if (rest.length !== 1 || !rest[0]) throw new MaintenanceUsageError(`use: lifeboat maintenance ${verb} <id>`);
    return encodeURIComponent(rest[0]);
  };
  const show = (title: string, m: Maintenance) => print(() => `${title}\n\n${formatMaintenance(m, style)}`, m);
  switch (verb) {
    case 'schedule': {
      const name = rest.join(' ').trim();
      if (!name || !options.from || !options.until)
        throw new MaintenanceUsageError('schedule needs a name, --from and --until');
      const m = await client.post<Maintenance>(routeUrl(ROUTES.scheduleMaintenance), {
        name,
        scheduledFor: instant(options.from, now()),
        scheduledUntil: instant(options.until, now()),
        components: options.component ?? [],
        ...(options.message ? { body: options.message } : {}),
      });
      await show(`Scheduled maintenance ${m.id}`, m);
      return 0;
    }
    case 'list': {
      const page = await client.get<{ maintenances: Maintenance[] }>(routeUrl(ROUTES.listMaintenances));
      const text = () =>
        page.maintenances.length
          ? page.maintenances.map((m) => formatMaintenance(m, style)).join('\n\n')
          : style.dim('No maintenance scheduled.');
      await print(text, page);
      return 0;
    }
    case 'show': {
      const m = await client.get<Maintenance>(routeUrl(ROUTES.getMaintenance, { params: { id: id() } }));
      await print(() => formatMaintenance(m, style), m);
      return 0;
    }
    case 'update': {
      const path = routeUrl(ROUTES.addMaintenanceUpdate, { params: { id: id() } });
      if (!options.status && !options.message) throw new MaintenanceUsageError('update needs --status or -m <message>');
      const current = options.status
        ? undefined
        : await client.get<Maintenance>(routeUrl(ROUTES.getMaintenance, { params: { id: id() } }));
      const m = await client.post<Maintenance>(path, {
        status: options.status ?? current!.status,
        ...(options.message ? { body: options.message } : {}),
      });
      await show(`Updated maintenance ${m.id}`, m);
      return 0;
    }
    case 'reschedule': {
      if (!options.from && !options.until) throw new MaintenanceUsageError('reschedule needs --from or --until');
      const m = await client.patch<Maintenance>(routeUrl(ROUTES.editMaintenance, { params: { id: id() } }), {
        ...(options.from ? { scheduledFor: instant(options.from, now()) } : {}),
        ...(options.until ? { scheduledUntil: instant(options.until, now()) } : {}),
        ...(options.message ? { body: options.message } : {}),
      });
      await show(`Rescheduled maintenance ${m.id}`, m);
      return 0;
    }
    case 'cancel': {
      const m = await client.post<Maintenance>(
        routeUrl(ROUTES.cancelMaintenance, { params: { id: id() } }),
        options.message ? { body: options.message } : {},
      );
      await show(`Cancelled maintenance ${m.id}`, m);
      return 0;
    }
    default:
      throw new MaintenanceUsageError(`use: lifeboat ${MAINTENANCE_USAGE}`);
  }
}

/** An ISO time as given, or `+<n>m|h|d` from now. */
export function instant(text: string, now: Date): string {
  const relative = /^\+(\d{1,5})([mhd])$/.exec(text.trim());
  if (!relative) return text;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
  return new Date(now.getTime() + Number(relative[1]) * unit).toISOString();
}

export function formatMaintenance(m: Maintenance, style: Style): string {
  const level = m.status === 'cancelled' || m.status === 'completed' ? 'ok' : 'warn';
  const window = `${formatTime(m.scheduledFor, style.timeZone)} → ${formatTime(m.scheduledUntil, style.timeZone)}`;
  const lines = [
    `${style.bold(m.name)}  ${style.status(m.status, level)}  ${style.dim(m.id)}`,
    `  ${window}${m.components.length ? `  ${m.components.join(', ')}` : ''}`,
    ...m.updates
      .filter((u) => u.moment !== 'reminder')
      .map((u) => `  ${style.dim(formatTime(u.createdAt, style.timeZone))}  ${u.status}: ${u.body}`),
  ];
  return lines.join('\n');
}
