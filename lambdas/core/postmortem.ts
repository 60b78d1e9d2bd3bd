import { type Actor, Channel } from './actor';
import { IncidentNotResolvedError, ValidationError } from './errors';
import type { PostmortemPublished } from './events';
import { type Incident, snapshotOf } from './incident';
import type { PostmortemRenderer } from './ports';
import * as z from './schema';

/**
 * A postmortem: the document written once an incident is over (what happened, why, what changes),
 * in Markdown, shown on the incident's page and in the feeds. Published once, then edited: each
 * edit is a new revision, and the page shows the latest.
 */

/** Long enough for a thorough postmortem, short enough that the incident's item keeps room for its outbox. */
export const POSTMORTEM_MAX_CHARS = 20_000;

export const PostmortemBody = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(POSTMORTEM_MAX_CHARS, `at most ${POSTMORTEM_MAX_CHARS} characters`),
  );

/**
 * The most the HTML of one revision may take, in UTF-8 bytes. The incident's item (at most 400 KB
 * in DynamoDB) keeps the Markdown (up to 60 KB: 20,000 characters of 3 bytes) and its HTML, and the
 * event that announces the revision carries both again in the item's outbox until it is relayed:
 * 2 × (60 + 100) KB, plus JSON escaping, leaves room for the rest of the incident. Ordinary text
 * stays far below (typed markup, `<` escaped to `&lt;`, fits even at the longest body); what goes
 * over is a body made mostly of quotes, ampersands or bare links, which escaping or linking grows
 * five or more times.
 */
export const POSTMORTEM_HTML_MAX_BYTES = 100_000;

/** How many Idempotency-Keys a postmortem remembers, to tell a replay from a new edit. */
const REMEMBERED_REQUESTS = 10;

export const Postmortem = z.object({
  /** Markdown, as written. */
  body: PostmortemBody,
  /** The body as sanitized HTML (render/postmortem-html.ts), rendered when the revision was written. */
  html: z.string(),
  publishedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** 1 when published, one more on each edit that changed the text. */
  revision: z.int().check(z.gte(1)),
  /** Who wrote the latest revision. */
  author: z.object({ channel: Channel, name: z.string() }),
  /** The revision subscribers were last told about; null while they were told of none. */
  notifiedRevision: z.nullable(z.int().check(z.gte(1))),
  /** The latest requests made with an Idempotency-Key: their derived id and fingerprint. */
  requests: z.array(z.object({ id: z.string(), hash: z.string() })).check(z.maxLength(REMEMBERED_REQUESTS)),
});
export type Postmortem = z.infer<typeof Postmortem>;

/** A postmortem is written about an incident that is over: resolved, or already with a postmortem. */
const CLOSED_STATUSES: readonly Incident['status'][] = ['resolved', 'postmortem'];

export interface PostmortemInput {
  body: string;
  /** Tell subscribers of the affected components; absent: the plan's default on publishing, no on an edit. */
  notify?: boolean | undefined;
}

export interface PostmortemContext {
  now: string;
  actor: Actor;
  /** `responsePlan.postmortem.notify`: whether a first publish notifies when the request does not say. */
  notifyByDefault: boolean;
  request?: { id: string; hash: string } | undefined;
  /** Renders the body, once per written revision. */
  render: PostmortemRenderer;
}

export type PostmortemStep =
  | { kind: 'unchanged'; incident: Incident }
  | {
      kind: 'written';
      incident: Incident;
      event: PostmortemPublished;
      /** The revision before this step; null when it publishes. */
      before: number | null;
    };

/**
 * Publishes or edits the incident's postmortem. Same text: nothing changes (a repeated PUT is
 * harmless), unless subscribers are asked for and were never told of this revision. Each revision
 * notifies at most once, whoever repeats the request.
 */
export function writePostmortem(current: Incident, input: PostmortemInput, ctx: PostmortemContext): PostmortemStep {
  if (!CLOSED_STATUSES.includes(current.status)) {
    throw new IncidentNotResolvedError(
      `Incident ${current.id} is ${current.status}: a postmortem can be published once it is resolved`,
      { errors: [{ field: 'status', message: `the incident is ${current.status}; resolve it first` }] },
    );
  }
  const previous = current.postmortem;
  const changed = previous?.body !== input.body;
  const revision = previous ? previous.revision + (changed ? 1 : 0) : 1;
  const notify = (input.notify ?? (previous ? false : ctx.notifyByDefault)) && previous?.notifiedRevision !== revision;
  if (!changed && !notify) return { kind: 'unchanged', incident: current };

  const postmortem: Postmortem = {
    body: input.body,
    html: renderedWithinBounds(input.body, ctx.render),
    publishedAt: previous?.publishedAt ?? ctx.now,
    updatedAt: changed ? ctx.now : previous!.updatedAt,
    revision,
    author: changed ? ctx.actor : previous!.author,
    notifiedRevision: notify ? revision : (previous?.notifiedRevision ?? null),
    requests: [...(ctx.request ? [ctx.request] : []), ...(previous?.requests ?? [])].slice(0, REMEMBERED_REQUESTS),
  };
  const incident: Incident = {
    ...current,
    // As Statuspage shows it: an incident with a published postmortem has the status `postmortem`.
    status: 'postmortem',
    postmortem,
    updatedAt: ctx.now,
    version: current.version + 1,
  };
  const event: PostmortemPublished = {
    type: 'incident.postmortem_published',
    id: `incident.${incident.id}.v${incident.version}`,
    occurredAt: ctx.now,
    actor: ctx.actor,
    incident: snapshotOf(incident),
    revision,
    notify,
  };
  return { kind: 'written', incident, event, before: previous?.revision ?? null };
}

/** The body's HTML, refused (400, naming `body`) when it would not fit the incident's item. */
function renderedWithinBounds(body: string, render: PostmortemRenderer): string {
  const html = render(body);
  const bytes = new TextEncoder().encode(html).length;
  if (bytes > POSTMORTEM_HTML_MAX_BYTES)
    throw new ValidationError('The postmortem is too large once rendered', {
      errors: [
        {
          field: 'body',
          message: `renders to ${bytes} bytes of HTML, more than the ${POSTMORTEM_HTML_MAX_BYTES} an incident keeps: shorten it, or use fewer quotes, ampersands and bare links`,
        },
      ],
    });
  return html;
}

/** The request an Idempotency-Key already made, if the postmortem remembers it. */
export const earlierRequest = (incident: Incident, id: string) =>
  incident.postmortem?.requests.find((r) => r.id === id);
