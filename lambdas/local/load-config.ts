import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type LifeboatConfig, parseConfig } from '../core/config';

/** Loads and validates a config module (TypeScript or JavaScript) whose default export is the config. */
export async function loadConfig(path: string): Promise<LifeboatConfig> {
  const absolute = resolve(path);
  const module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  return parseConfig(module.default, path);
}
