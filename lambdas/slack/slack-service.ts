import type { AlertService } from '../alerts/alert-service';
import type { Actor } from '../core/actor';
import type { ComponentStatus } from '../core/component';
import type { ComponentService } from '../core/component-service';
import type { LifeboatConfig } from '../core/config';
import { AuthenticationError, ForbiddenError, ForbiddenTransitionError, LifeboatError } from '../core/errors';
import type { Impact } from '../core/incident';
import type { CommandMeta, IncidentService } from '../core/incident-service';
import type { MaintenanceService } from '../core/maintenance-service';
import * as z from '../core/schema';
import { isMaintenanceCommand, type MaintenanceCommand, parseSlackCommand, STATUS_FOR_IMPACT } from './command-parser';
import {
  DECLARE_CALLBACK,
  declareModal,
  ephemeral,
  escapeSlack,
  HELP_TEXT,
  incidentMessage,
  maintenanceMessage,
  statusMessage,
} from './messages';
import type { ReplayGuard, SlackApi, SlackJob, SlackJobQueue, SlackMessage } from './ports';

export interface SlackServiceDeps {
  config: LifeboatConfig;
  incidents: IncidentService;
  components: ComponentService;
  api: SlackApi;
  jobs: SlackJobQueue;
  replays: ReplayGuard;
  siteUrl: string;
  /** For `/outage cancel`: stops an incident a firing alert is about to declare. */
  alerts?: Pick<AlertService, 'cancelDeclaration'>;
  /** For `/outage maintenance`: schedules, reschedules, updates and cancels maintenance windows. */
  maintenances?: Pick<MaintenanceService, 'get' | 'schedule' | 'edit' | 'addUpdate' | 'cancel'>;
}

/** The fields of a slash command Slack posts (form-encoded). */
export const SlashCommandForm = z.object({
  team_id: z.string(),
  channel_id: z.string(),
  user_id: z.string(),
  user_name: z._default(z.string(), ''),
  text: z._default(z.string(), ''),
  response_url: z.url(),
  trigger_id: z.string().check(z.minLength(1)),
});
export type SlashCommandForm = z.output<typeof SlashCommandForm>;

const ViewSubmission = z.object({
  type: z.literal('view_submission'),
  team: z.object({ id: z.string() }),
  user: z.object({ id: z.string(), username: z.optional(z.string()), name: z.optional(z.string()) }),
  view: z.object({
    id: z.string(),
    callback_id: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  }),
});

/** How a request reached us: its verified signature, and whether Slack marked it as a retry. */
export interface Delivery {
  signature: string;
  retry: boolean;
}

/**
 * /outage: answers Slack within its 3 seconds (at once, or with a form), and leaves the real work
 * to a worker that reports back through response_url and the announcement channel. Every change
 * carries Slack's trigger or view id as its idempotency key, so Slack's retries change nothing.
 */
export class SlackService {
  constructor(private readonly deps: SlackServiceDeps) {}

  async handleCommand(form: SlashCommandForm, delivery: Delivery): Promise<SlackMessage | null> {
    await this.refuseReplays(delivery);
    this.requireWorkspace(form.team_id);
    const command = parseSlackCommand(
      form.text,
      this.deps.config.components.map((c) => c.id),
    );
    if (command.kind === 'help') return ephemeral(HELP_TEXT);
    if (command.kind === 'invalid') return ephemeral(`${escapeSlack(command.reason)}\n\n${HELP_TEXT}`);
    if (command.kind !== 'status') {
      const refusal = await this.mayChange(form.user_id, form.channel_id);
      if (refusal) return ephemeral(refusal);
    }
    if (command.kind === 'declare' && (!command.name || !command.impact)) {
      if (delivery.retry) return null; // the form was opened on the first delivery
      const prefill = { name: command.name, impact: command.impact, components: Object.keys(command.components) };
      await this.deps.api.openView(form.trigger_id, declareModal(await this.deps.components.list(), prefill));
      return null;
    }
    await this.deps.jobs.enqueue({
      command,
      actor: slackActor(form.user_id, form.user_name),
      userId: form.user_id,
      responseUrl: form.response_url,
      idempotencyKey: `trigger:${form.trigger_id}`,
    });
    return command.kind === 'status' ? null : ephemeral('Working on it…');
  }

  /** A modal submission: returns Slack's `response_action` body, or null to close the modal. */
  async handleInteraction(payload: unknown, delivery: Delivery): Promise<unknown> {
    await this.refuseReplays(delivery);
    const parsed = ViewSubmission.safeParse(payload);
    if (!parsed.success || parsed.data.view.callback_id !== DECLARE_CALLBACK) return null;
    const { team, user, view } = parsed.data;
    this.requireWorkspace(team.id);
    const refusal = await this.mayChange(user.id, null);
    if (refusal) return { response_action: 'errors', errors: { name: refusal } };

    const value = (block: string) => view.state.values[block]?.value as Record<string, unknown> | undefined;
    const name = String(value('name')?.value ?? '').trim();
    const impact = (value('impact')?.selected_option as { value?: string } | undefined)?.value as Impact | undefined;
    const chosen = ((value('components')?.selected_options as { value: string }[] | undefined) ?? []).map(
      (o) => o.value,
    );
    const message = String(value('message')?.value ?? '').trim();
    const errors: Record<string, string> = {};
    if (!name) errors.name = 'Say what is happening';
    if (!impact || !STATUS_FOR_IMPACT[impact]) errors.impact = 'Choose an impact';
    const known = new Set(this.deps.config.components.map((c) => c.id));
    if (chosen.some((id) => !known.has(id))) errors.components = 'Unknown component';
    if (Object.keys(errors).length) return { response_action: 'errors', errors };

    const components = Object.fromEntries(chosen.map((id) => [id, STATUS_FOR_IMPACT[impact!]]));
    await this.deps.jobs.enqueue({
      command: { kind: 'declare', name, impact: impact!, components, ...(message ? { body: message } : {}) },
      actor: slackActor(user.id, user.username ?? user.name ?? ''),
      userId: user.id,
      responseUrl: null,
      idempotencyKey: `view:${view.id}`,
    });
    return null;
  }

  /** The worker: does what was asked, then reports where it was asked and to the channel. */
  async runJob(job: SlackJob): Promise<void> {
    const meta = { actor: job.actor, idempotencyKey: job.idempotencyKey };
    const { incidents, components, api, config, siteUrl } = this.deps;
    try {
      const command = job.command;
      if (command.kind === 'status') return await this.reply(job, statusMessage(await components.summary()));
      if (command.kind === 'cancel') {
        if (!this.deps.alerts) throw new Error('The Slack worker has no alert service');
        const alert = await this.deps.alerts.cancelDeclaration(command.alertId, job.actor);
        const cancelled: SlackMessage = {
          text: `No incident will be declared for the alert "${escapeSlack(alert.name)}" (cancelled by ${escapeSlack(job.actor.name)}); ${alert.componentId} keeps showing ${alert.status} while it fires.`,
        };
        await this.reply(job, cancelled);
        if (config.slack?.notifyChannelId) await api.postMessage(config.slack.notifyChannelId, cancelled);
        return;
      }
      let message: SlackMessage;
      let replayed: boolean;
      if (isMaintenanceCommand(command)) {
        const result = await this.runMaintenanceCommand(command, meta);
        ({ replayed } = result);
        message = maintenanceMessage(result.verb, result.maintenance, siteUrl);
      } else if (command.kind === 'declare') {
        const impact = command.impact ?? 'major';
        const claims: Record<string, ComponentStatus> = Object.fromEntries(
          Object.entries(command.components).map(([id, status]) => [id, status || STATUS_FOR_IMPACT[impact]]),
        );
        const { body } = command;
        const result = await incidents.declare(
          {
            name: command.name ?? 'Outage',
            impact,
            status: 'investigating',
            components: claims,
            ...(body ? { body } : {}),
          },
          meta,
        );
        ({ replayed } = result);
        message = incidentMessage('Declared', result.incident, siteUrl);
      } else if (command.kind === 'update') {
        const result = await incidents.addUpdate(command.id, { status: command.status, body: command.message }, meta);
        ({ replayed } = result);
        message = incidentMessage(command.status === 'resolved' ? 'Resolved' : 'Updated', result.incident, siteUrl);
      } else {
        const result = await incidents.resolve(command.id, command.message ?? undefined, meta);
        ({ replayed } = result);
        message = incidentMessage('Resolved', result.incident, siteUrl);
      }
      // A retry of something already done was already reported: say nothing twice.
      if (replayed) return;
      await this.reply(job, message);
      if (config.slack?.notifyChannelId) await api.postMessage(config.slack.notifyChannelId, message);
    } catch (error) {
      if (!(error instanceof LifeboatError)) throw error; // the worker retries, then dead-letters
      await this.reply(job, ephemeral(`Could not do that: ${escapeSlack(error.message)}`));
    }
  }

  /** `/outage maintenance schedule|reschedule|update|cancel`, through the maintenance service. */
  private async runMaintenanceCommand(command: MaintenanceCommand, meta: CommandMeta) {
    const { maintenances } = this.deps;
    if (!maintenances) throw new Error('The Slack worker has no maintenance service');
    switch (command.kind) {
      case 'maintenance-schedule': {
        const { name, components, scheduledFor, scheduledUntil, body } = command;
        const result = await maintenances.schedule(
          { name, components, scheduledFor, scheduledUntil, ...(body ? { body } : {}) },
          meta,
        );
        return { ...result, verb: 'Scheduled' as const };
      }
      case 'maintenance-reschedule': {
        const { scheduledFor, scheduledUntil } = command;
        const result = await maintenances.edit(command.id, { scheduledFor, scheduledUntil }, meta);
        return { ...result, verb: 'Rescheduled' as const };
      }
      case 'maintenance-update': {
        // Without a status the message goes on the timeline and the maintenance stays where it is.
        const status = command.status ?? (await maintenances.get(command.id)).status;
        if (status === 'cancelled')
          throw new ForbiddenTransitionError('This maintenance was cancelled: it takes no more updates');
        const result = await maintenances.addUpdate(command.id, { status, body: command.message }, meta);
        return { ...result, verb: 'Updated' as const };
      }
      case 'maintenance-cancel': {
        const result = await maintenances.cancel(command.id, command.message ?? undefined, meta);
        return { ...result, verb: 'Cancelled' as const };
      }
    }
  }

  private reply(job: SlackJob, message: SlackMessage): Promise<void> {
    return job.responseUrl
      ? this.deps.api.respond(job.responseUrl, message)
      : this.deps.api.postMessage(job.userId, message);
  }

  /** A request seen before is refused, unless Slack itself says it is retrying it. */
  private async refuseReplays(delivery: Delivery): Promise<void> {
    const first = await this.deps.replays.firstSeen(`slack:${delivery.signature}`, 600);
    if (!first && !delivery.retry) {
      throw new AuthenticationError('Slack request refused: replayed', {
        errors: [{ field: 'X-Slack-Signature', message: 'this request was already received' }],
      });
    }
  }

  private requireWorkspace(teamId: string): void {
    if (this.deps.config.slack?.teamId !== teamId) {
      throw new ForbiddenError('This Slack workspace may not use Lifeboat', {
        errors: [{ field: 'team_id', message: 'not the configured workspace' }],
      });
    }
  }

  /** Why this user may not change anything from here, or null when they may. */
  private async mayChange(userId: string, channelId: string | null): Promise<string | null> {
    const slack = this.deps.config.slack!;
    if (channelId && slack.allowedChannelIds.length && !slack.allowedChannelIds.includes(channelId)) {
      return 'Outages can only be declared, updated or resolved from the on-call channels.';
    }
    if (
      slack.allowedUserGroupId &&
      !(await this.deps.api.userGroupMembers(slack.allowedUserGroupId)).includes(userId)
    ) {
      return 'Only members of the on-call user group can declare, update or resolve outages.';
    }
    return null;
  }
}

const slackActor = (userId: string, userName: string): Actor => ({
  channel: 'slack',
  name: userName ? `@${userName} (${userId})` : userId,
});
