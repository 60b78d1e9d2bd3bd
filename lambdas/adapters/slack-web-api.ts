import type { SlackApi, SlackMessage } from '../slack/ports';

/** Slack's Web API over HTTPS, with the app's bot token. */
export class SlackWebApi implements SlackApi {
  constructor(private readonly botToken: () => Promise<string>) {}

  async openView(triggerId: string, view: unknown): Promise<void> {
    await this.call('views.open', { trigger_id: triggerId, view });
  }

  async postMessage(channel: string, message: SlackMessage): Promise<void> {
    await this.call('chat.postMessage', { channel, text: message.text, blocks: message.blocks });
  }

  async respond(responseUrl: string, message: SlackMessage): Promise<void> {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`Slack response_url answered ${response.status}`);
  }

  async userGroupMembers(userGroupId: string): Promise<string[]> {
    const answer = (await this.call('usergroups.users.list', { usergroup: userGroupId })) as { users?: string[] };
    return answer.users ?? [];
  }

  private async call(method: string, body: unknown): Promise<unknown> {
    const response = await fetch(`https://slack.com/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${await this.botToken()}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const answer = (await response.json()) as { ok: boolean; error?: string };
    if (!answer.ok) throw new Error(`Slack ${method} failed: ${answer.error ?? response.status}`);
    return answer;
  }
}
