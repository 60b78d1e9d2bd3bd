import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { TABLE_DESIGN } from '../lambdas/adapters/aws/dynamodb/table-design';

/** What a function may do to the table: no deletes, no scans, no batch or transactional writes. */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:Query' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem';

/**
 * Grants actions on the table and on each of its indexes by name, rather than `index/*`, so the
 * policy says exactly what it allows.
 */
export function grantTableAccess(table: ITableV2, grantee: IGrantable, ...actions: TableAction[]): void {
  const indexArns = Object.values(TABLE_DESIGN.indexes).map((index) => `${table.tableArn}/index/${index.name}`);
  const resources = actions.some((a) => a === 'dynamodb:Query') ? [table.tableArn, ...indexArns] : [table.tableArn];
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
}
