import { readFileSync } from 'node:fs';
import type { LifeboatConfig } from '../core/config';

/**
 * The name of the config file the CDK construct writes next to each function's bundle: the
 * `config` prop it was given, already validated at synth. The bundles themselves carry no config,
 * so one package serves every deployment.
 */
export const BUNDLED_CONFIG_FILE = 'lifeboat.config.json';

let cached: LifeboatConfig | undefined;

/**
 * Reads the deployment's config once per execution environment. The construct wrote it already
 * parsed (validated, defaults filled in) at synth, so it is not validated again here: the schema
 * and the phone-number metadata it needs stay out of the bundles that do not use them.
 * `LIFEBOAT_CONFIG_FILE` points elsewhere, for a bundle run outside Lambda (the cold-start bench).
 */
export function bundledConfig(env: NodeJS.ProcessEnv = process.env): LifeboatConfig {
  if (cached) return cached;
  const file = env.LIFEBOAT_CONFIG_FILE ?? new URL(`./${BUNDLED_CONFIG_FILE}`, import.meta.url);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `The function has no readable ${BUNDLED_CONFIG_FILE} beside its code (deploy it with the Lifeboat construct)`,
      { cause: error },
    );
  }
  cached = raw as LifeboatConfig;
  return cached;
}
