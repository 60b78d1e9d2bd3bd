import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_HINT =
  'The browser tests need Debian\'s Chromium: run "sudo apt-get install -y chromium" (it installs /usr/bin/chromium).';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium to drive, or why there is none. */
    chromium: { path: string } | { missing: string };
  }
}

/**
 * Finds Chromium for the browser tests, installing Debian's package when this runs as root (as CI
 * does on a fresh machine). Anywhere else a missing Chromium is reported by the browser tests
 * themselves, with the command to install it.
 */
export default function setup(project: TestProject): void {
  project.provide('chromium', findOrInstallChromium());
}

function findOrInstallChromium(): { path: string } | { missing: string } {
  if (existsSync(CHROMIUM_PATH)) return { path: CHROMIUM_PATH };
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return { missing: INSTALL_HINT };
  try {
    console.log('Installing Chromium for the browser tests (apt-get install -y chromium)...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  } catch (error) {
    return { missing: `${INSTALL_HINT} Installing it automatically failed: ${(error as Error).message}` };
  }
  return existsSync(CHROMIUM_PATH) ? { path: CHROMIUM_PATH } : { missing: INSTALL_HINT };
}
