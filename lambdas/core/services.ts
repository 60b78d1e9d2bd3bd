import { ComponentService } from './component-service';
import { ComponentSignals } from './component-signals';
import type { LifeboatConfig } from './config';
import { IncidentService } from './incident-service';
import { PageSettingsService } from './page-settings-service';
import type { AuditLog, Clock, ComponentStore, EventPublisher, IncidentStore, PageSettingsStore } from './ports';

/** The ports the core's services need; each runtime supplies its own adapters. */
export interface CorePorts {
  incidents: IncidentStore;
  components: ComponentStore;
  events: EventPublisher;
  audit: AuditLog;
  settings: PageSettingsStore;
  clock: Clock;
}

export interface CoreServices {
  incidents: IncidentService;
  components: ComponentService;
  /** Component statuses set by alerts and probes. */
  signals: ComponentSignals;
  pageSettings: PageSettingsService;
}

export function createServices(config: LifeboatConfig, ports: CorePorts): CoreServices {
  return {
    incidents: new IncidentService({ config, ...ports }),
    components: new ComponentService({ config, ...ports }),
    signals: new ComponentSignals({ config, ...ports }),
    pageSettings: new PageSettingsService(ports),
  };
}
