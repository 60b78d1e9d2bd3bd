import type { Incident } from '../core/incident';
import type { Page } from '../core/ports';
import type { Subscriber } from '../core/subscriber';
import { type ChannelDeps, channelProviders, type PlannedMessage } from './channel-providers';
import { type Moment, planDeliveries } from './response-plan';

export type { PlannedMessage };

/**
 * The dry run on-call reads before trusting the plan: every message the plan would send for an
 * incident's latest update, to whom, without sending or claiming anything.
 */
export class PlanPreview {
  private readonly channels: ReturnType<typeof channelProviders>;

  constructor(
    private readonly deps: ChannelDeps & {
      subscribers: {
        listConfirmed(options: { limit: number; cursor?: string | undefined }): Promise<Page<Subscriber>>;
      };
    },
  ) {
    this.channels = channelProviders(deps);
  }

  async preview(incident: Incident): Promise<PlannedMessage[]> {
    const update = incident.updates.at(-1)!;
    const moment: Moment =
      update.status === 'resolved' ? 'resolve' : incident.updates.length === 1 ? 'declare' : 'update';
    const planned: PlannedMessage[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.subscribers.listConfirmed({ limit: 500, cursor });
      for (const delivery of planDeliveries(this.deps.config, { moment, incident, update }, page.items)) {
        planned.push(await this.channels[delivery.channel].compose(delivery.subscriber, { moment, incident, update }));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return planned;
  }
}
