import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';
import { PageReplica } from './page-replica';

/**
 * What Lifeboat keeps in its second region, to survive the loss of the first: the status page's
 * replica bucket and the vault that receives a copy of every table backup. Deployed before the
 * data stack, which points at both by name.
 */
export class LifeboatRecoveryStack extends Stack {
  readonly pageReplica: PageReplica;
  readonly vault: BackupVault;
  /** Known at synthesis, so the primary region's backup plan can name the vault without a cross-region reference. */
  readonly copyVaultName: string;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.pageReplica = new PageReplica(this, 'PageReplica');
    this.copyVaultName = `${this.stackName}-table-backups`;
    this.vault = new BackupVault(this, 'BackupCopies', {
      backupVaultName: this.copyVaultName,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
    });
    new CfnOutput(this, 'PageReplicaBucket', {
      value: this.pageReplica.bucket.bucketName,
      description: 'The status page replica: `lifeboat page publish --to` this',
    });
    new CfnOutput(this, 'BackupCopyVault', { value: this.copyVaultName, description: 'Copies of the table backups' });
  }
}
