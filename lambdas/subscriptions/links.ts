import type { Clock, SubscriberStore } from '../core/ports';
import type { Subscriber } from '../core/subscriber';
import { InvalidTokenError, type TokenPurpose, type TokenSigner } from '../core/tokens';
import { ROUTES, routeUrl } from '../routes';

export interface LinkDeps {
  store: SubscriberStore;
  tokens: TokenSigner;
  clock: Clock;
  /** The API's public base URL, for the links subscribers follow. */
  apiUrl: string;
}

/**
 * The signed links a subscriber follows. Each names one subscriber and one purpose; confirm and
 * SMS links expire with their opt-in, manage and unsubscribe links stay valid.
 */
export class SubscriberLinks {
  constructor(private readonly deps: LinkDeps) {}

  confirmUrl(subscriber: Pick<Subscriber, 'id'>, expiresAt: Date): Promise<string> {
    return this.url('confirm', subscriber, expiresAt);
  }

  manageUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string> {
    return this.url('manage', subscriber);
  }

  unsubscribeUrl(subscriber: Pick<Subscriber, 'id'>): Promise<string> {
    return this.url('unsubscribe', subscriber);
  }

  /** The token the SMS code is entered with: it names the subscriber, not the code. */
  verifySmsToken(subscriber: Pick<Subscriber, 'id'>, expiresAt: Date): Promise<string> {
    return this.deps.tokens.sign(subscriber.id, 'verify-sms', expiresAt);
  }

  /** The subscriber a link of this purpose is for, changing nothing. */
  async subscriberOf(token: string | undefined, purpose: TokenPurpose): Promise<Subscriber> {
    const id = await this.deps.tokens.verify(token, purpose, this.deps.clock.now());
    const subscriber = await this.deps.store.get(id);
    if (!subscriber) throw staleLink();
    return subscriber;
  }

  private async url(purpose: 'confirm' | 'manage' | 'unsubscribe', { id }: Pick<Subscriber, 'id'>, expiresAt?: Date) {
    const token = await this.deps.tokens.sign(id, purpose, expiresAt);
    return routeUrl(LINK_ROUTES[purpose], { base: this.deps.apiUrl, query: { token } });
  }
}

/** A genuine link whose subscriber is gone or past the step it was sent for. */
export const staleLink = () =>
  new InvalidTokenError('This link is no longer valid', {
    errors: [{ field: 'token', message: 'no such pending subscription' }],
  });

/** The page each link opens: a GET that shows what the link does, with a button that POSTs. */
const LINK_ROUTES = {
  confirm: ROUTES.showConfirmation,
  manage: ROUTES.showSubscription,
  unsubscribe: ROUTES.showUnsubscribe,
} as const;
