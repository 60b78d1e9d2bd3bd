#!/usr/bin/env node
// Launches the TypeScript CLI through tsx, so `npx lifeboat` works straight from a clone.
import { register } from 'tsx/esm/api';

register();
await import('../lambdas/cli/entry.ts');
