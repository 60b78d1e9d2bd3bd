import * as z from '../core/schema';
import { formatZodIssues } from '../core/validation';

/**
 * Reads the Lambda environment once, at the module edge, and fails the cold start with every
 * missing or bad variable named: a misconfigured deploy shows in the first log line, not in a
 * confusing error deep inside a request.
 */
export function readEnvironment<S extends z.ZodMiniObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const result = z.safeParse(schema, env);
  if (result.success) return result.data;
  const problems = formatZodIssues(result.error.issues).map((e) => `${e.field}: ${e.message}`);
  throw new Error(`Invalid Lambda environment: ${problems.join('; ')}`);
}

/** What every Lifeboat function that touches the core is given by the CDK app. */
export const CoreEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Absent for functions that only read, which are not allowed to publish events either. */
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
});
