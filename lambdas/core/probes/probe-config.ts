import { z } from 'zod';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes (at most 63)');

/** An AWS region, or any other lowercase label for where a probe runs (local mode runs them all). */
const Region = z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'a region such as eu-central-1');

const Host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address');

const common = {
  /** Stable: it keys the stored results. */
  id: Slug,
  /** The component whose status this check sets. */
  component: Slug,
  /** A check that takes longer fails. */
  timeoutMs: z.number().int().min(100).max(30_000).default(5000),
  /** A success slower than this counts towards degraded_performance. */
  degradedAboveMs: z.number().int().positive().optional(),
};

const HttpCheck = z.strictObject({
  ...common,
  type: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['GET', 'HEAD']).default('GET'),
  /** The statuses that count as up; by default any 2xx or 3xx. */
  expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
  /** Text the body must contain (the first 64 KiB are read). */
  bodyContains: z.string().min(1).max(200).optional(),
});

const TcpCheck = z.strictObject({
  ...common,
  type: z.literal('tcp'),
  host: Host,
  port: z.number().int().min(1).max(65_535),
});

const DnsCheck = z.strictObject({
  ...common,
  type: z.literal('dns'),
  hostname: Host,
  recordType: z.enum(['A', 'AAAA']).default('A'),
  /** When set, the answer must hold at least one of these addresses. */
  expectAddresses: z.array(z.string().min(1)).min(1).optional(),
});

export const ProbeCheck = z.discriminatedUnion('type', [HttpCheck, TcpCheck, DnsCheck]);
export type ProbeCheck = z.output<typeof ProbeCheck>;

/**
 * Lifeboat's own checks, run every minute from each region. A component goes degraded or down
 * only when `quorum` regions agree for consecutive runs, and comes back likewise.
 */
export const ProbesConfig = z
  .strictObject({
    /** Where the checks run from: AWS regions apart from the core's (each gets a small stack). */
    regions: z.array(Region).min(1).max(10).default(['eu-central-1']),
    /** How many regions must agree in a run; by default a majority. */
    quorum: z.number().int().min(1).optional(),
    /** Consecutive degraded (slow or failing) runs before the component shows degraded_performance. */
    failuresToDegrade: z.number().int().min(1).max(30).default(2),
    /** Consecutive failing runs before it shows major_outage. */
    failuresToDown: z.number().int().min(1).max(30).default(3),
    /** Consecutive healthy runs before a component the probes moved shows operational again. */
    successesToRecover: z.number().int().min(1).max(30).default(2),
    checks: z.array(ProbeCheck).max(200).default([]),
  })
  .superRefine((probes, ctx) => {
    if (new Set(probes.regions).size !== probes.regions.length) {
      ctx.addIssue({ code: 'custom', path: ['regions'], message: 'each region once' });
    }
    if (probes.quorum !== undefined && probes.quorum > probes.regions.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['quorum'],
        message: `at most the number of regions (${probes.regions.length})`,
      });
    }
    const seen = new Set<string>();
    probes.checks.forEach((check, index) => {
      if (seen.has(check.id))
        ctx.addIssue({ code: 'custom', path: ['checks', index, 'id'], message: `duplicate check id "${check.id}"` });
      seen.add(check.id);
    });
  })
  .transform((probes) => ({ ...probes, quorum: probes.quorum ?? Math.floor(probes.regions.length / 2) + 1 }));

export type ProbesConfig = z.output<typeof ProbesConfig>;

/** Issues for checks naming components the config does not declare. */
export function unknownProbeComponents(probes: ProbesConfig | undefined, componentIds: ReadonlySet<string>) {
  return (probes?.checks ?? []).flatMap((check, index) =>
    componentIds.has(check.component)
      ? []
      : [{ path: ['probes', 'checks', index, 'component'], message: `unknown component "${check.component}"` }],
  );
}
