import { z } from 'zod';
import { ComponentStatus } from './component';
import { Impact, IncidentStatus, OpenIncidentStatus } from './incident';
import { MaintenanceStatus } from './maintenance';

/** The shapes of the commands on-call sends, whatever the channel (API, CLI, Slack). */

const Name = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const Body = z.string().trim().min(1, 'must not be empty').max(5000, 'at most 5000 characters');
const ComponentClaims = z.record(z.string().min(1), ComponentStatus);

export const DeclareIncidentCommand = z.strictObject({
  name: Name,
  impact: Impact,
  status: OpenIncidentStatus.default('investigating'),
  body: Body.optional(),
  components: ComponentClaims.default({}),
});
export type DeclareIncidentCommand = z.output<typeof DeclareIncidentCommand>;

export const AddIncidentUpdateCommand = z.strictObject({
  status: IncidentStatus,
  body: Body,
  impact: Impact.optional(),
  components: ComponentClaims.optional(),
});
export type AddIncidentUpdateCommand = z.output<typeof AddIncidentUpdateCommand>;

export const ResolveIncidentCommand = z.strictObject({
  body: Body.optional(),
});
export type ResolveIncidentCommand = z.output<typeof ResolveIncidentCommand>;

export const SetComponentStatusCommand = z.strictObject({
  status: ComponentStatus,
});
export type SetComponentStatusCommand = z.output<typeof SetComponentStatusCommand>;

export const SetOutageMessageCommand = z.strictObject({
  /** Plain text shown on /outage/; null restores the default text. */
  message: z
    .string()
    .trim()
    .min(1, 'must not be empty; send null to clear')
    .max(1000, 'at most 1000 characters')
    .nullable(),
});
export type SetOutageMessageCommand = z.output<typeof SetOutageMessageCommand>;

const Instant = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 date and time with its offset, e.g. 2026-12-03T22:00:00Z',
});
const MaintenanceComponents = z.array(z.string().min(1)).max(100);

export const ScheduleMaintenanceCommand = z.strictObject({
  name: Name,
  body: Body.optional(),
  components: MaintenanceComponents.default([]),
  scheduledFor: Instant,
  scheduledUntil: Instant,
});
export type ScheduleMaintenanceCommand = z.output<typeof ScheduleMaintenanceCommand>;

/** Changes a maintenance's text, components or window; what is left out stays. */
export const EditMaintenanceCommand = z.strictObject({
  name: Name.optional(),
  body: Body.optional(),
  components: MaintenanceComponents.optional(),
  scheduledFor: Instant.optional(),
  scheduledUntil: Instant.optional(),
});
export type EditMaintenanceCommand = z.output<typeof EditMaintenanceCommand>;

export const AddMaintenanceUpdateCommand = z.strictObject({
  status: MaintenanceStatus.exclude(['cancelled']),
  body: Body.optional(),
});
export type AddMaintenanceUpdateCommand = z.output<typeof AddMaintenanceUpdateCommand>;

export const CancelMaintenanceCommand = z.strictObject({
  body: Body.optional(),
});
export type CancelMaintenanceCommand = z.output<typeof CancelMaintenanceCommand>;
