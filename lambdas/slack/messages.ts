import type { Component } from '../core/component';
import type { Incident } from '../core/incident';
import type { Maintenance } from '../core/maintenance';
import type { StatusSummary } from '../core/status-context';
import type { SlackMessage } from './ports';

/** What /outage says in Slack, and the modal that asks for a declare's missing details. */

export const HELP_TEXT = [
  '*/outage* — declare, update and resolve outages',
  '• `/outage declare "API errors" major api,auth` — name, impact (none|minor|major|critical), components; anything missing opens a form',
  '• `/outage update <id> <investigating|identified|monitoring|resolved> <message>`',
  '• `/outage resolve <id> [message]`',
  '• `/outage status`',
  '• `/outage cancel <alert-id>` — no incident for this alert (when its rule would declare one)',
  '• `/outage maintenance schedule "Database upgrade" 2026-12-03T22:00Z 2026-12-03T23:00Z api,db [message]` — a maintenance window; then `/outage maintenance reschedule <id> <start> <end>`, `/outage maintenance update <id> [in_progress|verifying|completed] <message>`, `/outage maintenance cancel <id> [message]`',
].join('\n');

/**
 * Slack's mrkdwn reads `<!channel>`, `<@U…>` and `<https://evil.example|click>` as controls: text
 * from people (incident names, updates, names) is escaped so it shows as typed, as Slack asks.
 */
export const escapeSlack = (text: string): string =>
  text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

const ICON: Record<string, string> = {
  investigating: ':rotating_light:',
  identified: ':mag:',
  monitoring: ':eyes:',
  resolved: ':white_check_mark:',
  postmortem: ':memo:',
};

export function incidentMessage(
  verb: 'Declared' | 'Updated' | 'Resolved',
  incident: Incident,
  siteUrl: string,
): SlackMessage {
  const latest = incident.updates.at(-1)!;
  const components = Object.keys(incident.components);
  const text = `${ICON[incident.status] ?? ''} ${verb}: *${escapeSlack(incident.name)}* (${incident.impact}, ${incident.status}) — \`${escapeSlack(incident.id)}\``;
  return {
    response_type: 'in_channel',
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${text}\n>${escapeSlack(latest.body).replace(/\n/g, '\n>')}` },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${components.length ? `Components: ${escapeSlack(components.join(', '))} · ` : ''}<${siteUrl}/incidents/${incident.id}/|Status page> · by ${escapeSlack(latest.author.name)}`,
          },
        ],
      },
    ],
  };
}

export function statusMessage(summary: StatusSummary): SlackMessage {
  const lines = [`*${summary.status.description}*`];
  for (const incident of summary.openIncidents)
    lines.push(`• *${escapeSlack(incident.name)}* (${incident.impact}, ${incident.status}) — \`${incident.id}\``);
  const degraded = summary.components.filter((c) => c.status !== 'operational');
  if (degraded.length)
    lines.push(`Components: ${degraded.map((c) => `${escapeSlack(c.name)} (${c.status})`).join(', ')}`);
  if (!summary.openIncidents.length) lines.push('No open incidents.');
  return { response_type: 'ephemeral', text: lines.join('\n') };
}

export const ephemeral = (text: string): SlackMessage => ({ response_type: 'ephemeral', text });

export const DECLARE_CALLBACK = 'lifeboat-declare';

/** The modal for a declare: name, impact (a select) and components (a multi-select), pre-filled. */
export function declareModal(
  components: Component[],
  prefill: { name: string | null; impact: string | null; components: string[] },
): unknown {
  const option = (value: string, text: string) => ({ text: { type: 'plain_text', text }, value });
  const impacts = [
    option('minor', 'Minor'),
    option('major', 'Major'),
    option('critical', 'Critical'),
    option('none', 'None'),
  ];
  const componentOptions = components.map((c) => option(c.id, c.name.slice(0, 75)));
  const chosen = componentOptions.filter((o) => prefill.components.includes(o.value));
  return {
    type: 'modal',
    callback_id: DECLARE_CALLBACK,
    title: { type: 'plain_text', text: 'Declare an outage' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'name',
        label: { type: 'plain_text', text: 'What is happening?' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: 200,
          ...(prefill.name ? { initial_value: prefill.name } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'impact',
        label: { type: 'plain_text', text: 'Impact' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: impacts,
          ...(prefill.impact ? { initial_option: impacts.find((o) => o.value === prefill.impact) } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'components',
        optional: true,
        label: { type: 'plain_text', text: 'Affected components' },
        element: {
          type: 'multi_static_select',
          action_id: 'value',
          options: componentOptions,
          ...(chosen.length ? { initial_options: chosen } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'message',
        optional: true,
        label: { type: 'plain_text', text: 'First update for customers' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
      },
    ],
  };
}

/** A maintenance changed from Slack: name, window (UTC), components, the latest text. */
export function maintenanceMessage(
  verb: 'Scheduled' | 'Rescheduled' | 'Updated' | 'Cancelled',
  m: Maintenance,
  siteUrl: string,
): SlackMessage {
  const latest = m.updates.at(-1)!;
  const window = `${m.scheduledFor.slice(0, 16).replace('T', ' ')} → ${m.scheduledUntil.slice(0, 16).replace('T', ' ')} UTC`;
  const text = `:wrench: ${verb} maintenance: *${escapeSlack(m.name)}* (${window}) — \`${escapeSlack(m.id)}\``;
  return {
    response_type: 'in_channel',
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${text}\n>${escapeSlack(latest.body).replace(/\n/g, '\n>')}` },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${m.components.length ? `Components: ${escapeSlack(m.components.join(', '))} · ` : ''}<${siteUrl}/#maintenance-${m.id}|Status page> · by ${escapeSlack(latest.author.name)}`,
          },
        ],
      },
    ],
  };
}
