import * as esbuild from 'esbuild';
import { join } from 'node:path';
const plugins = (await import('../../bin/build-functions.mjs'));
