import type { z } from 'zod';
import { type FieldProblem, ValidationError } from './errors';

/** Zod issues as field problems with dotted paths (`components.api`, `updates.0.body`). */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

/**
 * Parses untrusted input; on failure throws a 400 that names every bad field.
 * `where` prefixes the field names when the input is not the body (`query`, `path`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = formatZodIssues(result.error.issues).map((e) =>
    where ? { ...e, field: e.field === '(body)' ? where : `${where}.${e.field}` } : e,
  );
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw new ValidationError(`Invalid request: ${summary}`, { errors });
}
