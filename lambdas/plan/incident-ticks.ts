import type { LifeboatConfig } from '../core/config';
import type { DomainEvent } from '../core/events';
import { isOpen } from '../core/incident';
import type { IncidentReader } from '../core/incident-reader';
import type { OnCallReminder } from './on-call-reminder';
import type { IncidentScheduler, SocialNetwork } from './social-ports';
import type { SocialUpdates } from './social-updates';

/**
 * What happens to an open incident with time: a schedule from its declare to its resolve, ticking
 * often enough for both the social networks' interval and the on-call reminder; each tick lets them decide.
 */
export class IncidentTicks {
  constructor(
    private readonly deps: {
      config: LifeboatConfig;
      incidents: IncidentReader;
      scheduler: IncidentScheduler;
      social: SocialUpdates;
      reminder: OnCallReminder;
    },
  ) {}

  async onEvent(event: DomainEvent): Promise<void> {
    const { config, scheduler, social } = this.deps;
    if (event.type === 'incident.declared' && event.incident.impact !== 'none') {
      const plan = config.responsePlan;
      await scheduler.start(event.incident.id, Math.min(plan.socialIntervalMinutes, plan.reminder.afterMinutes));
    }
    if (event.type === 'incident.resolved') await scheduler.stop(event.incident.id);
    await social.onEvent(event);
  }

  /** A queued social post came due (the spacing after the previous post on its network has passed). */
  async onSocialJob(incidentId: string, network: SocialNetwork): Promise<void> {
    await this.deps.social.flush(incidentId, network);
  }

  async onTick(incidentId: string): Promise<void> {
    const incident = await this.deps.incidents.get(incidentId).catch(() => undefined);
    if (!incident || !isOpen(incident)) return this.deps.scheduler.stop(incidentId);
    await Promise.all([this.deps.social.onTick(incident), this.deps.reminder.onTick(incident)]);
  }
}
