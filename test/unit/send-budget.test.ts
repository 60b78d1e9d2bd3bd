import { describe, expect, it } from 'vitest';
import { acquireSends, budgetWindow } from '../../lambdas/plan/send-budget';

describe('the windows of the shared send budget', () => {
  it.each([1, 9, 14, 50, 75, 100, 333, 1000, 14_000])('give exactly %i sends a second, spread over the second', (rate) => {
    const second = 1_795_000_000_000;
    const windows = new Map<string, ReturnType<typeof budgetWindow>>();
    for (let ms = 0; ms < 1000; ms++) {
      const window = budgetWindow(rate, second + ms);
      windows.set(window.key, window);
      // A time belongs to the window that ends after it.
      expect(window.endsAtMs).toBeGreaterThan(second + ms);
    }
    expect([...windows.values()].reduce((n, w) => n + w.limit, 0)).toBe(rate);
    expect(Math.min(...[...windows.values()].map((w) => w.limit))).toBeGreaterThan(0);
    expect(windows.size).toBe(Math.max(1, Math.min(10, Math.floor(rate / 10))));
    expect([...windows.values()].at(-1)!.endsAtMs).toBe(second + 1000);
  });

  it('waits out a spent window, and takes only what the window allows', async () => {
    let now = 1_795_000_000_000;
    const used = new Map<string, number>();
    const budget = {
      take: async (_channel: string, window: string, want: number, limit: number) => {
        const got = Math.min(want, limit - (used.get(window) ?? 0));
        used.set(window, (used.get(window) ?? 0) + got);
        return got;
      },
    };
    const time = { now: () => now, sleep: async (ms: number) => void (now += ms), random: () => 0 };
    // 100 a second: ten windows of ten.
    expect(await acquireSends(budget, 'sms', 50, 100, time)).toBe(10);
    expect(await acquireSends(budget, 'sms', 50, 100, time)).toBe(10);
    expect(now).toBe(1_795_000_000_100);
  });
});
