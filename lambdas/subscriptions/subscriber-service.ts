import type { Actor } from '../core/actor';
import type { LifeboatConfig } from '../core/config';
import type {
  AuditLog,
  Clock,
  EmailSender,
  HostResolver,
  Page,
  RateLimiter,
  SmsSender,
  SubscriberStore,
  WebhookSender,
} from '../core/ports';
import type { Subscriber, SubscriberChannel } from '../core/subscriber';
import type { SubscribeCommand } from '../core/subscriber-commands';
import type { TokenSigner } from '../core/tokens';
import type { RequestOrigin } from './consent';
import { type ImportReport, SubscriberImport } from './import';
import { SubscriberLinks } from './links';
import { ManageSubscription } from './manage';
import { OptIn } from './opt-in';
import { PersonalDataAudit } from './personal-data-audit';
import { SignUp, type SubscribeOutcome } from './sign-up';
import { SignUpLimits } from './sign-up-limits';
import { SignUpRules } from './sign-up-rules';
import { type SubscriberDirectory, subscriberDirectory } from './subscriber-directory';
import type { SuppressionReason } from './suppression';

export { WrongCodeError } from './opt-in';
export type { ImportReport, RequestOrigin, SubscribeOutcome };

export interface SubscriberServiceDeps {
  config: LifeboatConfig;
  store: SubscriberStore;
  tokens: TokenSigner;
  rateLimiter: RateLimiter;
  email: EmailSender;
  sms: SmsSender;
  webhooks: WebhookSender;
  /** Imports, exports and plan previews (bulk access to personal data) are recorded here. */
  audit: AuditLog;
  clock: Clock;
  /** The API's public base URL, for the links subscribers follow. */
  apiUrl: string;
  /**
   * Accept webhook URLs on loopback and private networks. Only local mode and tests set it; by
   * default a webhook must resolve to public addresses only.
   */
  allowPrivateNetworks?: boolean;
  /** Resolves a webhook's host to check it; without it, only IP-literal hosts can be checked. */
  resolveHost?: HostResolver;
}

/**
 * Subscriptions with double opt-in, as the API and the response plan use them: one face over the
 * parts (sign-up, opt-in, links, managing, import, suppression), built from one set of adapters.
 * The subscriber's states and what may follow what are in core/subscription-lifecycle.ts.
 */
export class SubscriberService implements SubscriberDirectory {
  private readonly links: SubscriberLinks;
  private readonly signUp: SignUp;
  private readonly optIn: OptIn;
  private readonly manageParts: ManageSubscription;
  private readonly importer: SubscriberImport;
  private readonly personalData: PersonalDataAudit;
  private readonly directory: SubscriberDirectory;

  constructor(private readonly deps: SubscriberServiceDeps) {
    const { store, clock } = deps;
    const rules = new SignUpRules(deps);
    this.links = new SubscriberLinks(deps);
    this.optIn = new OptIn({ ...deps, links: this.links });
    this.personalData = new PersonalDataAudit(deps);
    this.signUp = new SignUp({
      ...deps,
      rules,
      limits: new SignUpLimits(deps),
      optIn: this.optIn,
      links: this.links,
    });
    this.manageParts = new ManageSubscription({ store, clock, links: this.links, rules });
    this.importer = new SubscriberImport({ ...deps, rules, optIn: this.optIn, audit: this.personalData });
    this.directory = subscriberDirectory({ store, links: this.links, clock });
  }

  subscribe(command: SubscribeCommand, origin: RequestOrigin): Promise<SubscribeOutcome[]> {
    return this.signUp.subscribe(command, origin);
  }

  /** The subscriber a confirmation link is for, changing nothing (a GET: link scanners follow it). */
  confirmation(token: string | undefined): Promise<Subscriber> {
    return this.optIn.confirmation(token);
  }

  /** The email link's button: confirms a pending email subscriber. Doing it twice is harmless. */
  confirm(token: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    return this.optIn.confirmEmail(token, origin);
  }

  /** The SMS code, as entered on the page. */
  verifySms(token: string | undefined, code: string | undefined, origin: RequestOrigin): Promise<Subscriber> {
    return this.optIn.verifySms(token, code, origin);
  }

  /** The subscriber behind a manage link. */
  manage(token: string | undefined): Promise<Subscriber> {
    return this.manageParts.show(token, 'manage');
  }

  /** The subscriber behind a link of this purpose, changing nothing. */
  manageFor(token: string | undefined, purpose: 'manage' | 'unsubscribe'): Promise<Subscriber> {
    return this.manageParts.show(token, purpose);
  }

  setComponents(token: string | undefined, componentIds: string[] | undefined): Promise<Subscriber> {
    return this.manageParts.setComponents(token, componentIds);
  }

  /** Ends a subscription, from a one-click unsubscribe link or the manage page. Idempotent. */
  unsubscribe(token: string | undefined, purpose: 'unsubscribe' | 'manage'): Promise<Subscriber> {
    return this.manageParts.unsubscribe(token, purpose);
  }

  /** An address that bounced or complained (SES) or opted out (SMS) is never sent to again. */
  suppress(channel: SubscriberChannel, address: string, reason: SuppressionReason): Promise<boolean> {
    return this.directory.suppress(channel, address, reason);
  }

  /** Imports subscribers; see SubscriberImport. */
  import(rows: readonly unknown[], actor: Actor): Promise<ImportReport> {
    return this.importer.import(rows, actor);
  }

  list(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.deps.store.list(options);
  }

  /** A page of the export, on the audit trail: it is everyone's personal data. */
  async exportPage(options: { limit: number; cursor?: string | undefined }, actor: Actor): Promise<Page<Subscriber>> {
    const page = await this.deps.store.list(options);
    await this.personalData.record(
      actor,
      'subscribers.export',
      'subscribers',
      `exported ${page.items.length} subscriber(s)${options.cursor ? ' (a following page)' : ''}`,
    );
    return page;
  }

  /** The response plan's dry run lists subscribers' addresses: it is recorded like an export. */
  recordPlanPreview(actor: Actor, incident: { id: string; name: string }, messages: number): Promise<void> {
    return this.personalData.record(
      actor,
      'plan.preview',
      `incident:${incident.id}`,
      `dry run of ${incident.name}: ${messages} message(s) would be sent`,
    );
  }

  listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>> {
    return this.directory.listConfirmed(options);
  }

  manageUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string> {
    return this.directory.manageUrl(subscriber);
  }

  unsubscribeUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string> {
    return this.directory.unsubscribeUrl(subscriber);
  }
}
