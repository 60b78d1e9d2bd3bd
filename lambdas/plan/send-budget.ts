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

/** Where the shared budget stands at a moment: the second's key, how many sends it allows so far, and when that rises. */
export interface BudgetWindow {
  key: string;
  limit: number;
  endsAtMs: number;
}

/**
 * The budget of the second that `nowMs` falls in, as it stands then. The second is cut into up to
 * five steps, and by the end of step i it allows (i + 1) fifths of the rate: sends are spread over
 * the second instead of all leaving at its first millisecond (a burst a provider's token bucket
 * would partly refuse), while a worker that comes late in the second can still use what the steps
 * before it left.
 */
export function budgetWindow(perSecond: number, nowMs: number): BudgetWindow {
  const rate = perSecondBudget(perSecond);
  const steps = Math.max(1, Math.min(5, Math.floor(rate / 10)));
  const second = Math.floor(nowMs / 1000);
  const step = Math.min(steps - 1, Math.floor(((nowMs % 1000) * steps) / 1000));
  return {
    key: String(second),
    limit: Math.floor(((step + 1) * rate) / steps),
    endsAtMs: second * 1000 + Math.ceil(((step + 1) * 1000) / steps),
  };
}

/**
 * Waits until the shared budget grants some of `want` sends, and returns how many it granted. A
 * spent step is waited out with a little jitter, so workers do not all ask again at once.
 */
export async function acquireSends(
  budget: SendBudget,
  channel: string,
  want: number,
  perSecond: number,
  time: Time,
): Promise<number> {
  for (;;) {
    const now = time.now();
    const window = budgetWindow(perSecond, now);
    const granted = await budget.take(channel, window.key, want, window.limit);
    if (granted > 0) return granted;
    await time.sleep(window.endsAtMs - now + time.random() * 10);
  }
}

/** A per-second budget: at least one send a second, and never a fraction. */
export const perSecondBudget = (rate: number): number => Math.max(1, Math.floor(rate));
