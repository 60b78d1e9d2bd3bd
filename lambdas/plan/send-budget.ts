import type { SendBudget } from './ports';

export interface Time {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realTime: Time = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Waits until the shared budget grants some of `want` sends, and returns how many it granted. A
 * spent second is waited out with a little jitter, so workers do not all ask again at once.
 */
export async function acquireSends(budget: SendBudget, channel: string, want: number, perSecond: number, time: Time): Promise<number> {
  for (;;) {
    const now = time.now();
    const granted = await budget.take(channel, want, perSecond, now);
    if (granted > 0) return granted;
    await time.sleep(1000 - (now % 1000) + time.random() * 20);
  }
}

/** A per-second budget: at least one send a second, and never a fraction. */
export const perSecondBudget = (rate: number): number => Math.max(1, Math.floor(rate));
