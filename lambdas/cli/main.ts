/**
 * `npx lifeboat`: on-call's command line. It talks to the management API, local or deployed, so it
 * keeps working when Slack is part of the outage.
 */

import { open, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import lifeboatConfig from '../../lifeboat.config';
import type { Component } from '../core/component';
import { parseConfig } from '../core/config';
import type { Incident } from '../core/incident';
import { Integration } from '../core/integration';
import type { PageStatus } from '../core/page-status';
import { ROUTES, routeUrl } from '../routes';
import { slackManifest } from '../slack/manifest';
import { signSlackRequest } from '../slack/signature';
import { ApiError, LifeboatClient, UnreachableError } from './api-client';
import { formatComponents, formatIncident, formatStatus, formatTime, makeStyle, type Style } from './format';
import { createApiKey, createIntegrationSecret } from './keys';
import { MAINTENANCE_USAGE, MaintenanceUsageError, maintenanceCommand } from './maintenance';
import { publishPage } from './page-publish';
import { ProgressBar } from './progress';
import { formatDrill, RestoreRefusedError, restoreDrill } from './restore-drill';
import { type ExportedSubscriber, readSubscribersCsv, writeSubscribersCsv } from './subscribers-csv';
import { exportTable, importTable, readExport, type TableCounts } from './table-snapshot';

const LOCAL_URL = 'http://127.0.0.1:3000';
/** The key local mode accepts by default (see lambdas/local/main.ts). Never valid on AWS. */
const LOCAL_DEFAULT_KEY = 'lifeboat-local-key';
/** The Slack signing secret local mode accepts by default (see lambdas/local/local-slack-workspace.ts). */
const LOCAL_SLACK_SIGNING_SECRET = 'lifeboat-local-slack-signing-secret';

const HELP = `Usage: lifeboat <command> [options]

Commands:
  declare <name> --impact <none|minor|major|critical> [-c <component>=<status>]... [-m <message>]
                 [--status <investigating|identified|monitoring>]
  update <incident-id> --status <status> -m <message> [-c <component>=<status>]... [--impact <impact>]
  resolve <incident-id> [-m <message>]
  show <incident-id>
  incident postmortem <incident-id> --file <pm.md> [--notify]
                                  publish (or edit) the postmortem of a resolved incident, in Markdown;
                                  --notify tells subscribers of its components (once per revision)
  status                          overall status, components and open incidents
  ${MAINTENANCE_USAGE}
  incidents [--limit <n>]         recent incidents, newest first
  components                      components and their status
  components set <id> <status>    set a component's status outside incidents
  plan --dry-run <incident-id>    what the response plan would send, to whom, for the latest update
  subscribers import <file.csv> [--sms-confirmed-in-statuspage]
                                  import subscribers (Statuspage's template or any CSV with a header row);
                                  the flag imports the template's sms rows as confirmed (they confirmed in Statuspage)
  subscribers export [--output <file.csv>]
  keys create --name <name> --scope <read|write> --table <table> --pepper-secret <arn> [--region <r>]
                                  issue an API key (with your AWS credentials; shown once)
  slack sign <body>               curl options signing a Slack request body, as Slack would
                                  (secret: env LIFEBOAT_SLACK_SIGNING_SECRET, else the local default)
  slack manifest --url <ApiUrl>   the Slack app manifest pointed at your API (paste it at api.slack.com)
  integrations create <alertmanager|grafana|cloudwatch|generic> --name <name> --table <table>
                 --pepper-secret <arn> [--region <r>]
                                  issue the secret a monitoring system sends its alerts with (shown once)
  alerts                          alerts firing now: held, or shown on the page
  alerts cancel <alert-id>        stop the incident a firing alert is about to declare

With your own AWS credentials, when Lifeboat's region (or its data) is lost (README: "When Lifeboat's own region fails"):
  page publish --to <bucket> (--table <table> | --from-export <file>) [--region <r>] [--distribution-id <id>]
               [--api-url <url>] [--outage-message <text>]
               [--declare <name> --impact <i> | --update <incident-id> --status <s>] [-m <message>] [-c <c>=<s>]...
                                  render the status page and publish it straight to a bucket; a declare or
                                  update (export only) shows on the page, is sent to no one, and changes no table
  table export --table <table> -o <file.jsonl>     every item, one DynamoDB-JSON line each
  table import --table <table> --from-export <file>  write an export into a table (created if missing)
  restore-drill --to <new-table> (--table <source> [--time <iso>] | --from-export <file>)
                                  restore into a new table, check its counts, tell how to use it
  (--endpoint <url> / LIFEBOAT_DYNAMODB_ENDPOINT and --s3-endpoint <url> / LIFEBOAT_S3_ENDPOINT reach
   other endpoints than AWS's, e.g. the local emulators)

Component statuses: operational, degraded_performance, partial_outage, major_outage, under_maintenance

Options:
  --url <url>     API base URL (env LIFEBOAT_URL; default ${LOCAL_URL})
  --key <key>     API key (env LIFEBOAT_API_KEY; against a local URL the local default is used)
  --json          print the API's JSON instead of text
  -h, --help      this help

Exit status: 0 done, 1 the API refused or could not be reached, 2 wrong usage (or a file that cannot be read).`;

/** Commands whose output shows times. */
const TIMED_COMMANDS = new Set([
  'declare',
  'update',
  'resolve',
  'show',
  'status',
  'incidents',
  'incident',
  'alerts',
  'maintenance',
]);

class UsageError extends Error {}
/** A local file that cannot be read: exit status 2, like any other usage mistake. */
class FileError extends Error {}

interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Raw progress output (no added newline); stderr on a terminal. */
  progress?(text: string): void;
}

/** The command line as `parseArgs` reads it: every option any command takes. */
function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      impact: { type: 'string' },
      status: { type: 'string' },
      message: { type: 'string', short: 'm' },
      component: { type: 'string', short: 'c', multiple: true },
      limit: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string' },
      table: { type: 'string' },
      'pepper-secret': { type: 'string' },
      pepper: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      's3-endpoint': { type: 'string' },
      to: { type: 'string' },
      'from-export': { type: 'string' },
      'distribution-id': { type: 'string' },
      'api-url': { type: 'string' },
      'outage-message': { type: 'string' },
      declare: { type: 'string' },
      update: { type: 'string' },
      time: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'dry-run': { type: 'boolean', default: false },
      file: { type: 'string' },
      notify: { type: 'boolean' },
      'sms-confirmed-in-statuspage': { type: 'boolean', default: false },
    },
  });
}

/** `terminal`: output goes to a person's terminal (colour, a progress bar redrawn in place). */
export async function run(argv: string[], env: NodeJS.ProcessEnv, output: Output, terminal = false): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || !command) {
    (command ? output.out : output.err)(HELP);
    return command || values.help ? 0 : 2;
  }

  const url = values.url ?? env.LIFEBOAT_URL ?? LOCAL_URL;
  const key = values.key ?? env.LIFEBOAT_API_KEY ?? (isLoopback(url) ? LOCAL_DEFAULT_KEY : undefined);
  const client = new LifeboatClient(url, key);
  const style = makeStyle(terminal);
  // Times are shown in the page's time zone, as the page shows them. Asked for beside the command
  // (never before it, so an unreachable API is waited for once); UTC if it cannot be had.
  let pageTimeZone: Promise<string> | undefined;
  const timeZone = () =>
    (pageTimeZone ??= client.get<{ timeZone?: string }>(routeUrl(ROUTES.health)).then(
      (h) => h.timeZone ?? 'UTC',
      () => 'UTC',
    ));
  if (!values.json && TIMED_COMMANDS.has(command)) void timeZone();
  const print = async (text: () => string, data: unknown) => {
    if (values.json) return output.out(JSON.stringify(data, null, 2));
    style.timeZone = await timeZone();
    output.out(text());
  };

  try {
    switch (command) {
      case 'declare': {
        const name = args.join(' ').trim();
        if (!name) throw new UsageError('declare needs a name, e.g. lifeboat declare "API errors" --impact major');
        if (!values.impact) throw new UsageError('declare needs --impact (none, minor, major or critical)');
        const incident = await client.post<Incident>(routeUrl(ROUTES.declareIncident), {
          name,
          impact: values.impact,
          ...(values.status ? { status: values.status } : {}),
          ...(values.message ? { body: values.message } : {}),
          components: componentClaims(values.component),
        });
        await print(() => `Declared incident ${incident.id}\n\n${formatIncident(incident, style)}`, incident);
        return 0;
      }
      case 'update': {
        const id = onlyArg(args, 'update <incident-id>');
        if (!values.status || !values.message) throw new UsageError('update needs --status and -m <message>');
        const incident = await client.post<Incident>(routeUrl(ROUTES.addIncidentUpdate, { params: { id } }), {
          status: values.status,
          body: values.message,
          ...(values.impact ? { impact: values.impact } : {}),
          ...(values.component ? { components: componentClaims(values.component) } : {}),
        });
        await print(() => `Updated incident ${incident.id}\n\n${formatIncident(incident, style)}`, incident);
        return 0;
      }
      case 'resolve': {
        const id = onlyArg(args, 'resolve <incident-id>');
        const incident = await client.post<Incident>(
          routeUrl(ROUTES.resolveIncident, { params: { id } }),
          values.message ? { body: values.message } : {},
        );
        await print(() => `Resolved incident ${incident.id}\n\n${formatIncident(incident, style)}`, incident);
        return 0;
      }
      case 'show': {
        const incident = await client.get<Incident>(
          routeUrl(ROUTES.getIncident, { params: { id: onlyArg(args, 'show <incident-id>') } }),
        );
        await print(() => formatIncident(incident, style), incident);
        return 0;
      }
      case 'incident': {
        const [verb, id, ...rest] = args;
        const usage = 'use: lifeboat incident postmortem <incident-id> --file <pm.md> [--notify]';
        if (verb !== 'postmortem' || !id || rest.length || !values.file) throw new UsageError(usage);
        const body = await readLocalFile(values.file);
        const incident = await client.put<Incident>(routeUrl(ROUTES.writePostmortem, { params: { id } }), {
          body,
          ...(values.notify === undefined ? {} : { notify: values.notify }),
        });
        await print(
          () =>
            `Postmortem of incident ${incident.id}: revision ${incident.postmortem?.revision}\n\n${formatIncident(incident, style)}`,
          incident,
        );
        return 0;
      }
      case 'status': {
        const summary = await client.get<StatusAnswer>(routeUrl(ROUTES.getStatus));
        await print(() => formatStatus(summary, style), summary);
        return 0;
      }
      case 'incidents': {
        const limit = values.limit ?? '10';
        const page = await client.get<{ incidents: Incident[] }>(routeUrl(ROUTES.listIncidents, { query: { limit } }));
        const text = () =>
          page.incidents.length
            ? page.incidents.map((i) => formatIncident(i, style)).join('\n\n')
            : style.dim('No incidents yet.');
        await print(text, page);
        return 0;
      }
      case 'components':
        return await components(client, args, style, print);
      case 'keys':
        return await keys(args, values, env, output);
      case 'integrations':
        return await integrations(args, values, env, output);
      case 'maintenance':
        return await maintenanceCommand(client, args, values, style, print);
      case 'alerts':
        return await alerts(client, args, style, print);
      case 'plan': {
        const id = onlyArg(args, 'plan --dry-run <incident-id>');
        if (!values['dry-run'])
          throw new UsageError('plan only runs as a dry run: lifeboat plan --dry-run <incident-id>');
        const plan = await client.get<PlanPreview>(routeUrl(ROUTES.previewPlan, { params: { id } }));
        await print(() => formatPlan(plan, style), plan);
        return 0;
      }
      case 'page':
      case 'table':
      case 'restore-drill':
        return await recovery(command, args, values, env, output).catch((error: unknown) => {
          if (error instanceof UsageError) throw error;
          // AWS's own words (no credentials, no such bucket or table, access denied) are what on-call needs.
          const cause = (error as Error).cause as Error | undefined;
          output.err(`lifeboat ${command} failed: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}`);
          return 1;
        });
      case 'slack':
        return await slack(args, env, output, values.url ?? env.LIFEBOAT_URL);
      case 'subscribers':
        return await subscribers(
          client,
          args,
          { outputFile: values.output, smsConfirmedInStatuspage: values['sms-confirmed-in-statuspage'] },
          output,
          terminal,
        );
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    return report(error, output, style);
  }
}

type PlanPreview = {
  incident: { id: string; name: string; impact: string; status: string };
  messages: { channel: string; to: string; subject: string | null; body: string }[];
};

function formatPlan(plan: PlanPreview, style: Style): string {
  const { incident, messages } = plan;
  const head = `${style.bold(incident.name)} (${incident.impact}, ${incident.status}): ${messages.length} message(s) would be sent`;
  const lines = messages.map((m) =>
    `  ${m.channel.padEnd(7)} → ${m.to}
${
  (m.subject
    ? `${m.subject}
`
    : '') + m.body
}`.replace(/\n(?! {2})/g, '\n            '),
  );
  return [head, ...lines].join('\n');
}

type StatusAnswer = { page: { name: string }; status: PageStatus; components: Component[]; incidents: Incident[] };

async function components(
  client: LifeboatClient,
  args: string[],
  style: Style,
  print: (text: () => string, data: unknown) => Promise<void>,
): Promise<number> {
  if (args.length === 0) {
    const answer = await client.get<{ components: Component[] }>(routeUrl(ROUTES.listComponents));
    await print(() => formatComponents(answer.components, style), answer);
    return 0;
  }
  const [verb, id, status, ...rest] = args;
  if (verb !== 'set' || !id || !status || rest.length) {
    throw new UsageError('use: lifeboat components set <component-id> <status>');
  }
  const component = await client.patch<Component>(routeUrl(ROUTES.setComponentStatus, { params: { id } }), { status });
  await print(() => `${component.name} (${component.id}) now shows ${component.status}`, component);
  return 0;
}

const IMPORT_BATCH = 100;

async function subscribers(
  client: LifeboatClient,
  args: string[],
  { outputFile, smsConfirmedInStatuspage }: { outputFile: string | undefined; smsConfirmedInStatuspage: boolean },
  output: Output,
  terminal: boolean,
): Promise<number> {
  const [verb, file, ...rest] = args;
  if (verb === 'export' && !file) {
    const all: ExportedSubscriber[] = [];
    let cursor: string | null = null;
    do {
      const page: { subscribers: ExportedSubscriber[]; nextCursor: string | null } = await client.get(
        routeUrl(ROUTES.listSubscribers, { query: { limit: 1000, cursor } }),
      );
      all.push(...page.subscribers);
      cursor = page.nextCursor;
    } while (cursor);
    const csv = writeSubscribersCsv(all);
    if (outputFile) {
      await writeFile(outputFile, csv);
      output.err(`Exported ${all.length} subscribers to ${outputFile}`);
    } else output.out(csv.trimEnd());
    return 0;
  }
  if (verb !== 'import' || !file || rest.length)
    throw new UsageError('use: lifeboat subscribers import <file.csv> | subscribers export [--output <file.csv>]');

  const reading = readSubscribersCsv(await readLocalFile(file), { smsConfirmedInStatuspage });
  const errors = [...reading.errors];
  const skipped: { line: number; reason: string }[] = [];
  let created = 0;
  let updated = 0;
  const progress = new ProgressBar(reading.rows.length, output.progress ?? output.err, terminal);
  progress.update(0);
  for (let i = 0; i < reading.rows.length; i += IMPORT_BATCH) {
    const batch = reading.rows.slice(i, i + IMPORT_BATCH);
    const report = await client.post<{
      created: number;
      updated: number;
      skipped: typeof skipped;
      errors: typeof errors;
    }>(routeUrl(ROUTES.importSubscribers), { rows: batch });
    created += report.created;
    updated += report.updated;
    skipped.push(...report.skipped);
    errors.push(...report.errors);
    progress.update(Math.min(i + IMPORT_BATCH, reading.rows.length));
  }
  const leftOut = reading.skipped + skipped.length;
  output.out(
    `Imported ${created} new and updated ${updated} existing subscribers${leftOut ? `, ${leftOut} left out (unsubscribed or suppressed)` : ''}.`,
  );
  // An unsubscribe, a complaint, a bounce or a STOP is final: said, but not an error.
  for (const s of skipped.sort((a, b) => a.line - b.line)) output.out(`  line ${s.line}: skipped: ${s.reason}`);
  if (errors.length === 0) return 0;
  output.err(`${errors.length} row(s) were not imported:`);
  for (const e of errors.sort((a, b) => a.line - b.line)) output.err(`  line ${e.line}: ${e.field}: ${e.message}`);
  return 1;
}

/** A file the user named: a missing or unreadable one is their mistake, said in one line. */
async function readLocalFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new FileError(`Cannot read ${file}: ${why}`);
  }
}

/**
 * `slack sign <body>`: the two headers Slack signs a request with, as curl options, so a signed
 * /outage request can be sent from a shell: curl $(npx lifeboat slack sign "$BODY") --data "$BODY" ...
 */
async function slack(
  args: string[],
  env: NodeJS.ProcessEnv,
  output: Output,
  apiUrl: string | undefined,
): Promise<number> {
  const [verb, body, ...rest] = args;
  if (verb === 'manifest' && body === undefined) {
    if (!apiUrl) throw new UsageError('use: lifeboat slack manifest --url <the ApiUrl output>');
    const template = await readFile(new URL('../../slack-app-manifest.json', import.meta.url), 'utf8');
    try {
      output.out(slackManifest(template, apiUrl));
    } catch (error) {
      throw new UsageError(`slack manifest: ${(error as Error).message}`);
    }
    return 0;
  }
  if (verb !== 'sign' || body === undefined || rest.length)
    throw new UsageError('use: lifeboat slack sign <request body>');
  const secret = env.LIFEBOAT_SLACK_SIGNING_SECRET || LOCAL_SLACK_SIGNING_SECRET;
  const headers = signSlackRequest(body, secret, Math.floor(Date.now() / 1000));
  output.out(
    Object.entries(headers)
      .map(([name, value]) => `-H ${name}:${value}`)
      .join(' '),
  );
  return 0;
}

async function keys(
  args: string[],
  values: {
    name?: string;
    scope?: string;
    table?: string;
    'pepper-secret'?: string;
    pepper?: string;
    region?: string;
    endpoint?: string;
  },
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<number> {
  if (args.join(' ') !== 'create')
    throw new UsageError('use: lifeboat keys create --name <name> --scope <read|write> ...');
  const scope = values.scope;
  if (!values.name || (scope !== 'read' && scope !== 'write')) {
    throw new UsageError('keys create needs --name and --scope read or write');
  }
  const tableName = values.table ?? env.LIFEBOAT_TABLE;
  const secretArn = values['pepper-secret'] ?? env.LIFEBOAT_PEPPER_SECRET_ARN;
  if (!tableName || !(secretArn || values.pepper)) {
    throw new UsageError(
      'keys create needs --table and --pepper-secret (the stack outputs TableName and ApiKeyPepperSecretArn)',
    );
  }
  const key = await createApiKey({
    name: values.name,
    scope,
    tableName,
    pepper: values.pepper ? { value: values.pepper } : { secretArn: secretArn! },
    region: values.region,
    endpoint: values.endpoint,
  });
  output.out(key);
  output.err(
    `Issued a ${scope} key named "${values.name}". It is shown only this once: store it in your secret manager.`,
  );
  return 0;
}

/** The commands that work with AWS credentials alone, for when the service's region is gone. */
async function recovery(
  command: 'page' | 'table' | 'restore-drill',
  args: string[],
  values: Record<string, string | boolean | string[] | undefined>,
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<number> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const region = text('region');
  const endpoint = text('endpoint') ?? env.LIFEBOAT_DYNAMODB_ENDPOINT;
  const tableName = text('table') ?? env.LIFEBOAT_TABLE;
  const fromExport = text('from-export');
  const db = () => new DynamoDBClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) });
  const subcommand = args.join(' ');

  if (command === 'page') {
    const bucket = text('to');
    if (subcommand !== 'publish' || !bucket || Boolean(tableName) === Boolean(fromExport)) {
      throw new UsageError('use: lifeboat page publish --to <bucket> (--table <table> | --from-export <file>)');
    }
    const declareName = text('declare');
    const updateId = text('update');
    if (declareName && updateId) throw new UsageError('page publish takes --declare or --update, not both');
    const change = declareName
      ? {
          kind: 'declare' as const,
          command: {
            name: declareName,
            impact: text('impact'),
            ...(text('status') ? { status: text('status') } : {}),
            ...(text('message') ? { body: text('message') } : {}),
            components: componentClaims(values.component as string[] | undefined),
          },
        }
      : updateId
        ? {
            kind: 'update' as const,
            incidentId: updateId,
            command: {
              status: text('status'),
              body: text('message'),
              ...(text('impact') ? { impact: text('impact') } : {}),
              ...(values.component ? { components: componentClaims(values.component as string[]) } : {}),
            },
          }
        : undefined;
    const report = await publishPage({
      config: parseConfig(lifeboatConfig, 'lifeboat.config.ts'),
      change,
      bucket,
      source: fromExport ? { kind: 'export', path: fromExport } : { kind: 'table', tableName: tableName! },
      region,
      dynamoDbEndpoint: endpoint,
      s3Endpoint: text('s3-endpoint') ?? env.LIFEBOAT_S3_ENDPOINT,
      distributionId: text('distribution-id'),
      apiUrl: text('api-url'),
      outageMessage: text('outage-message'),
    });
    output.out(
      `Published the status page to ${bucket}: ${report.uploaded.length} file(s) uploaded, ${report.unchanged} unchanged` +
        (report.invalidated.length ? `, ${report.invalidated.length} invalidated` : ''),
    );
    return 0;
  }

  if (command === 'table') {
    if (!tableName) throw new UsageError('table export/import needs --table');
    const client = db();
    try {
      if (subcommand === 'export') {
        const file = text('output');
        if (!file) throw new UsageError('use: lifeboat table export --table <table> -o <file.jsonl>');
        // Subscribers' addresses and key hashes: readable by its owner only, and never over an existing file.
        const handle = await open(file, 'wx', 0o600);
        let counts: TableCounts;
        try {
          counts = await exportTable(client, tableName, (line) => handle.write(line).then(() => {}));
        } finally {
          await handle.close();
        }
        output.out(`Exported ${counts.items} item(s) of ${tableName} to ${file}: ${countsLine(counts)}`);
        return 0;
      }
      if (subcommand === 'import') {
        if (!fromExport) throw new UsageError('use: lifeboat table import --table <table> --from-export <file.jsonl>');
        const counts = await importTable(client, tableName, readExport(fromExport));
        output.out(`Imported ${counts.items} item(s) into ${tableName}: ${countsLine(counts)}`);
        return 0;
      }
      throw new UsageError('use: lifeboat table export|import ...');
    } finally {
      client.destroy();
    }
  }

  const target = text('to');
  const time = text('time');
  if (args.length || !target || Boolean(tableName) === Boolean(fromExport) || (time && fromExport)) {
    throw new UsageError(
      'use: lifeboat restore-drill --to <new-table> (--table <source> [--time <iso>] | --from-export <file>)',
    );
  }
  if (time && Number.isNaN(Date.parse(time))) throw new UsageError(`--time ${time} is not a date and time (ISO 8601)`);
  const client = db();
  try {
    const result = await restoreDrill(
      client,
      fromExport
        ? { kind: 'export', path: fromExport }
        : { kind: 'point-in-time', tableName: tableName!, time: time ? new Date(time) : undefined },
      target,
      { log: output.err, ...(endpoint ? { pollMs: 100 } : {}) },
    );
    output.out(formatDrill(result));
    return result.matches ? 0 : 1;
  } catch (error) {
    if (error instanceof RestoreRefusedError) throw new UsageError(error.message);
    throw error;
  } finally {
    client.destroy();
  }
}

const countsLine = (c: TableCounts) =>
  `${c.incidents} incident(s), ${c.subscribers} subscriber(s), ${c.apiKeys} API key(s), ${c.components} component(s)`;

async function integrations(
  args: string[],
  values: {
    name?: string;
    table?: string;
    'pepper-secret'?: string;
    pepper?: string;
    region?: string;
    endpoint?: string;
  },
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<number> {
  const [verb, kind, ...rest] = args;
  const integration = Integration.safeParse(kind);
  if (verb !== 'create' || !integration.success || rest.length || !values.name) {
    throw new UsageError(
      `use: lifeboat integrations create <${Integration.options.join('|')}> --name <name> --table <table> --pepper-secret <arn>`,
    );
  }
  const tableName = values.table ?? env.LIFEBOAT_TABLE;
  const secretArn = values['pepper-secret'] ?? env.LIFEBOAT_PEPPER_SECRET_ARN;
  if (!tableName || !(secretArn || values.pepper)) {
    throw new UsageError(
      'integrations create needs --table and --pepper-secret (the stack outputs TableName and ApiKeyPepperSecretArn)',
    );
  }
  const secret = await createIntegrationSecret({
    name: values.name,
    integration: integration.data,
    tableName,
    pepper: values.pepper ? { value: values.pepper } : { secretArn: secretArn! },
    region: values.region,
    endpoint: values.endpoint,
  });
  output.out(secret);
  output.err(
    `Issued the ${integration.data} secret named "${values.name}": send it as "Authorization: Bearer <secret>" ` +
      '(or as the password of Basic authentication). It is shown only this once.',
  );
  return 0;
}

interface OpenAlert {
  id: string;
  name: string;
  integration: string;
  componentId: string;
  status: string;
  state: string;
  holdUntil: string;
  declare: { state: string; at: string | null; incidentId?: string } | null;
}

async function alerts(
  client: LifeboatClient,
  args: string[],
  style: Style,
  print: (text: () => string, data: unknown) => Promise<void>,
): Promise<number> {
  if (args.length === 0) {
    const answer = await client.get<{ alerts: OpenAlert[] }>(routeUrl(ROUTES.listAlerts));
    const lines = () =>
      answer.alerts.map((a) => {
        const shown =
          a.state === 'active'
            ? `shows ${a.status}`
            : `held until ${formatTime(a.holdUntil, style.timeZone)}, then ${a.status}`;
        const at = a.declare?.at ? formatTime(a.declare.at, style.timeZone) : 'once shown';
        const declare =
          a.declare?.state === 'waiting' ? `; declares an incident at ${at} (lifeboat alerts cancel ${a.id})` : '';
        return `${a.id}  ${style.bold(a.name)} (${a.integration}): ${a.componentId} ${shown}${declare}`;
      });
    await print(() => (lines().length ? lines().join('\n') : style.dim('No alert is firing.')), answer);
    return 0;
  }
  const [verb, id, ...rest] = args;
  if (verb !== 'cancel' || !id || rest.length) throw new UsageError('use: lifeboat alerts | alerts cancel <alert-id>');
  const alert = await client.post<OpenAlert>(routeUrl(ROUTES.cancelAlertDeclaration, { params: { id } }), {});
  await print(
    () =>
      `No incident will be declared for "${alert.name}"; ${alert.componentId} keeps showing ${alert.status} while it fires.`,
    alert,
  );
  return 0;
}

function report(error: unknown, output: Output, style: Style): number {
  if (error instanceof FileError) {
    output.err(error.message);
    return 2;
  }
  if (error instanceof UsageError || error instanceof MaintenanceUsageError) {
    output.err(`${error.message}\nRun "lifeboat --help" for usage.`);
    return 2;
  }
  if (error instanceof ApiError) {
    const { problem } = error;
    const fields = (problem.errors ?? []).map((e) => `\n  ${e.field}: ${e.message}`).join('');
    // With field errors, the fields say it all; the detail would only repeat them.
    const summary = fields ? problem.title : (problem.detail ?? problem.title);
    output.err(`${style.status(`Error ${problem.status}`, 'bad')}: ${summary}${fields}`);
    return 1;
  }
  if (error instanceof UnreachableError) {
    const reason = (error.cause as Error | undefined)?.cause as NodeJS.ErrnoException | undefined;
    output.err(
      `${error.message}${reason ? ` (${reason.code ?? reason.message})` : ''}.\n` +
        'Is it running (npm start)? Set the address with --url or LIFEBOAT_URL.',
    );
    return 1;
  }
  throw error;
}

function componentClaims(specs: string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (specs ?? []).map((spec) => {
      const [id, status, ...rest] = spec.split('=');
      if (!id || !status || rest.length) {
        throw new UsageError(`--component takes <component-id>=<status>, e.g. api=major_outage (got "${spec}")`);
      }
      return [id.trim(), status.trim()];
    }),
  );
}

function onlyArg(args: string[], usage: string): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`use: lifeboat ${usage}`);
  return args[0];
}

function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
