import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * Zod Mini, with zod's English messages: the same schemas and checks as classic zod, written as
 * functions rather than methods, so that a function's bundle holds only what it uses. Classic zod
 * puts about 190 KB and 20 ms of module load into every Lambda that imports it; everything a
 * function runs imports its schemas from here. (The config schema, read only at synth and in the
 * local server, stays in classic zod: the two share one core and mix freely.)
 */
config(en());

export * from 'zod/mini';
