import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_FAILOVER_STATUS_CODES } from '../../lambdas/render/site-hosting';
import { buildTestApp } from '../support/cdk';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

const COPY_ACCOUNT_VAULT = 'arn:aws:backup:eu-north-1:210987654321:backup-vault:lifeboat-offsite';
let built: ReturnType<typeof buildTestApp>;
let data: Template;
let recovery: Template;
let service: Template;
beforeAll(() => {
  built = buildTestApp({
    'lifeboat:region': 'eu-west-3',
    'lifeboat:recoveryRegion': 'eu-central-1',
    'lifeboat:backupRetentionDays': '90',
    'lifeboat:backupCopyVaultArns': COPY_ACCOUNT_VAULT,
    'lifeboat:tableReplica': 'true',
    'lifeboat:alarmEmails': 'oncall@example.com',
  });
  data = Template.fromStack(built.data);
  recovery = Template.fromStack(built.recovery!);
  service = Template.fromStack(built.service);
});

const resourcesOf = (template: Template, type: string): Resources => template.findResources(type) as Resources;
const replicaName = { 'Fn::Join': ['', ['lifeboatrecovery-page-', { Ref: 'AWS::AccountId' }, '-eu-central-1']] };

describe('the recovery region', () => {
  it('is its own stack in the second region, deployed before the data stack', () => {
    expect(built.recovery!.region).toBe('eu-central-1');
    expect(built.data.dependencies).toContain(built.recovery);
  });

  it('holds the page replica: private, versioned, encrypted, logged and retained, named without a cross-region reference', () => {
    recovery.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: replicaName,
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site-replica/' }),
      }),
    });
  });

  it('lets only CloudFront distributions of the account read the replica, over TLS', () => {
    recovery.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'AWS:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('holds a backup vault for the copies, whose recovery points nobody can delete by hand', () => {
    recovery.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BackupVaultName: 'LifeboatRecovery-table-backups',
        AccessPolicy: Match.objectLike({
          Statement: [Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) })],
        }),
      }),
    });
  });
});

describe('the page in two regions', () => {
  it('reads every path through an origin group that fails over to the replica on 5xx, 403 and 404', () => {
    const [distribution] = Object.values(resourcesOf(data, 'AWS::CloudFront::Distribution'));
    const config = distribution!.Properties.DistributionConfig;
    const [group] = config.OriginGroups.Items;
    expect(config.OriginGroups.Quantity).toBe(1);
    // The same list the local failover test's front uses.
    expect(group.FailoverCriteria.StatusCodes.Items).toEqual([...ORIGIN_FAILOVER_STATUS_CODES]);
    expect(group.FailoverCriteria.StatusCodes.Items).toEqual(expect.arrayContaining([500, 502, 503, 504, 403, 404]));

    const [primaryId, fallbackId] = group.Members.Items.map((m: { OriginId: string }) => m.OriginId);
    const origins = Object.fromEntries(config.Origins.map((o: { Id: string }) => [o.Id, o]));
    expect(origins[primaryId].DomainName).toEqual({ 'Fn::GetAtt': ['LifeboatSiteBucket', 'RegionalDomainName'] });
    expect(origins[fallbackId].DomainName).toEqual({
      'Fn::Join': [
        '',
        ['lifeboatrecovery-page-', { Ref: 'AWS::AccountId' }, '-eu-central-1.s3.eu-central-1.amazonaws.com'],
      ],
    });
    for (const id of [primaryId, fallbackId]) expect(origins[id].OriginAccessControlId).toBeDefined();

    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(group.Id);
    for (const behavior of config.CacheBehaviors) expect(behavior.TargetOriginId, behavior.PathPattern).toBe(group.Id);
  });

  it('has the publisher write the replica too, and alarms when a copy was not published', () => {
    const publisher = Object.values(resourcesOf(service, 'AWS::Lambda::Function')).find(
      (f) => f.Properties.Description === 'Lifeboat: rebuild and publish the status site',
    )!;
    expect(publisher.Properties.Environment.Variables).toMatchObject({
      REPLICA_SITE_BUCKET_NAME: replicaName,
      REPLICA_SITE_BUCKET_REGION: 'eu-central-1',
    });
    data.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Resource: Match.arrayWith([
              {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':s3:::lifeboatrecovery-page-',
                    { Ref: 'AWS::AccountId' },
                    '-eu-central-1/*',
                  ],
                ],
              },
            ]),
          }),
        ]),
      },
    });
    service.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('A copy of the status site was not published'),
      MetricTransformations: [Match.objectLike({ MetricName: 'StatusSiteCopyFailures' })],
    });
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('Status site: a copy'),
    });
  });
});

describe('the table backups', () => {
  it('back the table up daily into a vault of its region, copied to the recovery region and to any vault named, with the configured retention', () => {
    data.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.anyValue(),
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: 'cron(0 3 * * ? *)',
            Lifecycle: { DeleteAfterDays: 90 },
            CopyActions: [
              {
                DestinationBackupVaultArn: {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':backup:eu-central-1:',
                      { Ref: 'AWS::AccountId' },
                      ':backup-vault:LifeboatRecovery-table-backups',
                    ],
                  ],
                },
                Lifecycle: { DeleteAfterDays: 90 },
              },
              { DestinationBackupVaultArn: COPY_ACCOUNT_VAULT, Lifecycle: { DeleteAfterDays: 90 } },
            ],
          }),
        ],
      },
    });
    data.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': ['LifeboatTable', 'Arn'] }] }),
    });
    data.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    // The selection's role may restore too: on-call names it in `aws backup start-restore-job` (an output).
    data.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.arrayWith([
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup'],
          ],
        },
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores'],
          ],
        },
      ]),
    });
    data.hasOutput('BackupRoleArn', Match.anyValue());
    data.hasOutput('DistributionId', Match.anyValue());
  });

  it('keeps a live replica of the table in the recovery region when asked', () => {
    const regions = data.toJSON().Resources.LifeboatTable.Properties.Replicas.map((r: { Region: string }) => r.Region);
    expect(regions.sort()).toEqual(['eu-central-1', 'eu-west-3']);
  });

  it('pass cdk-nag with the recovery region, with no warning left', () => {
    let error: unknown;
    try {
      built.app.synth();
    } catch (e) {
      error = e;
    }
    const path = join(built.outdir, 'policy-validation-report.json');
    const report = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : { pluginReports: [] };
    const violations = report.pluginReports.flatMap((r: { violations: { ruleName: string }[] }) =>
      r.violations.map((v) => v.ruleName),
    );
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();
    for (const stack of [built.data, built.recovery!, built.service]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()), stack.stackName).toEqual([]);
    }
  });
});

describe('without a recovery region, and with a restored table', () => {
  it('still backs the table up (no copies), with one origin and one region', () => {
    const plain = buildTestApp({ 'lifeboat:region': 'eu-west-3' });
    expect(plain.recovery).toBeUndefined();
    const template = Template.fromStack(plain.data);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.anyValue(),
        BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 35 } })],
      },
    });
    const [rule] = Object.values(resourcesOf(template, 'AWS::Backup::BackupPlan'))[0]!.Properties.BackupPlan
      .BackupPlanRule;
    expect(rule.CopyActions ?? []).toEqual([]);
    const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
    expect(distribution!.Properties.DistributionConfig.OriginGroups).toBeUndefined();
    expect(template.toJSON().Resources.LifeboatTable.Properties.Replicas).toHaveLength(1);
  });

  it('points the service at an existing table and its stream when given', () => {
    const streamArn = 'arn:aws:dynamodb:eu-west-3:123456789012:table/lifeboat-restored/stream/2026-11-24T03:00:00.000';
    const restored = buildTestApp({
      'lifeboat:region': 'eu-west-3',
      'lifeboat:tableName': 'lifeboat-restored',
      'lifeboat:tableStreamArn': streamArn,
    });
    const template = Template.fromStack(restored.service);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: streamArn });
    for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
      const tableName = fn.Properties.Environment?.Variables?.TABLE_NAME;
      if (tableName !== undefined) expect(tableName, fn.Properties.Description).toBe('lifeboat-restored');
    }
  });

  it('refuses settings that cannot work', () => {
    expect(() => buildTestApp({ 'lifeboat:region': 'eu-west-3', 'lifeboat:recoveryRegion': 'eu-west-3' })).toThrow(
      /recoveryRegion/,
    );
    expect(() => buildTestApp({ 'lifeboat:recoveryRegion': 'eu-central-1' })).toThrow(
      /recoveryRegion: needs lifeboat:region/,
    );
    expect(() => buildTestApp({ 'lifeboat:region': 'eu-west-3', 'lifeboat:tableReplica': 'true' })).toThrow(
      /tableReplica/,
    );
    expect(() => buildTestApp({ 'lifeboat:tableName': 'lifeboat-restored' })).toThrow(/tableStreamArn/);
    expect(() => buildTestApp({ 'lifeboat:backupCopyVaultArns': 'not-an-arn' })).toThrow(/backupCopyVaultArns/);
  });
});
