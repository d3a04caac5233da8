// The gate: verdict and exit code, decided here and nowhere else, as a pure function of the
// requirement outcomes, the run's errors, --strict, the readings the user chose and a baseline of
// known deviations. report.ts builds with it; the baseline re-gates with it; the CLI takes the worst.
import type { BaselineOutcome, CheckResult, RequirementResult, Verdict } from './types.ts';

export const EXIT = { conformant: 0, notConformant: 1, usage: 2, unreachable: 3, notThisApi: 4 } as const;

export interface GateInput {
  requirements: readonly RequirementResult[];
  checks: readonly CheckResult[];
  /** Errors of the run (suite file not loaded, unknown requirement, ...). */
  errors: readonly string[];
  strict: boolean;
  /** Readings the user (or a fault's proof) chose explicitly: the requirements they switch on gate like a MUST. */
  chosenReadings: Readonly<Record<string, unknown>>;
  /** The preflight could not reach the target. */
  unreachable?: boolean;
  /** The probe says the target is not this API (a wrong base URL). */
  notThisApi?: boolean;
  /** Known deviations of this vendor: requirement ID → reason. */
  baseline?: { file: string; known: Readonly<Record<string, string>> };
}

export interface GateOutcome {
  verdict: Verdict;
  exitCode: number;
  mustFailed: number;
  shouldFailed: number;
  mustUnverified: number;
  /** Errors the gate itself adds (a run that checked nothing, a baseline naming an unknown ID). */
  errors: string[];
  baseline?: BaselineOutcome;
}

const broke = (r: RequirementResult) => r.outcome === 'failed' || r.outcome === 'errored';

export function gate(input: GateInput): GateOutcome {
  const gatesLikeMust = (r: RequirementResult) =>
    r.level === 'MUST' || (r.reading !== undefined && input.chosenReadings[r.reading] !== undefined);
  const gating = (r: RequirementResult) => gatesLikeMust(r) || input.strict;
  const mustFailed = input.requirements.filter((r) => gatesLikeMust(r) && broke(r)).length;
  const shouldFailed = input.requirements.filter((r) => !gatesLikeMust(r) && broke(r)).length;
  const mustUnverified = input.requirements.filter(
    // Requirements --only/--exclude left out are the report's `filter`, not unverified ones.
    (r) => r.level === 'MUST' && !r.filtered && (r.outcome === 'not-applicable' || r.outcome === 'skipped'),
  ).length;

  const errors: string[] = [];
  // A check counts when it judged a requirement the run kept (--only/--exclude left the others out).
  const left = new Set(input.requirements.filter((r) => r.filtered).map((r) => r.id));
  const ran = input.checks.filter(
    (c) =>
      c.outcome !== 'skipped' &&
      c.outcome !== 'not-applicable' &&
      !(c.requirements.length > 0 && c.requirements.every((id) => left.has(id))),
  ).length;
  if (ran === 0 && !input.unreachable)
    errors.push(
      input.requirements.some((r) => r.filtered)
        ? 'no check ran: --only/--exclude left nothing this target could judge, and a run that checks nothing is never conformant'
        : 'no check ran: a run that checks nothing is never conformant',
    );

  let baseline: BaselineOutcome | undefined;
  if (input.baseline) {
    const { known, file } = input.baseline;
    const ids = new Set(input.requirements.map((r) => r.id));
    const unknownIds = Object.keys(known).filter((id) => !ids.has(id));
    const listed = (r: RequirementResult) => known[r.id] !== undefined;
    baseline = {
      file,
      expectedFailures: input.requirements
        .filter((r) => broke(r) && listed(r))
        .map((r) => ({ id: r.id, reason: known[r.id] as string })),
      newFailures: input.requirements.filter((r) => broke(r) && !listed(r)).map((r) => r.id),
      unexpectedPasses: input.requirements
        .filter((r) => r.outcome === 'passed' && listed(r))
        .map((r) => r.id),
      unknownIds,
    };
    for (const id of unknownIds) errors.push(`baseline ${file} names ${id}, which is not a requirement here`);
  }

  const allErrors = [...input.errors, ...errors];
  const erroredChecks = input.checks.some((c) => c.outcome === 'errored');
  const transport = input.checks.some((c) => c.outcome === 'errored' && c.errorKind === 'transport');
  let verdict: Verdict;
  let exitCode: number;
  if (input.notThisApi) {
    verdict = 'errored';
    exitCode = EXIT.notThisApi;
  } else if (input.unreachable) {
    verdict = 'errored';
    exitCode = EXIT.unreachable;
  } else if (allErrors.length > 0) {
    verdict = 'errored';
    exitCode = EXIT.notConformant;
  } else if (input.baseline && baseline) {
    // Known deviations pass the gate; anything new that gates, and any listed requirement now
    // passing (a stale baseline), fails it. The verdict itself stays what the outcomes say.
    const known = input.baseline.known;
    const fresh = input.requirements.some((r) => broke(r) && known[r.id] === undefined && gating(r));
    verdict = erroredChecks
      ? 'errored'
      : mustFailed > 0 || (input.strict && shouldFailed > 0)
        ? 'not-conformant'
        : 'conformant';
    exitCode = fresh || baseline.unexpectedPasses.length > 0 ? EXIT.notConformant : EXIT.conformant;
  } else if (erroredChecks) {
    verdict = 'errored';
    exitCode = transport ? EXIT.unreachable : EXIT.notConformant;
  } else if (mustFailed > 0 || (input.strict && shouldFailed > 0)) {
    verdict = 'not-conformant';
    exitCode = EXIT.notConformant;
  } else {
    verdict = 'conformant';
    exitCode = EXIT.conformant;
  }
  return {
    verdict,
    exitCode,
    mustFailed,
    shouldFailed,
    mustUnverified,
    errors,
    ...(baseline ? { baseline } : {}),
  };
}

/** The exit code of a run of several vendors: the worst of theirs (0 when there is none to judge is impossible: a run always reports). */
export function worstExit(reports: readonly { exitCode: number }[]): number {
  return reports.reduce<number>((worst, r) => Math.max(worst, r.exitCode), EXIT.conformant);
}
