import type { Clock, SubscriberStore } from '../core/ports';
import type { Subscriber } from '../core/subscriber';
import { changeComponents, hasEnded, unsubscribe } from '../core/subscription-lifecycle';
import type { SubscriberLinks } from './links';
import type { SignUpRules } from './sign-up-rules';
import { update } from './subscriber-writes';

export interface ManageDeps {
  store: SubscriberStore;
  clock: Clock;
  links: SubscriberLinks;
  rules: SignUpRules;
}

/** What a subscriber does through their manage and unsubscribe links. */
export class ManageSubscription {
  constructor(private readonly deps: ManageDeps) {}

  /** The subscriber behind a link of this purpose, changing nothing. */
  show(token: string | undefined, purpose: 'manage' | 'unsubscribe'): Promise<Subscriber> {
    return this.deps.links.subscriberOf(token, purpose);
  }

  async setComponents(token: string | undefined, componentIds: string[] | undefined): Promise<Subscriber> {
    const subscriber = await this.show(token, 'manage');
    const components = this.deps.rules.components(componentIds);
    return update(this.deps.store, subscriber, (s) => changeComponents(s, components, this.now()));
  }

  /** Ends a subscription, from a one-click unsubscribe link or the manage page. Idempotent. */
  async unsubscribe(token: string | undefined, purpose: 'unsubscribe' | 'manage'): Promise<Subscriber> {
    const subscriber = await this.show(token, purpose);
    if (hasEnded(subscriber)) return subscriber;
    return update(this.deps.store, subscriber, (s) => unsubscribe(s, this.now()));
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
