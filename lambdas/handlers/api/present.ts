import type { Incident } from '../../core/incident';

/** An incident as the API shows it: request fingerprints are bookkeeping, not data. */
export function presentIncident({ requestHash: _hash, updates, postmortem, ...incident }: Incident) {
  const { requests: _requests, ...document } = postmortem ?? {};
  return {
    ...incident,
    updates: updates.map(({ requestHash: _updateHash, ...update }) => update),
    ...(postmortem ? { postmortem: document } : {}),
  };
}
