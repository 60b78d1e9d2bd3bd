import type { Incident } from '../../core/incident';
import type { Maintenance } from '../../core/maintenance';

/** An incident as the API shows it: request fingerprints are bookkeeping, not data. */
export function presentIncident({ requestHash: _hash, updates, postmortem, ...incident }: Incident) {
  const { requests: _requests, ...document } = postmortem ?? {};
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
