/**
 * Keeps sends under a provider's rate: each caller is given the next free slot, slots evenly
 * spaced at 1/rate seconds, and waits for it. Slots are handed out synchronously, so concurrent
 * senders queue up instead of bursting past the limit.
 */
export class Pacer {
  private nextSlot = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async wait(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    // Timers count whole milliseconds and may wake a fraction early: never go before the slot.
    for (let left = slot - now; left > 0; left = slot - this.now()) await this.sleep(Math.ceil(left));
  }
}

/** Runs `work` over the items with at most `concurrency` of them in flight. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}
