// One canonical result per vendor and run: requirement outcomes derived from check outcomes,
// a verdict and the exit code it implies. Renderers only ever read this.
import type {
  CheckResult,
  Outcome,
  Reading,
  ReadingResult,
  Requirement,
  RequirementResult,
  VendorReport,
  Verdict,
} from './types.ts';

export const EXIT = { conformant: 0, notConformant: 1, usage: 2, unreachable: 3 } as const;

const OUTCOMES: Outcome[] = ['passed', 'failed', 'errored', 'skipped', 'not-applicable'];

function count<T>(items: readonly T[], outcome: (t: T) => Outcome): Record<Outcome, number> {
  const c = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const i of items) c[outcome(i)] += 1;
  return c;
}

/** A requirement fails if any of its checks failed; errors next; passes if one passed and none broke. */
export function aggregate(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.length === 0) return 'skipped';
  if (outcomes.includes('failed')) return 'failed';
  if (outcomes.includes('errored')) return 'errored';
  if (outcomes.includes('passed')) return 'passed';
  if (outcomes.every((o) => o === 'not-applicable')) return 'not-applicable';
  return 'skipped';
}

export interface BuildInput {
  tool: { name: string; version: string };
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  shard?: string;
  vendor: { id: string; title: string; source: string; requirements: Requirement[]; readings: Reading[] };
  target: { baseUrl: string; embeddedMock: boolean; faults: string[] };
  chosenReadings: Record<string, unknown>;
  checks: CheckResult[];
  errors: string[];
  strict: boolean;
}

export function buildReport(input: BuildInput): VendorReport {
  const known = new Set(input.vendor.requirements.map((r) => r.id));
  const errors = [...input.errors];
  for (const c of input.checks) {
    for (const id of c.requirements) {
      if (!known.has(id)) errors.push(`check "${c.title}" names an unknown requirement ${id}`);
    }
  }
  const requirements: RequirementResult[] = input.vendor.requirements.map((r) => {
    const mine = input.checks.filter((c) => c.requirements.includes(r.id));
    const outcome = aggregate(mine.map((c) => c.outcome));
    const needs = [...new Set(mine.flatMap((c) => (c.needs ? [c.needs] : [])))];
    return {
      ...r,
      outcome,
      checks: mine.map((c) => c.id),
      ...(outcome === 'not-applicable' && needs.length > 0 ? { needs } : {}),
    };
  });
  // A requirement switched on by a reading the user chose explicitly is a promise about the target:
  // it gates like a MUST whatever its level.
  const gatesLikeMust = (r: RequirementResult) =>
    r.level === 'MUST' || (r.reading !== undefined && input.chosenReadings[r.reading] !== undefined);
  const broke = (r: RequirementResult) => r.outcome === 'failed' || r.outcome === 'errored';
  const mustFailed = requirements.filter((r) => gatesLikeMust(r) && broke(r)).length;
  const shouldFailed = requirements.filter((r) => !gatesLikeMust(r) && broke(r)).length;
  const mustUnverified = requirements.filter(
    (r) => r.level === 'MUST' && (r.outcome === 'not-applicable' || r.outcome === 'skipped'),
  ).length;
  const ran = input.checks.filter((c) => c.outcome !== 'skipped' && c.outcome !== 'not-applicable').length;
  const transport = input.checks.some((c) => c.outcome === 'errored' && c.errorKind === 'transport');
  if (ran === 0) errors.push('no check ran: a run that checks nothing is never conformant');

  let verdict: Verdict;
  let exitCode: number;
  const erroredChecks = input.checks.some((c) => c.outcome === 'errored');
  if (errors.length > 0 || erroredChecks) {
    verdict = 'errored';
    exitCode = transport ? EXIT.unreachable : EXIT.notConformant;
  } else if (mustFailed > 0 || (input.strict && shouldFailed > 0)) {
    verdict = 'not-conformant';
    exitCode = EXIT.notConformant;
  } else {
    verdict = 'conformant';
    exitCode = EXIT.conformant;
  }
  const readings: ReadingResult[] = input.vendor.readings.map((r) => ({
    ...r,
    chosen: (input.chosenReadings[r.configKey] as string | number | boolean | undefined) ?? r.default,
  }));
  const run: VendorReport['run'] = {
    id: input.runId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    node: process.version,
  };
  if (input.shard) run.shard = input.shard;
  return {
    schemaVersion: '1.0',
    tool: input.tool,
    run,
    vendor: { id: input.vendor.id, title: input.vendor.title, source: input.vendor.source },
    target: input.target,
    verdict,
    exitCode,
    strict: input.strict,
    summary: {
      requirements: count(requirements, (r) => r.outcome),
      checks: count(input.checks, (c) => c.outcome),
      mustFailed,
      shouldFailed,
      mustUnverified,
    },
    requirements,
    checks: input.checks,
    readings,
    errors,
  };
}

/** Failures first, then errors, then the rest; stable within each group. */
export function byConcern<T extends { outcome: Outcome }>(items: readonly T[]): T[] {
  const rank: Record<Outcome, number> = { failed: 0, errored: 1, skipped: 2, 'not-applicable': 3, passed: 4 };
  return [...items].sort((a, b) => rank[a.outcome] - rank[b.outcome]);
}
