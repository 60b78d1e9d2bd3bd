import { z } from 'zod';
import { ComponentStatus } from './component';
import { Impact, IncidentStatus, OpenIncidentStatus } from './incident';
import { PostmortemBody } from './postmortem';

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

/** Publishes or edits the incident's postmortem (Markdown). */
export const WritePostmortemCommand = z.strictObject({
  body: PostmortemBody,
  /** Tell subscribers of the affected components; absent: the plan's default on publishing, no on an edit. */
  notify: z.boolean().optional(),
});
export type WritePostmortemCommand = z.output<typeof WritePostmortemCommand>;

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
