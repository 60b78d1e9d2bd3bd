import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** Runs axe-core in the page and returns its violations as "rule: help (n nodes)" lines. */
export async function accessibilityViolations(page: Page, options: axe.RunOptions = {}): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(
    (runOptions) =>
      (globalThis as unknown as { axe: typeof axe }).axe.run({ ...runOptions, resultTypes: ['violations'] }),
    options,
  );
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}
