import { fileURLToPath } from 'node:url';

/** The repository root, so constructs find Lambda entries and the lock file wherever they run from. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The file of a Lambda entry under lambdas/runtime/. */
export const runtimeEntry = (name: string): string =>
  fileURLToPath(new URL(`../lambdas/runtime/${name}.ts`, import.meta.url));
