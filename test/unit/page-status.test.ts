import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../lambdas/core/component';
import type { Impact } from '../../lambdas/core/incident';
import { pageStatus } from '../../lambdas/core/page-status';

const components = (...statuses: ComponentStatus[]) => statuses.map((status) => ({ status }));
const incidents = (...impacts: Impact[]) => impacts.map((impact) => ({ impact }));

describe('the page indicator, as Statuspage derives it', () => {
  it.each([
    [components('operational', 'operational'), incidents(), 'none', 'All Systems Operational'],
    [components('operational', 'degraded_performance'), incidents(), 'minor', 'Minor Service Outage'],
    [components('partial_outage', 'degraded_performance'), incidents(), 'major', 'Partial System Outage'],
    [components('major_outage', 'operational'), incidents(), 'critical', 'Major Service Outage'],
    [components('under_maintenance'), incidents(), 'none', 'Service Under Maintenance'],
    [components('operational'), incidents('major'), 'major', 'Partial System Outage'],
    [components('degraded_performance'), incidents('critical', 'none'), 'critical', 'Major Service Outage'],
    [components('partial_outage'), incidents('minor'), 'major', 'Partial System Outage'],
    [components('under_maintenance'), incidents('minor'), 'minor', 'Minor Service Outage'],
    [components('operational'), incidents('none'), 'none', 'All Systems Operational'],
  ] as const)('%j with incidents %j → %s', (cs, is, indicator, description) => {
    expect(pageStatus(cs, is)).toEqual({ indicator, description });
  });
});
