import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A second `npm start` on the same data folder: said in one line instead of dynalite's crash. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Lifeboat (process ${pid}): stop it, or start this one with LIFEBOAT_DATA_DIR=<another folder>`,
    );
    this.name = 'DataDirInUseError';
  }
}

const LOCK_FILE = 'lifeboat.pid';

/**
 * Claims the data folder for this process: dynalite's store (LevelDB) takes a lock of its own, but
 * a second process that loses it only fails later, inside dynalite, with "Database is closed". A
 * pid file left by a process that died (kill -9) is taken over, since no one holds it any more.
 * Resolves to a function that lets the folder go.
 */
export async function lockDataDir(dataDir: string, pid = process.pid): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${pid}\n`, { flag: 'wx' });
      return async () => {
        // Only our own claim is removed: a process that took the folder over keeps its own.
        if ((await readFile(path, 'utf8').catch(() => '')).trim() === String(pid)) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder !== pid && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
    await rm(path, { force: true }); // left by a process that is gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A killed process not yet reaped (a zombie, on Linux) still answers, but holds nothing.
    return !/^\d+ \(.*\) Z/.test(readProcStat(pid));
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means the folder is held.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readProcStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return ''; // not Linux, or already gone
  }
}
