import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { Lifeboat, type LifeboatProps } from './lifeboat';
import { LifeboatStorage, type LifeboatStorageProps } from './lifeboat-storage';

/** The stateful stack: table, status site and secrets, retained on delete. */
export class LifeboatDataStack extends Stack {
  readonly storage: LifeboatStorage;

  constructor(scope: Construct, id: string, props: StackProps & { storage?: LifeboatStorageProps } = {}) {
    super(scope, id, props);
    this.storage = new LifeboatStorage(this, 'Storage', props.storage);
    new CfnOutput(this, 'StatusPageUrl', { value: this.storage.site.url, description: 'The status page' });
    new CfnOutput(this, 'DistributionId', {
      value: this.storage.site.distribution.distributionId,
      description: 'lifeboat page publish --distribution-id',
    });
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'BackupRoleArn', {
      value: this.storage.backups.roleArn,
      description: 'The role to name in aws backup start-restore-job',
    });
    const { secrets } = this.storage;
    new CfnOutput(this, 'ApiKeyPepperSecretArn', { value: secrets.apiKeyPepper.secretArn });
    new CfnOutput(this, 'SlackSigningSecretArn', { value: secrets.slackSigningSecret.secretArn });
    new CfnOutput(this, 'SlackBotTokenSecretArn', { value: secrets.slackBotToken.secretArn });
    new CfnOutput(this, 'XCredentialsSecretArn', { value: secrets.xCredentials.secretArn });
  }
}

/** The stateless stack: everything that can be replaced at will, composed from the Lifeboat construct. */
export class LifeboatServiceStack extends Stack {
  readonly lifeboat: Lifeboat;

  constructor(
    scope: Construct,
    id: string,
    props: StackProps & {
      lifeboat: LifeboatProps & { storage: LifeboatStorage };
      /** A table to use instead of the data stack's, e.g. one restored from a backup (see README). */
      existingTable?: { tableName: string; tableStreamArn: string };
    },
  ) {
    super(scope, id, props);
    const table = props.existingTable
      ? TableV2.fromTableAttributes(this, 'ExistingTable', props.existingTable)
      : undefined;
    this.lifeboat = new Lifeboat(this, 'Lifeboat', { ...props.lifeboat, ...(table ? { table } : {}) });
    new CfnOutput(this, 'ApiUrl', { value: this.lifeboat.api.url, description: 'The management API' });
  }
}
