import { CustomResource, Duration } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/adapters/aws/eventbridge-publisher';
import { LifeboatApi } from './lifeboat-api';
import { LifeboatFunction } from './lifeboat-function';
import { LifeboatStorage, type LifeboatStorageProps } from './lifeboat-storage';
import { OperatorAlarms, type OperatorAlarmsProps } from './operator-alarms';
import { SitePublishing } from './site-publishing';
import { grantTableAccess } from './table-access';

export interface LifeboatProps {
  /**
   * The stateful part (table, site, secrets). Pass one created in another stack to keep state
   * apart from the functions; by default the construct creates its own.
   */
  storage?: LifeboatStorage;
  /** Used only when `storage` is not given. */
  storageProps?: LifeboatStorageProps;
  /** Who hears when Lifeboat itself fails. */
  alarms?: OperatorAlarmsProps;
  /** API throttling: steady requests per second and burst. */
  apiRateLimit?: number;
  apiBurstLimit?: number;
}

/**
 * The whole Lifeboat service as one construct: the management API, the domain-event bus, the
 * status-site publisher, the component sync after each deploy, and the alarms on all of it.
 */
export class Lifeboat extends Construct {
  readonly storage: LifeboatStorage;
  readonly eventBus: EventBus;
  readonly api: LifeboatApi;
  readonly alarms: OperatorAlarms;
  readonly publishing: SitePublishing;

  constructor(scope: Construct, id: string, props: LifeboatProps = {}) {
    super(scope, id);
    this.storage = props.storage ?? new LifeboatStorage(this, 'Storage', props.storageProps);
    const { table, secrets } = this.storage;

    this.eventBus = new EventBus(this, 'Events', { description: 'Lifeboat domain events' });
    // Keeps every event for a month, so a consumer that was down can be replayed.
    new Archive(this, 'EventArchive', {
      sourceEventBus: this.eventBus,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(30),
      description: 'Lifeboat domain events, for replay',
    });

    this.api = new LifeboatApi(this, 'Api', {
      table,
      eventBus: this.eventBus,
      apiKeyPepper: secrets.apiKeyPepper,
      ...(props.apiRateLimit ? { rateLimit: props.apiRateLimit } : {}),
      ...(props.apiBurstLimit ? { burstLimit: props.apiBurstLimit } : {}),
    });

    const syncComponents = new LifeboatFunction(this, 'SyncComponents', {
      entry: 'sync-components',
      description: 'Lifeboat: give configured components their stored state after each deploy',
      environment: { TABLE_NAME: table.tableName, EVENT_BUS_NAME: this.eventBus.eventBusName },
      timeout: Duration.minutes(1),
    });
    grantTableAccess(table, syncComponents, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem');
    // Runs when the function's code (and so the bundled config) changes.
    new CustomResource(this, 'ComponentsSynchronised', {
      serviceToken: syncComponents.functionArn,
      resourceType: 'Custom::LifeboatComponents',
      properties: { CodeVersion: syncComponents.currentVersion.version },
    });

    this.publishing = new SitePublishing(this, 'SitePublishing', {
      table,
      eventBus: this.eventBus,
      site: this.storage.site,
    });
    this.eventBus.grantPutEventsTo(syncComponents);

    this.alarms = new OperatorAlarms(this, 'Alarms', props.alarms);
    this.alarms.watchFunctions('Api', Object.values(this.api.functions));
    this.alarms.watchFunctions('Background', [this.publishing.function, syncComponents]);
    for (const queue of this.publishing.deadLetterQueues) {
      this.alarms.alarmOn(
        `${queue.node.id}Depth`,
        `Status site: messages in ${queue.node.id}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      );
    }
    this.alarms.alarmOn(
      'ApiServerErrors',
      'Lifeboat API: 5xx answers',
      this.api.httpApi.metricServerError({ period: Duration.minutes(5) }),
    );
  }
}
