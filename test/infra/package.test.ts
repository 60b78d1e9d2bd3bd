import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without declarations
import { checkPackage } from '../../bin/check-package.mjs';

describe('the packed package, embedded in a fresh CDK app', () => {
  it("synthesizes with the app's own config in every function, and refuses alarms that reach nobody", () => {
    const { problems } = checkPackage({ log: () => {} }) as { problems: string[] };
    expect(problems).toEqual([]);
  }, 300_000);
});
