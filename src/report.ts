// One canonical result per vendor and run: requirement outcomes derived from check outcomes,
// a verdict and the exit code it implies. Renderers only ever read this.

import { withReproducers } from './curl.ts';
import { gate } from './gate.ts';
import { type Score, scoreOf } from './score.ts';
import type {
  CheckResult,
  Outcome,
  Reading,
  ReadingResult,
  Requirement,
  RequirementResult,
  RunFilter,
  VendorReport,
} from './types.ts';

export { EXIT } from './gate.ts';
export { pct, type Score } from './score.ts';

/** The reason a check or requirement left out by --only/--exclude carries, in every report. */
export const FILTERED_OUT = 'not run (filtered out)';

/** The report's score and coverage; computed from its requirements for a report that predates them. */
export function reportScore(report: Pick<VendorReport, 'summary' | 'requirements'>): Score {
  return report.summary.score ?? scoreOf(report.requirements);
}

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
  /** A sharded run: the id its shards share, and every vendor it was asked for. */
  group?: string;
  vendors?: string[];
  generation?: { seed: number; examples: number };
  rate?: number;
  vendor: { id: string; title: string; source: string; requirements: Requirement[]; readings: Reading[] };
  target: { baseUrl: string; embeddedMock: boolean; faults: string[] };
  chosenReadings: Record<string, unknown>;
  checks: CheckResult[];
  errors: string[];
  strict: boolean;
  /** The preflight could not reach the target. */
  unreachable?: boolean;
  /** The probe says the target is not this API: exit 4. */
  notThisApi?: boolean;
  /** Known deviations of this vendor (--baseline). */
  baseline?: { file: string; known: Record<string, string> };
  /** --only/--exclude and the requirement IDs they select (src/filter.ts): the others are not judged. */
  filter?: RunFilter & { selected: readonly string[] };
}

export function buildReport(input: BuildInput): VendorReport {
  const known = new Set(input.vendor.requirements.map((r) => r.id));
  const errors = [...input.errors];
  for (const c of input.checks) {
    for (const id of c.requirements) {
      if (!known.has(id)) errors.push(`check "${c.title}" names an unknown requirement ${id}`);
    }
  }
  const selected = input.filter ? new Set(input.filter.selected) : undefined;
  const requirements: RequirementResult[] = input.vendor.requirements.map((r) => {
    // Left out by the filter: not judged, even by a check that ran for another requirement.
    if (selected && !selected.has(r.id)) return { ...r, outcome: 'skipped', checks: [], filtered: true };
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
  const gated = gate({
    requirements,
    checks: input.checks,
    errors,
    strict: input.strict,
    chosenReadings: input.chosenReadings,
    ...(input.unreachable ? { unreachable: true } : {}),
    ...(input.notThisApi ? { notThisApi: true } : {}),
    ...(input.baseline ? { baseline: input.baseline } : {}),
  });
  errors.push(...gated.errors);
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
  if (input.shard && input.group) run.group = input.group;
  if (input.shard && input.vendors) run.vendors = input.vendors;
  if (input.generation) run.generation = input.generation;
  if (input.rate !== undefined) run.rate = input.rate;
  return {
    schemaVersion: '1.0',
    tool: input.tool,
    run,
    vendor: { id: input.vendor.id, title: input.vendor.title, source: input.vendor.source },
    target: input.target,
    verdict: gated.verdict,
    exitCode: gated.exitCode,
    strict: input.strict,
    summary: {
      requirements: count(requirements, (r) => r.outcome),
      checks: count(input.checks, (c) => c.outcome),
      mustFailed: gated.mustFailed,
      shouldFailed: gated.shouldFailed,
      mustUnverified: gated.mustUnverified,
      score: scoreOf(requirements),
    },
    requirements,
    checks: input.checks.map(withReproducers),
    readings,
    errors,
    ...(gated.baseline ? { baseline: gated.baseline } : {}),
    ...(input.filter
      ? {
          filter: {
            only: input.filter.only,
            exclude: input.filter.exclude,
            filteredOut: requirements.filter((r) => r.filtered).map((r) => r.id),
          },
        }
      : {}),
  };
}

/** Failures first, then errors, then the rest; stable within each group. */
export function byConcern<T extends { outcome: Outcome }>(items: readonly T[]): T[] {
  const rank: Record<Outcome, number> = { failed: 0, errored: 1, skipped: 2, 'not-applicable': 3, passed: 4 };
  return [...items].sort((a, b) => rank[a.outcome] - rank[b.outcome]);
}
