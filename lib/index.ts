/**
 * Lifeboat as a package: the construct and its parts, for any CDK app.
 *
 *   new Lifeboat(this, 'Lifeboat', { config, alarms: { emails: ['oncall@example.com'] } });
 */
export { Lifeboat, type LifeboatProps } from './lifeboat';
export { LifeboatStorage, type LifeboatStorageProps } from './lifeboat-storage';
export { LifeboatDataStack, LifeboatServiceStack } from './stacks';
export { OutsideProbe, type OutsideProbeProps, OutsideProbeStack } from './outside-probe';
export { OperatorAlarms, type OperatorAlarmsProps } from './operator-alarms';
export { defineConfig, type LifeboatConfig, type LifeboatConfigInput } from '../lambdas/core/config';
