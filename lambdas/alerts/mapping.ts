import type { AlertRule } from '../core/config';
import type { Integration } from '../core/integration';

/** The first rule that takes this integration's alert with these labels, or undefined. */
export function matchRule(
  rules: readonly AlertRule[],
  integration: Integration,
  labels: Record<string, string>,
): AlertRule | undefined {
  return rules.find(
    (rule) =>
      (!rule.from || rule.from.includes(integration)) &&
      Object.entries(rule.match).every(([label, wanted]) => {
        const value = labels[label];
        return value !== undefined && (Array.isArray(wanted) ? wanted.includes(value) : wanted === value);
      }),
  );
}
