import type { AlertService } from '../../alerts/alert-service';
import type { IntegrationAuthenticator } from '../../alerts/integration-authenticator';
import type { CertificateFetcher, SubscriptionConfirmer } from '../../alerts/sns-message';
import type { ComponentService } from '../../core/component-service';
import type { LifeboatConfig } from '../../core/config';
import type { IncidentService } from '../../core/incident-service';
import type { MaintenanceService } from '../../core/maintenance-service';
import type { PageSettingsService } from '../../core/page-settings-service';
import type { AuditLog } from '../../core/ports';
import type { PlanPreview } from '../../plan/preview';
import type { SlackService } from '../../slack/slack-service';
import type { SubscriberService } from '../../subscriptions/subscriber-service';
import type { HttpDeps } from '../http/api-handler';

/** Everything an API route may use; each runtime (Lambda, local server) builds it once. */
export interface ApiDeps extends HttpDeps {
  config: LifeboatConfig;
  incidents: IncidentService;
  /** Scheduled maintenances (with timers only where the route was deployed with them). */
  maintenances: MaintenanceService;
  components: ComponentService;
  pageSettings: PageSettingsService;
  audit: AuditLog;
  subscribers: SubscriberService;
  /** The response plan's dry run. */
  notifications: PlanPreview;
  /** Public base URLs: the API (links in emails, form actions) and the status site (links back). */
  apiUrl: string;
  siteUrl: string;
  /** Null when the config sets up no Slack workspace. */
  slack: { service: SlackService; signingSecret: () => Promise<string> } | null;
  /** Alerts from monitoring: the service, the integrations' secrets, and SNS for CloudWatch. */
  alerts: {
    service: AlertService;
    authenticator: IntegrationAuthenticator;
    sns: { fetchCertificate: CertificateFetcher; confirmSubscription: SubscriptionConfirmer };
  };
}
