import type { Component } from '../core/component';
import type { LifeboatConfig } from '../core/config';
import type { Incident } from '../core/incident';
import type { Maintenance } from '../core/maintenance';
import type { PageStatus } from '../core/page-status';
import type { ProbeHistory } from '../core/probes/probe-samples';

/** Everything the site is rendered from. The renderer reads nothing else: no clock, no I/O. */
export interface SiteState {
  config: LifeboatConfig;
  status: PageStatus;
  components: Component[];
  /** Every incident, newest first. */
  incidents: Incident[];
  /** Every scheduled maintenance, the latest window first (none when absent). */
  maintenances?: Maintenance[];
  /** What on-call wants the outage holding page to say; null for the default text. */
  outageMessage: string | null;
  /** Where the subscribe form posts (the API's base URL); null to offer no form. */
  subscribeUrl: string | null;
  /** The moment of rendering, for uptime; rounded to the minute so identical state renders identically. */
  now: string;
  /** Response times and uptime measured by Lifeboat's probes, for components that have checks. */
  probes?: Record<string, ProbeHistory>;
}
