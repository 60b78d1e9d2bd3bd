import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface TableBackupsProps {
  table: ITableV2;
  /** How long each backup is kept, in the table's region and in every copy. Default 35 days. */
  retentionDays?: number;
  /**
   * Vaults in other regions (or other accounts) that receive a copy of every backup, by ARN. A copy
   * in another region survives the loss of the table's region; in another account, the loss of the
   * account's credentials.
   */
  copyToVaultArns?: string[];
}

/**
 * AWS Backup for the table, besides its point-in-time recovery: a daily backup kept in a vault of
 * the table's region, copied to the vaults named, each kept for the same retention. Recovery points
 * cannot be deleted by hand (the vault's policy refuses it), only by their lifecycle.
 */
export class TableBackups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  /** The role AWS Backup uses; it may restore too, so on-call can name it in `aws backup start-restore-job`. */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: TableBackupsProps) {
    super(scope, id);
    const retention = Duration.days(props.retentionDays ?? 35);
    this.vault = new BackupVault(this, 'Vault', {
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
    });
    this.plan = new BackupPlan(this, 'Plan', { backupVault: this.vault });
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        // Once a day at a fixed time; point-in-time recovery covers every second in between.
        scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(4),
        deleteAfter: retention,
        copyActions: (props.copyToVaultArns ?? []).map((arn, i) => ({
          destinationBackupVault: BackupVault.fromBackupVaultArn(this, `CopyVault${i}`, arn),
          deleteAfter: retention,
        })),
      }),
    );
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('backup.amazonaws.com'),
      description: 'Lifeboat: AWS Backup backs up and restores the table',
    });
    this.roleArn = role.roleArn;
    this.plan.addSelection('Table', {
      resources: [BackupResource.fromArn(props.table.tableArn)],
      role,
      allowRestores: true,
    });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        reason:
          "AWS Backup's own managed policies are the documented role for a backup selection; they follow AWS Backup's needs as it changes.",
      });
    }
  }
}
