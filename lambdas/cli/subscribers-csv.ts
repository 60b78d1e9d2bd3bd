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

export interface CsvOptions {
  /**
   * Statuspage's headerless template has no confirmed column for `sms` rows; the operator says, by
   * this flag, that those numbers confirmed their opt-in in Statuspage.
   */
  smsConfirmedInStatuspage?: boolean;
}

/**
 * Reads subscribers from CSV. Two layouts are understood: Statuspage's import template, with no
 * header and positional columns (`email,<address>,<skip confirmation yes/no>`,
 * `sms,<number>,<country>`, `webhook,<url>`), and any file with a header row naming its columns,
 * such as Statuspage's and Lifeboat's exports. A subscriber counts as confirmed only where the
 * file (or, for Statuspage's SMS rows, the operator) says so. A row that is not valid CSV (a stray
 * quote) is reported by its line, and the rows after it are still read.
 */
export function readSubscribersCsv(text: string, options: CsvOptions = {}): CsvReading {
  const reading: CsvReading = { rows: [], errors: [], skipped: 0 };
  const records = csvRecords(text, reading.errors);
  if (records.length === 0) return reading;
  const first = records[0]!.record.map((cell) => cell.toLowerCase());
  const headerless = (CHANNELS as readonly string[]).includes(first[0] ?? '');
  const columns = headerless ? null : first.map((name) => COLUMN_ALIASES[name.replace(/[\s-]+/g, '_')] ?? null);

  for (const { record, line } of headerless ? records : records.slice(1)) {
    const row = columns ? fromNamedColumns(record, columns) : fromTemplate(record, options);
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
  reading.errors.sort((a, b) => a.line - b.line);
  return reading;
}

/**
 * The file's records, each with the line it starts on. Records are cut at line ends outside
 * quotes and parsed one by one, so one malformed record costs that record only.
 */
function csvRecords(text: string, errors: CsvReading['errors']): { record: string[]; line: number }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const records: { record: string[]; line: number }[] = [];
  const quotes = (line: string) => line.split('"').length - 1;
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    // A quoted field may span lines: take lines until the quotes balance.
    let end = i;
    let count = quotes(lines[i]!);
    while (count % 2 === 1 && end + 1 < lines.length) count += quotes(lines[++end]!);
    try {
      const [record] = parse(lines.slice(i, end + 1).join('\n'), {
        relax_column_count: true,
        trim: true,
      }) as string[][];
      if (record) records.push({ record, line: i + 1 });
      i = end + 1;
    } catch (error) {
      const reason =
        (error as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quote is never closed'
          : 'a quote is misplaced';
      errors.push({ line: i + 1, field: 'csv', message: `not readable as CSV (${reason}); the row was not imported` });
      i++; // the next line may be a good row again
    }
  }
  return records;
}

type Parsed = Omit<CsvRow, 'line'> | { error: { field: string; message: string } } | { skip: true };

function fromTemplate([type = '', address = '', third = '']: string[], options: CsvOptions): Parsed {
  const channel = type.toLowerCase();
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    return { error: { field: 'type', message: `unknown subscriber type "${type}" (email, sms or webhook)` } };
  }
  if (!address) return { error: { field: 'address', message: 'missing' } };
  if (channel === 'sms') {
    return {
      channel: 'sms',
      address,
      country: third || undefined,
      components: null,
      confirmed: options.smsConfirmedInStatuspage === true,
    };
  }
  return {
    channel: channel as 'email' | 'webhook',
    address,
    components: null,
    confirmed: channel === 'email' && YES.has(third.toLowerCase()),
  };
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
    : cell('email')
      ? 'email'
      : cell('phone')
        ? 'sms'
        : cell('webhook')
          ? 'webhook'
          : null;
  if (!channel) return { error: { field: 'type', message: 'no email, phone number or webhook URL in this row' } };
  const address = cell('address') || cell(channel === 'email' ? 'email' : channel === 'sms' ? 'phone' : 'webhook');
  if (!address) return { error: { field: 'address', message: 'missing' } };
  const components = cell('components')
    .split(/[;|,\s]+/)
    .filter(Boolean);
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
    subscribers.map((s) => [
      s.channel,
      s.address,
      (s.components ?? []).join(';'),
      s.state === 'confirmed' ? 'yes' : 'no',
      s.state,
      s.createdAt,
      s.confirmedAt ?? '',
    ]),
    { header: true, columns: ['type', 'address', 'components', 'confirmed', 'state', 'created_at', 'confirmed_at'] },
  );
}
