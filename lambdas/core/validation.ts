import { type FieldProblem, ValidationError } from './errors';
import * as z from './schema';

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
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown, where?: string): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  throw invalidRequest(result.error.issues, where);
}

/** `parseInput` for schemas with asynchronous steps (e.g. a library loaded on first use). */
export async function parseInputAsync<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
  where?: string,
): Promise<z.output<S>> {
  const result = await z.safeParseAsync(schema, input);
  if (result.success) return result.data;
  throw invalidRequest(result.error.issues, where);
}

function invalidRequest(issues: readonly z.core.$ZodIssue[], where: string | undefined): ValidationError {
  const errors = formatZodIssues(issues).map((e) =>
    where ? { ...e, field: e.field === '(body)' ? where : `${where}.${e.field}` } : e,
  );
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new ValidationError(`Invalid request: ${summary}`, { errors });
}
