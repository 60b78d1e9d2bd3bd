import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** A row read from a CSV file, before the API validates its address. */
export interface CsvRow {
  line: number;
  channel: 'email' | 'sms' | 'webhook';
  address: string;
  country?: string;
  components: string[] | null;
  confirmed: boolean;
}

export interface CsvReading {
  rows: CsvRow[];
  /** Rows that could not even be read (no address, unknown type); the API checks the rest. */
  errors: { line: number; field: string; message: string }[];
  /** Rows left out on purpose: people who unsubscribed or were suppressed stay out. */
  skipped: number;
}

const CHANNELS = ['email', 'sms', 'webhook'] as const;
const YES = new Set(['yes', 'y', 'true', '1', 'confirmed']);

/** Column names as they appear in exports (Statuspage's, Lifeboat's), reduced to one spelling each. */
const COLUMN_ALIASES: Record<string, string> = {
  type: 'channel',
  mode: 'channel',
  channel: 'channel',
  subscription_type: 'channel',
  email: 'email',
  email_address: 'email',
  phone: 'phone',
  phone_number: 'phone',
  number: 'phone',
  phone_country: 'country',
  country: 'country',
  endpoint: 'webhook',
  webhook: 'webhook',
  webhook_url: 'webhook',
  url: 'webhook',
  address: 'address',
  components: 'components',
  component_ids: 'components',
  confirmed: 'confirmed',
  skip_confirmation_notification: 'confirmed',
  state: 'state',
  status: 'state',
  quarantined_at: 'quarantined',
};

/**
 * Reads subscribers from CSV. Two layouts are understood: Statuspage's import template, with no
 * header and positional columns (`email,<address>,<skip confirmation yes/no>`,
 * `sms,<number>,<country>`, `webhook,<url>`), and any file with a header row naming its columns,
 * such as Statuspage's and Lifeboat's exports. A subscriber counts as confirmed only where the
 * file says so.
 */
export function readSubscribersCsv(text: string): CsvReading {
  const records = (
    parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, info: true, raw: true }) as unknown as {
      record: string[];
      raw: string;
      info: { lines: number };
    }[]
  ).map(({ record, raw, info }) => ({
    record,
    // csv-parse counts the line a record ends on; a person looks for the line it starts on.
    line: info.lines - (raw.replace(/^[\r\n]+|[\r\n]+$/g, '').match(/\n/g)?.length ?? 0),
  }));
  const reading: CsvReading = { rows: [], errors: [], skipped: 0 };
  if (records.length === 0) return reading;
  const first = records[0]!.record.map((cell) => cell.toLowerCase());
  const headerless = (CHANNELS as readonly string[]).includes(first[0] ?? '');
  const columns = headerless ? null : first.map((name) => COLUMN_ALIASES[name.replace(/[\s-]+/g, '_')] ?? null);

  for (const { record, line } of headerless ? records : records.slice(1)) {
    const row = columns ? fromNamedColumns(record, columns) : fromTemplate(record);
    if ('skip' in row) {
      reading.skipped++;
      continue;
    }
    if ('error' in row) {
      reading.errors.push({ line, ...row.error });
      continue;
    }
    reading.rows.push({ line, ...row });
  }
  return reading;
}

type Parsed = Omit<CsvRow, 'line'> | { error: { field: string; message: string } } | { skip: true };

function fromTemplate([type = '', address = '', third = '']: string[]): Parsed {
  const channel = type.toLowerCase();
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    return { error: { field: 'type', message: `unknown subscriber type "${type}" (email, sms or webhook)` } };
  }
  if (!address) return { error: { field: 'address', message: 'missing' } };
  if (channel === 'sms') return { channel: 'sms', address, country: third || undefined, components: null, confirmed: false };
  return { channel: channel as 'email' | 'webhook', address, components: null, confirmed: channel === 'email' && YES.has(third.toLowerCase()) };
}

function fromNamedColumns(record: string[], columns: (string | null)[]): Parsed {
  const cell = (name: string) => {
    const index = columns.indexOf(name);
    return index === -1 ? '' : (record[index] ?? '');
  };
  const state = cell('state').toLowerCase();
  if (state === 'unsubscribed' || state === 'suppressed' || cell('quarantined')) return { skip: true };
  const explicit = cell('channel').toLowerCase();
  const channel = (CHANNELS as readonly string[]).includes(explicit)
    ? (explicit as CsvRow['channel'])
    : cell('email') ? 'email' : cell('phone') ? 'sms' : cell('webhook') ? 'webhook' : null;
  if (!channel) return { error: { field: 'type', message: 'no email, phone number or webhook URL in this row' } };
  const address = cell('address') || cell(channel === 'email' ? 'email' : channel === 'sms' ? 'phone' : 'webhook');
  if (!address) return { error: { field: 'address', message: 'missing' } };
  const components = cell('components').split(/[;|,\s]+/).filter(Boolean);
  return {
    channel,
    address,
    country: cell('country') || undefined,
    components: components.length ? components : null,
    confirmed: YES.has(cell('confirmed').toLowerCase()) || state === 'confirmed',
  };
}

export interface ExportedSubscriber {
  channel: string;
  address: string;
  components: string[] | null;
  state: string;
  createdAt: string;
  confirmedAt: string | null;
}

/** Lifeboat's export: a header row, one subscriber a line, readable back by `readSubscribersCsv`. */
export function writeSubscribersCsv(subscribers: ExportedSubscriber[]): string {
  return stringify(
    subscribers.map((s) => [s.channel, s.address, (s.components ?? []).join(';'), s.state === 'confirmed' ? 'yes' : 'no', s.state, s.createdAt, s.confirmedAt ?? '']),
    { header: true, columns: ['type', 'address', 'components', 'confirmed', 'state', 'created_at', 'confirmed_at'] },
  );
}
