import { ComponentService } from './component-service';
import { ComponentSignals } from './component-signals';
import type { LifeboatConfig } from './config';
import { IncidentService } from './incident-service';
import { MaintenanceService } from './maintenance-service';
import { PageSettingsService } from './page-settings-service';
import type {
  AuditLog,
  Clock,
  ComponentStore,
  EventPublisher,
  IncidentStore,
  MaintenanceStore,
  OneShotTimers,
  PageSettingsStore,
} from './ports';

/** The ports the core's services need; each runtime supplies its own adapters. */
export interface CorePorts {
  incidents: IncidentStore;
  components: ComponentStore;
  events: EventPublisher;
  audit: AuditLog;
  settings: PageSettingsStore;
  maintenances: MaintenanceStore;
  /** The timers of maintenance windows; absent where a runtime sets none (changing a maintenance then fails). */
  maintenanceTimers?: OneShotTimers | undefined;
  clock: Clock;
}

export interface CoreServices {
  incidents: IncidentService;
  components: ComponentService;
  /** Component statuses set by alerts and probes. */
  signals: ComponentSignals;
  pageSettings: PageSettingsService;
  maintenances: MaintenanceService;
}

export function createServices(config: LifeboatConfig, ports: CorePorts): CoreServices {
  const signals = new ComponentSignals({ config, ...ports });
  return {
    incidents: new IncidentService({ config, ...ports }),
    components: new ComponentService({ config, ...ports }),
    signals,
    pageSettings: new PageSettingsService(ports),
    maintenances: new MaintenanceService({
      config,
      ...ports,
      signals,
      timers: ports.maintenanceTimers ?? noTimers,
    }),
  };
}

/** A runtime without maintenance timers cannot schedule, change or run a maintenance window. */
const noTimers: OneShotTimers = {
  set: async () => {
    throw new Error('This function cannot set maintenance timers');
  },
  cancel: async () => {
    throw new Error('This function cannot cancel maintenance timers');
  },
};
