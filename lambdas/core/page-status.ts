import type { ComponentStatus } from './component';
import type { Impact } from './incident';

export type Indicator = Impact;

export interface PageStatus {
  indicator: Indicator;
  description: string;
}

const LEVELS: readonly Indicator[] = ['none', 'minor', 'major', 'critical'];

/** How Statuspage maps a component status onto the page indicator. */
const COMPONENT_LEVEL: Record<ComponentStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const DESCRIPTION: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
};

/**
 * The page's overall indicator, as Statuspage derives it: the worst of every component's level and
 * every open incident's impact. Maintenance alone leaves the indicator at none but says so.
 */
export function pageStatus(
  components: readonly { status: ComponentStatus }[],
  openIncidents: readonly { impact: Impact }[],
): PageStatus {
  const levels = [...components.map((c) => COMPONENT_LEVEL[c.status]), ...openIncidents.map((i) => i.impact)];
  const indicator = levels.reduce<Indicator>((worst, level) => (rank(level) > rank(worst) ? level : worst), 'none');
  const inMaintenance = components.some((c) => c.status === 'under_maintenance');
  const description = indicator === 'none' && inMaintenance ? 'Service Under Maintenance' : DESCRIPTION[indicator];
  return { indicator, description };
}

const rank = (indicator: Indicator): number => LEVELS.indexOf(indicator);
