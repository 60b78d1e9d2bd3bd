import { describe, expect, it } from 'vitest';
import { acquireSends, budgetWindow } from '../../lambdas/plan/send-budget';

describe('the windows of the shared send budget', () => {
  it.each([1, 9, 14, 50, 75, 100, 333, 1000, 14_000])(
    'allow exactly %i sends a second, rising through the second',
    (rate) => {
      const second = 1_795_000_000_000;
      let previous = 0;
      const steps = new Set<number>();
      for (let ms = 0; ms < 1000; ms++) {
        const window = budgetWindow(rate, second + ms);
        expect(window.key).toBe(String(second / 1000));
        // A time belongs to the step that ends after it; the allowance never falls within a second.
        expect(window.endsAtMs).toBeGreaterThan(second + ms);
        expect(window.limit).toBeGreaterThanOrEqual(previous);
        expect(window.limit).toBeGreaterThan(0);
        previous = window.limit;
        steps.add(window.endsAtMs);
      }
      expect(previous).toBe(rate);
      expect(steps.size).toBe(Math.max(1, Math.min(5, Math.floor(rate / 10))));
      expect(budgetWindow(rate, second + 1000).limit).toBeLessThanOrEqual(rate); // a new second starts low again
    },
  );

  it('waits out a spent window, and takes only what the window allows', async () => {
    let now = 1_795_000_000_000;
    const used = new Map<string, number>();
    const budget = {
      take: async (_channel: string, second: string, want: number, limit: number) => {
        const got = Math.max(0, Math.min(want, limit - (used.get(second) ?? 0)));
        used.set(second, (used.get(second) ?? 0) + got);
        return got;
      },
    };
    const time = {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
      random: () => 0,
    };
    // 100 a second in five steps: 20 by 200 ms, 40 by 400 ms...
    expect(await acquireSends(budget, 'sms', 50, 100, time)).toBe(20);
    expect(await acquireSends(budget, 'sms', 50, 100, time)).toBe(20);
    expect(now).toBe(1_795_000_000_200);
    // Late in the second, what earlier steps left can still be used.
    now = 1_795_000_000_950;
    expect(await acquireSends(budget, 'sms', 100, 100, time)).toBe(60);
  });
});
