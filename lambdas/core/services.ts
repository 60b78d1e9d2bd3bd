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
  PostmortemRenderer,
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
  /** The postmortem renderer; absent where no postmortem is written (writing one then fails). */
  renderPostmortem?: PostmortemRenderer | undefined;
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
    incidents: new IncidentService({ config, ...ports, renderPostmortem: ports.renderPostmortem ?? noRenderer }),
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

/** A runtime without the postmortem renderer (every one but the postmortem route and local mode) cannot write one. */
const noRenderer: PostmortemRenderer = () => {
  throw new Error('This function cannot render a postmortem');
};
