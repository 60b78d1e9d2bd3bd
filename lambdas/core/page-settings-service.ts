import type { Actor } from './actor';
import { retryOnConflict } from './concurrency';
import type { AuditLog, Clock, EventPublisher, PageSettings, PageSettingsStore } from './ports';

export interface PageSettingsServiceDeps {
  settings: PageSettingsStore;
  events: EventPublisher;
  audit: AuditLog;
  clock: Clock;
}

const EMPTY: PageSettings = { outageMessage: null, updatedAt: new Date(0).toISOString(), version: 0 };

/** The page's settings, or the defaults while none were ever saved. */
export const readPageSettings = async (store: Pick<PageSettingsStore, 'get'>): Promise<PageSettings> =>
  (await store.get()) ?? EMPTY;

/** Settings of the page as a whole, such as what the outage holding page says. */
export class PageSettingsService {
  constructor(private readonly deps: PageSettingsServiceDeps) {}

  get(): Promise<PageSettings> {
    return readPageSettings(this.deps.settings);
  }

  async setOutageMessage(message: string | null, actor: Actor): Promise<PageSettings> {
    const { deps } = this;
    const saved = await retryOnConflict('The page settings', async () => {
      const current = await this.get();
      const next = { outageMessage: message, updatedAt: deps.clock.now().toISOString(), version: current.version + 1 };
      await deps.settings.save(next);
      return next;
    });
    const id = `page.settings.v${saved.version}`;
    await Promise.all([
      deps.events.publish([{ type: 'outage_page.updated', id, occurredAt: saved.updatedAt, actor, message }]),
      deps.audit.record([
        {
          id,
          at: saved.updatedAt,
          actor,
          action: 'outage_page.set_message',
          target: 'page:outage',
          summary: message === null ? 'outage page message cleared' : `outage page message: ${message.slice(0, 80)}`,
        },
      ]),
    ]);
    return saved;
  }
}
