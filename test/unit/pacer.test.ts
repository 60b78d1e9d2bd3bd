import { describe, expect, it } from 'vitest';
import { Pacer, inPool } from '../../lambdas/plan/pacer';

describe('pacing to a provider limit', () => {
  it('spaces slots evenly, so concurrent senders never burst past the rate', async () => {
    let now = 0;
    const slots: number[] = [];
    // A clock that the sleeps move forward, and that each caller's sleep reads as its own wake-up time.
    const pacer = new Pacer(
      50,
      () => now,
      async (ms) => {
        now += ms;
        slots.push(now);
      },
    );
    for (let i = 0; i < 100; i++) await pacer.wait();
    // The first goes at once; 99 more, 20 ms apart: never more than 50 a second.
    expect(slots).toHaveLength(99);
    expect(slots.at(-1)).toBe(1980);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(20);
    now += 5000; // after a quiet spell: one send at once, the next a full interval later, no saved-up burst
    const quietEnd = now;
    await pacer.wait();
    expect(now).toBe(quietEnd);
    await pacer.wait();
    expect(now).toBe(quietEnd + 20);
  });

  it('keeps at most N in flight', async () => {
    let inFlight = 0;
    let most = 0;
    await inPool(Array.from({ length: 40 }, (_, i) => i), 8, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
    });
    expect(most).toBe(8);
  });
});
