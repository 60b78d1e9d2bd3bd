import { describe, expect, it } from 'vitest';
import { worstStatus } from '../../lambdas/core/component';
import { effectiveStatus } from '../../lambdas/core/component-status';
import type { Incident } from '../../lambdas/core/incident';
import { statusContext } from '../support/fixtures';

const incident = (status: Incident['status'], components: Incident['components']) =>
  ({ id: Math.random().toString(36), status, components }) as Incident;

describe('effective component status', () => {
  it('is the baseline when no open incident claims the component', () => {
    expect(effectiveStatus(statusContext([], { api: 'under_maintenance' }), 'api')).toBe('under_maintenance');
    expect(effectiveStatus(statusContext(), 'api')).toBe('operational');
  });

  it('is the worst of the baseline and every open claim', () => {
    const ctx = statusContext(
      [incident('investigating', { api: 'degraded_performance' }), incident('monitoring', { api: 'partial_outage' })],
      { api: 'under_maintenance' },
    );
    expect(effectiveStatus(ctx, 'api')).toBe('partial_outage');
  });

  it('ignores resolved incidents', () => {
    expect(effectiveStatus(statusContext([incident('resolved', { api: 'major_outage' })]), 'api')).toBe('operational');
  });

  it('ranks statuses from operational to major outage', () => {
    expect(worstStatus([])).toBe('operational');
    expect(worstStatus(['degraded_performance', 'under_maintenance'])).toBe('degraded_performance');
    expect(worstStatus(['major_outage', 'partial_outage'])).toBe('major_outage');
  });
});
