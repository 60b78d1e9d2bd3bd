import { NotFoundError } from './errors';
import type { Incident } from './incident';
import type { IncidentStore } from './ports';

/** One incident by id, for those who only read them (the response plan, the public routes). */
export interface IncidentReader {
  /** Throws NotFoundError when there is no such incident. */
  get(id: string): Promise<Incident>;
}

export const incidentReader = (store: Pick<IncidentStore, 'get'>): IncidentReader => ({
  async get(id) {
    const incident = await store.get(id);
    if (!incident) throw new NotFoundError(`No incident with id ${id}`);
    return incident;
  },
});
