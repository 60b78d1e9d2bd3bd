import { Aws, Validations } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Lets a function send SMS, and nothing else through SNS. An SMS goes to a phone number, which
 * has no ARN, so IAM only takes "*" for sns:Publish; on its own that would also allow publishing
 * to every SNS topic in the account. The Deny on every topic ARN (SNS's own advice) leaves phone
 * numbers only. `extraActions` are other actions without a resource ARN that share the statement.
 */
export function grantSmsOnly(fn: IGrantable & IConstruct, extraActions: string[] = [], reason?: string): void {
  fn.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut', ...extraActions],
      resources: ['*'],
    }),
  );
  fn.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: ['sns:Publish'],
      resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
    }),
  );
  const role = (fn as { role?: IConstruct }).role ?? fn;
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      reason ??
      'SMS: sns:Publish to a phone number and sns:CheckIfPhoneNumberIsOptedOut have no resource ARN; IAM only accepts "*" for them, and a Deny on every topic ARN keeps publishing to phone numbers.',
  });
}
