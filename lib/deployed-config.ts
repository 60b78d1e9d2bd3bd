import type { IConstruct } from 'constructs';
import type { LifeboatConfig } from '../lambdas/core/config';

const CONFIG = Symbol.for('lifeboat.deployed-config');

/** Makes a validated config the one every Lifeboat function under `scope` is deployed with. */
export function provideConfig(scope: IConstruct, config: LifeboatConfig): void {
  (scope as unknown as Record<symbol, LifeboatConfig>)[CONFIG] = config;
}

/** The config of the nearest enclosing Lifeboat construct. */
export function deployedConfig(scope: IConstruct): LifeboatConfig {
  for (const node of [...scope.node.scopes].reverse()) {
    const config = (node as unknown as Record<symbol, LifeboatConfig | undefined>)[CONFIG];
    if (config) return config;
  }
  throw new Error(
    `${scope.node.path}: a Lifeboat function must be created inside a Lifeboat construct, which gives it its config`,
  );
}
