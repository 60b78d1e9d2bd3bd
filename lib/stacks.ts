import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
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
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
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

  constructor(scope: Construct, id: string, props: StackProps & { lifeboat: LifeboatProps & { storage: LifeboatStorage } }) {
    super(scope, id, props);
    this.lifeboat = new Lifeboat(this, 'Lifeboat', props.lifeboat);
    new CfnOutput(this, 'ApiUrl', { value: this.lifeboat.api.url, description: 'The management API' });
  }
}
