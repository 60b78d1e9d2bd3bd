import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The id cdk-nag gives a wildcard finding on an ARN of this stack, rendered as cdk-nag renders it:
 * unresolved partition, region and account as `<AWS::…>`, resolved ones as they are. Computing it
 * keeps an acknowledgement exact (one finding, one reason) in every account and region.
 */
export function wildcardArnFinding(scope: IConstruct, service: string, resourcePath: string): string {
  const stack = Stack.of(scope);
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const arn = `arn:<AWS::Partition>:${service}:${part(stack.region, 'Region')}:${part(stack.account, 'AccountId')}:${resourcePath}`;
  return `AwsSolutions-IAM5[Resource::${arn}]`;
}
