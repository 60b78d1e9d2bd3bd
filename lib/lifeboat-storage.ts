import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, type CfnGlobalTable, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../lambdas/adapters/aws/dynamodb/table-design';
import { StatusSite, type StatusSiteProps } from './status-site';
import { TableBackups, type TableBackupsProps } from './table-backups';

export interface LifeboatStorageProps {
  site?: StatusSiteProps;
  /** AWS Backup for the table: retention and the vaults (other regions, other accounts) copies go to. */
  backups?: Omit<TableBackupsProps, 'table'>;
  /**
   * Regions holding a live replica of the table (a global table): reads and writes survive the loss
   * of the primary region, at the cost of replicated writes (see README). None by default.
   */
  tableReplicaRegions?: string[];
}

/** The secrets Lifeboat reads at run time; values an operator sets are marked so. */
export interface LifeboatSecrets {
  /** Generated: the pepper of API-key hashes. Never rotate without re-issuing every key. */
  apiKeyPepper: Secret;
  /** Generated: signs subscriber tokens (confirm, manage, unsubscribe links). */
  tokenSigningKey: Secret;
  /** Set by the operator: the Slack app's signing secret. */
  slackSigningSecret: Secret;
  /** Set by the operator: the Slack app's bot token (xoxb-…), to open forms and post messages. */
  slackBotToken: Secret;
  /** Set by the operator: X API credentials as JSON {appKey, appSecret, accessToken, accessSecret}. */
  xCredentials: Secret;
}

/**
 * Everything Lifeboat must not lose: the table, the status site and the secrets. Kept apart from
 * the functions so that the service can be torn down and redeployed without touching them, and
 * retained when the stack is deleted.
 */
export class LifeboatStorage extends Construct {
  readonly table: TableV2;
  readonly site: StatusSite;
  readonly secrets: LifeboatSecrets;
  readonly backups: TableBackups;

  constructor(scope: Construct, id: string, props: LifeboatStorageProps = {}) {
    super(scope, id);
    const { partitionKey, sortKey, indexes, timeToLiveAttribute } = TABLE_DESIGN;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute,
      // The outbox relay reads what each change added to an item's outbox from the stream.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      replicas: (props.tableReplicaRegions ?? []).map((region) => ({ region })),
      globalSecondaryIndexes: Object.values(indexes).map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });
    // A stateful resource's logical id is its identity: pin it so a refactor can never replace it.
    (this.table.node.defaultChild as CfnGlobalTable).overrideLogicalId('LifeboatTable');

    this.backups = new TableBackups(this, 'Backups', { table: this.table, ...props.backups });

    this.site = new StatusSite(this, 'Site', props.site);
    (this.site.bucket.node.defaultChild as CfnBucket).overrideLogicalId('LifeboatSiteBucket');

    const generated = (name: string, description: string) =>
      new Secret(this, name, {
        description,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
    const operatorSet = (name: string, description: string, template?: Record<string, string>) =>
      new Secret(this, name, {
        description: `${description} Set by the operator (see README).`,
        ...(template
          ? { generateSecretString: { secretStringTemplate: JSON.stringify(template), generateStringKey: 'unset' } }
          : {}),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.secrets = {
      apiKeyPepper: generated('ApiKeyPepper', 'Lifeboat: pepper for API-key hashes.'),
      tokenSigningKey: generated('TokenSigningKey', 'Lifeboat: signs subscriber links.'),
      slackSigningSecret: operatorSet('SlackSigningSecret', 'Lifeboat: Slack app signing secret.'),
      slackBotToken: operatorSet('SlackBotToken', 'Lifeboat: Slack app bot token.'),
      xCredentials: operatorSet('XCredentials', 'Lifeboat: X API credentials.', {
        appKey: '',
        appSecret: '',
        accessToken: '',
        accessSecret: '',
      }),
    };
    const rotationReasons: Record<keyof LifeboatSecrets, string> = {
      apiKeyPepper:
        'Rotating the pepper invalidates every API key at once; keys themselves are rotated by issuing new ones.',
      tokenSigningKey:
        'Rotating would invalidate every confirm and unsubscribe link already sent; rotate by hand with a grace period.',
      slackSigningSecret: 'Issued by Slack; it is rotated in the Slack app settings, then set here.',
      slackBotToken: 'Issued by Slack; token rotation is managed in the Slack app settings, then set here.',
      xCredentials: 'Issued by X; they are regenerated in the X developer portal, then set here.',
    };
    for (const [name, secret] of Object.entries(this.secrets)) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: rotationReasons[name as keyof LifeboatSecrets],
      });
    }
  }
}
