import { ComponentStatus } from './component';
import { Impact, IncidentStatus, OpenIncidentStatus } from './incident';
import { PostmortemBody } from './postmortem';
import * as z from './schema';

/** The shapes of the commands on-call sends, whatever the channel (API, CLI, Slack). */

const Name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'at most 200 characters'));
const Body = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(5000, 'at most 5000 characters'));
const ComponentClaims = z.record(z.string().check(z.minLength(1)), ComponentStatus);

export const DeclareIncidentCommand = z.strictObject({
  name: Name,
  impact: Impact,
  status: z._default(OpenIncidentStatus, 'investigating'),
  body: z.optional(Body),
  components: z._default(ComponentClaims, {}),
});
export type DeclareIncidentCommand = z.output<typeof DeclareIncidentCommand>;

export const AddIncidentUpdateCommand = z.strictObject({
  status: IncidentStatus,
  body: Body,
  impact: z.optional(Impact),
  components: z.optional(ComponentClaims),
});
export type AddIncidentUpdateCommand = z.output<typeof AddIncidentUpdateCommand>;

export const ResolveIncidentCommand = z.strictObject({
  body: z.optional(Body),
});
export type ResolveIncidentCommand = z.output<typeof ResolveIncidentCommand>;

/** Publishes or edits the incident's postmortem (Markdown). */
export const WritePostmortemCommand = z.strictObject({
  body: PostmortemBody,
  /** Tell subscribers of the affected components; absent: the plan's default on publishing, no on an edit. */
  notify: z.optional(z.boolean()),
});
export type WritePostmortemCommand = z.output<typeof WritePostmortemCommand>;

export const SetComponentStatusCommand = z.strictObject({
  status: ComponentStatus,
});
export type SetComponentStatusCommand = z.output<typeof SetComponentStatusCommand>;

export const SetOutageMessageCommand = z.strictObject({
  /** Plain text shown on /outage/; null restores the default text. */
  message: z.nullable(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'must not be empty; send null to clear'),
        z.maxLength(1000, 'at most 1000 characters'),
      ),
  ),
});
export type SetOutageMessageCommand = z.output<typeof SetOutageMessageCommand>;

const Instant = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 date and time with its offset, e.g. 2026-12-03T22:00:00Z',
});
const MaintenanceComponents = z.array(z.string().check(z.minLength(1))).check(z.maxLength(100));

export const ScheduleMaintenanceCommand = z.strictObject({
  name: Name,
  body: z.optional(Body),
  components: z._default(MaintenanceComponents, []),
  scheduledFor: Instant,
  scheduledUntil: Instant,
});
export type ScheduleMaintenanceCommand = z.output<typeof ScheduleMaintenanceCommand>;

/** Changes a maintenance's text, components or window; what is left out stays. */
export const EditMaintenanceCommand = z.strictObject({
  name: z.optional(Name),
  body: z.optional(Body),
  components: z.optional(MaintenanceComponents),
  scheduledFor: z.optional(Instant),
  scheduledUntil: z.optional(Instant),
});
export type EditMaintenanceCommand = z.output<typeof EditMaintenanceCommand>;

export const AddMaintenanceUpdateCommand = z.strictObject({
  status: z.enum(['scheduled', 'in_progress', 'verifying', 'completed']),
  body: z.optional(Body),
});
export type AddMaintenanceUpdateCommand = z.output<typeof AddMaintenanceUpdateCommand>;

export const CancelMaintenanceCommand = z.strictObject({
  body: z.optional(Body),
});
export type CancelMaintenanceCommand = z.output<typeof CancelMaintenanceCommand>;
