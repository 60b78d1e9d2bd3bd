import type { ComponentStatus } from '../../lambdas/core/component';
import { type LifeboatConfig, parseConfig } from '../../lambdas/core/config';
import { type Impact, type Incident, isOpen } from '../../lambdas/core/incident';
import { declare, resolve, update } from '../../lambdas/core/lifecycle';
import { pageStatus } from '../../lambdas/core/page-status';
import { describeComponents } from '../../lambdas/core/status-context';
import type { SiteState } from '../../lambdas/render/site-state';

export const NOW = '2026-11-21T12:00:00.000Z';

export function siteConfig(
  overrides: { components?: number; locale?: 'en' | 'fr'; name?: string; groupName?: string } = {},
): LifeboatConfig {
  const count = overrides.components ?? 4;
  return parseConfig(
    {
      page: {
        id: 'acme',
        name: overrides.name ?? 'Acme Cloud',
        url: 'https://status.acme.example',
        timeZone: 'Europe/Paris',
        locale: overrides.locale ?? 'en',
      },
      groups: [{ id: 'core', name: overrides.groupName ?? 'Core platform', description: 'What apps call' }],
      components: Array.from({ length: count }, (_, i) => ({
        id: `c${i}`,
        name: `Component ${i}`,
        description: i === 0 ? 'The first one' : undefined,
        group: i < count / 2 ? 'core' : undefined,
        startDate: '2026-01-01',
      })),
    },
    'test',
  );
}

/** Builds incidents through the real lifecycle, so their updates and component changes are genuine. */
export class History {
  readonly incidents: Incident[] = [];
  private seq = 0;

  constructor(private readonly config: LifeboatConfig) {}

  private ctx(at: string) {
    return {
      now: at,
      actor: { channel: 'api' as const, name: 'on-call' },
      updateId: `u${++this.seq}`,
      statuses: { baselines: new Map<string, ComponentStatus>(), openIncidents: this.incidents.filter(isOpen) },
    };
  }

  declare(
    at: string,
    name: string,
    impact: Impact,
    components: Record<string, ComponentStatus>,
    body?: string,
  ): Incident {
    const { incident } = declare(
      `inc${++this.seq}`,
      { name, impact, status: 'investigating', components, body },
      this.ctx(at),
    );
    this.incidents.push(incident);
    return incident;
  }

  update(id: string, at: string, status: 'identified' | 'monitoring', body: string): Incident {
    return this.replace(update(this.get(id), { status, body }, this.ctx(at)).incident);
  }

  resolve(id: string, at: string, body?: string): Incident {
    return this.replace(resolve(this.get(id), body, this.ctx(at)).incident);
  }

  state(overrides: Partial<SiteState> = {}): SiteState {
    const open = this.incidents.filter(isOpen);
    // The core's own join of config, stored records and open incidents, as the service does it.
    const since = '2026-01-01T00:00:00.000Z';
    const records = new Map(
      this.config.components.map((c) => [
        c.id,
        { id: c.id, baselineStatus: 'operational' as const, createdAt: since, updatedAt: since, version: 1 },
      ]),
    );
    const components = describeComponents(
      this.config,
      { baselines: new Map<string, ComponentStatus>(), openIncidents: open, records },
      NOW,
    );
    const incidents = [...this.incidents].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return {
      config: this.config,
      status: pageStatus(components, open),
      components,
      incidents,
      outageMessage: null,
      subscribeUrl: 'https://api.status.acme.example',
      now: NOW,
      ...overrides,
    };
  }

  private get(id: string): Incident {
    return this.incidents.find((i) => i.id === id)!;
  }

  private replace(incident: Incident): Incident {
    this.incidents[this.incidents.findIndex((i) => i.id === incident.id)] = incident;
    return incident;
  }
}

export const fileOf = (files: { path: string; body: string }[], path: string): string => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no file ${path}; have ${files.map((f) => f.path).join(', ')}`);
  return file.body;
};
