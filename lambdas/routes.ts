import type { ApiKeyScope } from './core/api-key';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/**
 * What a route's function touches beyond its access level: `subscribers` reads and writes
 * subscribers and rate limits and signs their links; `messaging` sends email, SMS and webhooks;
 * `slack` checks Slack signatures, talks to Slack and hands work to the Slack worker; `alerts`
 * keeps alerts, sets component signals, declares incidents and sets and cancels alert timers;
 * `maintenance` sets and cancels maintenance timers and puts components under maintenance.
 */
export type RouteCapability = 'subscribers' | 'messaging' | 'slack' | 'alerts' | 'maintenance';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: `/${string}`;
  /**
   * The API-key scope the route needs, `public` for none, or `integration` for a monitoring
   * system's own secret (checked by the route: each integration has its own). Also decides the
   * function's IAM.
   */
  access: ApiKeyScope | 'public' | 'integration';
  uses?: readonly RouteCapability[];
  summary: string;
}

/**
 * The one route table. The local server serves exactly these; the CDK HTTP API creates exactly
 * these, one Lambda function per route with the permissions its access level needs.
 */
export const ROUTES = {
  health: { method: 'GET', path: '/v1/health', access: 'public', summary: 'Liveness check' },
  getStatus: {
    method: 'GET',
    path: '/v1/status',
    access: 'read',
    summary: 'Overall status, components, open incidents, current and upcoming maintenance',
  },
  listIncidents: { method: 'GET', path: '/v1/incidents', access: 'read', summary: 'Open and recent incidents' },
  getIncident: { method: 'GET', path: '/v1/incidents/{id}', access: 'read', summary: 'One incident' },
  declareIncident: { method: 'POST', path: '/v1/incidents', access: 'write', summary: 'Declare an incident' },
  addIncidentUpdate: {
    method: 'POST',
    path: '/v1/incidents/{id}/updates',
    access: 'write',
    summary: 'Post an update to an incident',
  },
  resolveIncident: {
    method: 'POST',
    path: '/v1/incidents/{id}/resolve',
    access: 'write',
    summary: 'Resolve an incident',
  },
  writePostmortem: {
    method: 'PUT',
    path: '/v1/incidents/{id}/postmortem',
    access: 'write',
    summary: 'Publish or edit the postmortem of a resolved incident (Markdown); `notify` tells subscribers',
  },
  previewPlan: {
    method: 'GET',
    path: '/v1/incidents/{id}/plan',
    access: 'write',
    uses: ['subscribers'],
    summary: 'Dry run: what the response plan would send to whom for the latest update (personal data: write scope)',
  },
  listMaintenances: {
    method: 'GET',
    path: '/v1/maintenances',
    access: 'read',
    summary: 'Scheduled maintenances, the latest window first',
  },
  getMaintenance: { method: 'GET', path: '/v1/maintenances/{id}', access: 'read', summary: 'One maintenance' },
  scheduleMaintenance: {
    method: 'POST',
    path: '/v1/maintenances',
    access: 'write',
    uses: ['maintenance'],
    summary: 'Schedule a maintenance window',
  },
  editMaintenance: {
    method: 'PATCH',
    path: '/v1/maintenances/{id}',
    access: 'write',
    uses: ['maintenance'],
    summary: "Change a maintenance's name, text, components or window (reschedule)",
  },
  addMaintenanceUpdate: {
    method: 'POST',
    path: '/v1/maintenances/{id}/updates',
    access: 'write',
    uses: ['maintenance'],
    summary: 'Post an update to a maintenance, or move it on (in_progress, verifying, completed)',
  },
  cancelMaintenance: {
    method: 'POST',
    path: '/v1/maintenances/{id}/cancel',
    access: 'write',
    uses: ['maintenance'],
    summary: 'Cancel a maintenance',
  },
  listComponents: { method: 'GET', path: '/v1/components', access: 'read', summary: 'Components and their status' },
  setComponentStatus: {
    method: 'PATCH',
    path: '/v1/components/{id}',
    access: 'write',
    summary: "Set a component's baseline status",
  },
  setOutageMessage: {
    method: 'PUT',
    path: '/v1/outage-page',
    access: 'write',
    summary: 'Set what the outage holding page says',
  },
  listAudit: { method: 'GET', path: '/v1/audit', access: 'read', summary: 'Audit trail of one day' },
  subscribe: {
    method: 'POST',
    path: '/v1/subscriptions',
    access: 'public',
    uses: ['subscribers', 'messaging'],
    summary: 'Subscribe by email, SMS or webhook',
  },
  showConfirmation: {
    method: 'GET',
    path: '/v1/subscriptions/confirm',
    access: 'public',
    uses: ['subscribers'],
    summary: 'The link in the confirmation email: a page with a button (link scanners follow GETs)',
  },
  confirmSubscription: {
    method: 'POST',
    path: '/v1/subscriptions/confirm',
    access: 'public',
    uses: ['subscribers'],
    summary: 'Confirm an email subscription (the button on the confirmation page)',
  },
  verifySubscription: {
    method: 'POST',
    path: '/v1/subscriptions/verify',
    access: 'public',
    uses: ['subscribers'],
    summary: 'Confirm an SMS subscription with its code',
  },
  showSubscription: {
    method: 'GET',
    path: '/v1/subscriptions/manage',
    access: 'public',
    uses: ['subscribers'],
    summary: 'The manage page',
  },
  changeSubscription: {
    method: 'POST',
    path: '/v1/subscriptions/manage',
    access: 'public',
    uses: ['subscribers'],
    summary: 'Change components, or unsubscribe',
  },
  showUnsubscribe: {
    method: 'GET',
    path: '/v1/subscriptions/unsubscribe',
    access: 'public',
    uses: ['subscribers'],
    summary: 'Ask before unsubscribing (link scanners follow GETs)',
  },
  unsubscribe: {
    method: 'POST',
    path: '/v1/subscriptions/unsubscribe',
    access: 'public',
    uses: ['subscribers'],
    summary: 'Unsubscribe (RFC 8058 one-click)',
  },
  importSubscribers: {
    method: 'POST',
    path: '/v1/subscribers/import',
    access: 'write',
    uses: ['subscribers', 'messaging'],
    summary: 'Import subscribers',
  },
  listSubscribers: {
    method: 'GET',
    path: '/v1/subscribers',
    access: 'write',
    uses: ['subscribers'],
    summary: 'Every subscriber, for export (personal data: write scope)',
  },
  slackCommand: {
    method: 'POST',
    path: '/v1/slack/commands',
    access: 'public',
    uses: ['slack'],
    summary: 'The /outage slash command (Slack-signed)',
  },
  slackInteraction: {
    method: 'POST',
    path: '/v1/slack/interactions',
    access: 'public',
    uses: ['slack'],
    summary: 'Submissions of the /outage form (Slack-signed)',
  },
  alertmanagerAlerts: {
    method: 'POST',
    path: '/v1/integrations/alertmanager',
    access: 'integration',
    uses: ['alerts'],
    summary: 'Alerts from Prometheus Alertmanager (webhook payload version 4)',
  },
  grafanaAlerts: {
    method: 'POST',
    path: '/v1/integrations/grafana',
    access: 'integration',
    uses: ['alerts'],
    summary: 'Alerts from Grafana alerting (webhook contact point)',
  },
  cloudwatchAlerts: {
    method: 'POST',
    path: '/v1/integrations/cloudwatch',
    access: 'integration',
    uses: ['alerts'],
    summary: 'CloudWatch alarms through an SNS HTTPS subscription (SNS-signed)',
  },
  genericAlerts: {
    method: 'POST',
    path: '/v1/integrations/generic',
    access: 'integration',
    uses: ['alerts'],
    summary: "Alerts in Lifeboat's generic JSON shape",
  },
  listAlerts: { method: 'GET', path: '/v1/alerts', access: 'read', summary: 'Alerts firing now, held or shown' },
  cancelAlertDeclaration: {
    method: 'POST',
    path: '/v1/alerts/{id}/cancel',
    access: 'write',
    uses: ['alerts'],
    summary: 'Cancel the incident a firing alert is about to declare',
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteId = keyof typeof ROUTES;
export const ROUTE_IDS = Object.keys(ROUTES) as RouteId[];

/** The names of a path's `{parameters}`: `/v1/incidents/{id}` gives `'id'`. */
type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;

interface UrlParts {
  /** The API's public URL; none for a path alone. */
  base?: string;
  /** Values left undefined or null are left out. */
  query?: Record<string, string | number | null | undefined>;
  params?: Record<string, string>;
}

/** A path with parameters must be given them all; one without takes none, and its options may be left out. */
type RouteUrlOptions<P extends string> = [PathParams<P>] extends [never]
  ? [options?: UrlParts]
  : [options: UrlParts & { params: Record<PathParams<P>, string> }];

/**
 * A route's URL, from the table: its path with each `{parameter}` filled in (encoded), under
 * `base`, with an optional query. Every link and request Lifeboat writes (pages, emails, the CLI)
 * is made here, so they follow the table.
 */
export function routeUrl<R extends RouteDefinition>(route: R, ...[options]: RouteUrlOptions<R['path']>): string {
  const params = options?.params ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path} needs its "${name}" parameter`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options?.query ?? {}))
    if (value !== undefined && value !== null) query.set(name, String(value));
  const search = query.size ? `?${query}` : '';
  return `${(options?.base ?? '').replace(/\/+$/, '')}${path}${search}`;
}
