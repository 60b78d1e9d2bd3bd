/**
 * Lifeboat as a package: the construct and its parts, for any CDK app.
 *
 *   new Lifeboat(this, 'Lifeboat', { config, alarms: { emails: ['oncall@example.com'] } });
 */

export { defineConfig, type LifeboatConfig, type LifeboatConfigInput } from '../lambdas/core/config';
export { Lifeboat, type LifeboatProps } from './lifeboat';
export { LifeboatStorage, type LifeboatStorageProps } from './lifeboat-storage';
export { OperatorAlarms, type OperatorAlarmsProps } from './operator-alarms';
export { OutsideProbe, type OutsideProbeProps, OutsideProbeStack } from './outside-probe';
export { LifeboatDataStack, LifeboatServiceStack } from './stacks';
