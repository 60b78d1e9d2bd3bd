import type { Incident } from '../../core/incident';
import type { Maintenance } from '../../core/maintenance';

/**
 * An incident as the API shows it: request fingerprints are bookkeeping, not data, and a
 * postmortem is shown as written (its stored HTML is what the page and messages show).
 */
export function presentIncident({ requestHash: _hash, updates, postmortem, ...incident }: Incident) {
  const { requests: _requests, html: _html, ...document } = postmortem ?? {};
  return {
    ...incident,
    updates: updates.map(({ requestHash: _updateHash, ...update }) => update),
    ...(postmortem ? { postmortem: document } : {}),
  };
}

/** A maintenance as the API shows it, without request fingerprints. */
export function presentMaintenance({ requestHash: _hash, updates, ...maintenance }: Maintenance) {
  return {
    ...maintenance,
    updates: updates.map(({ requestHash: _updateHash, ...update }) => update),
  };
}
