import { describe, expect, it } from 'vitest';
import type { Incident } from '../../lambdas/core/incident';
import { incidentMessage, statusMessage } from '../../lambdas/slack/messages';

const hostile = '<!channel> see <https://evil.example|status.acme.example> & <@U123>';

describe('Slack announcements show incident text as typed', () => {
  it('escapes &, < and > in names, updates and authors, so nothing pings or disguises a link', () => {
    const incident = {
      id: 'abc123',
      name: hostile,
      impact: 'major',
      status: 'investigating',
      components: { api: 'major_outage' },
      updates: [{ body: `Line one\n${hostile}`, author: { channel: 'api', name: '<!here>' } }],
    } as unknown as Incident;
    const message = incidentMessage('Declared', incident, 'https://status.acme.example');
    const text = JSON.stringify(message);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).not.toContain('<@U123>');
    expect(message.text).toContain(
      '&lt;!channel&gt; see &lt;https://evil.example|status.acme.example&gt; &amp; &lt;@U123&gt;',
    );
    // Lifeboat's own link still works.
    expect(text).toContain('<https://status.acme.example/incidents/abc123/|Status page>');

    const status = statusMessage({
      status: { indicator: 'major', description: 'Partial System Outage' },
      openIncidents: [incident],
      components: [{ id: 'api', name: '<!everyone>', status: 'major_outage' }],
    } as never);
    expect(status.text).not.toMatch(/<!channel>|<!everyone>/);
  });
});
