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

/** A budget window: its key, how many sends it allows, and when it ends. */
export interface BudgetWindow {
  key: string;
  limit: number;
  endsAtMs: number;
}

/**
 * The window of the shared budget that `nowMs` falls in. Each second is cut into up to ten windows
 * (one per ten sends a second, so a window always allows some), whose limits add up to exactly the
 * rate: sends are spread over the second instead of all leaving at its first millisecond, a burst
 * a provider's token bucket would partly refuse.
 */
export function budgetWindow(perSecond: number, nowMs: number): BudgetWindow {
  const rate = perSecondBudget(perSecond);
  const slices = Math.max(1, Math.min(10, Math.floor(rate / 10)));
  const second = Math.floor(nowMs / 1000);
  const slice = Math.min(slices - 1, Math.floor(((nowMs % 1000) * slices) / 1000));
  const limit = Math.floor(((slice + 1) * rate) / slices) - Math.floor((slice * rate) / slices);
  return { key: `${second}.${slice}`, limit, endsAtMs: second * 1000 + Math.ceil(((slice + 1) * 1000) / slices) };
}

/**
 * Waits until the shared budget grants some of `want` sends, and returns how many it granted. A
 * spent window is waited out with a little jitter, so workers do not all ask again at once.
 */
export async function acquireSends(budget: SendBudget, channel: string, want: number, perSecond: number, time: Time): Promise<number> {
  for (;;) {
    const now = time.now();
    const window = budgetWindow(perSecond, now);
    const granted = await budget.take(channel, window.key, Math.min(want, window.limit), window.limit);
    if (granted > 0) return granted;
    await time.sleep(window.endsAtMs - now + time.random() * 10);
  }
}

/** A per-second budget: at least one send a second, and never a fraction. */
export const perSecondBudget = (rate: number): number => Math.max(1, Math.floor(rate));
