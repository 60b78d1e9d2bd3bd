import * as z from './schema';

/** The five component statuses of the Statuspage model, mildest first. */
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;

export const ComponentStatus = z.enum(COMPONENT_STATUSES);
export type ComponentStatus = z.infer<typeof ComponentStatus>;

/** A component as the service knows it: what the config declares plus its stored state. */
export interface Component {
  id: string;
  name: string;
  description: string | null;
  groupId: string | null;
  position: number;
  /** The effective status: the worst of the baseline and every open incident's claim. */
  status: ComponentStatus;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the store keeps for a component. Name, description, group and position live in the config
 * (reviewed, versioned); the store keeps only what changes at run time.
 */
export interface ComponentRecord {
  id: string;
  /** The status outside any incident, set by PATCH /v1/components/{id}. */
  baselineStatus: ComponentStatus;
  /**
   * Statuses that non-human actors (an alert, a probe) hold on the component, by source: each
   * counts while it is there and is taken away when its source clears.
   */
  signals?: Record<string, ComponentSignal>;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A status held on a component by something other than a person, e.g. a firing alert. */
export interface ComponentSignal {
  status: ComponentStatus;
  since: string;
  /** Who holds it, as the audit trail names them, e.g. `alertmanager:prometheus-prod`. */
  by: string;
}

const severity = (status: ComponentStatus): number => COMPONENT_STATUSES.indexOf(status);

/** The worse of the statuses given, or `operational` when there are none. */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) if (severity(status) > severity(worst)) worst = status;
  return worst;
}
