// Score and coverage of one vendor's run, decided here once (report.ts stores it in the report;
// renderers only read it).
//
// coverage: the share of the page's requirements this run judged, i.e. whose checks ran and came
//   to an outcome: passed, failed or errored. Not applicable, skipped and filtered out are not
//   judged. MUST and SHOULD are counted apart.
// score: the share of the judged requirements that passed. An errored requirement counts as
//   judged and not passed: its check was attempted and the target did not show it holds, so an
//   erroring target never scores better than one that answers.
// Percentages are floored (199 of 200 is 99%, never a rounded-up 100%); null when nothing was
// judged, since 0 of 0 is neither 0% nor 100%.
import type { Level, Outcome } from './types.ts';

export interface LevelCount {
  total: number;
  judged: number;
  passed: number;
}

export interface Score {
  MUST: LevelCount;
  SHOULD: LevelCount;
  /** Judged requirements over all of the page's requirements, in percent (floored). */
  coverage: number | null;
  /** Passed over judged, in percent (floored); null when none was judged. */
  score: number | null;
}

const JUDGED: ReadonlySet<Outcome> = new Set<Outcome>(['passed', 'failed', 'errored']);

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((part * 100) / whole);
}

export function scoreOf(requirements: readonly { level: Level; outcome: Outcome }[]): Score {
  const count = (level: Level): LevelCount => {
    const mine = requirements.filter((r) => r.level === level);
    return {
      total: mine.length,
      judged: mine.filter((r) => JUDGED.has(r.outcome)).length,
      passed: mine.filter((r) => r.outcome === 'passed').length,
    };
  };
  const MUST = count('MUST');
  const SHOULD = count('SHOULD');
  const judged = MUST.judged + SHOULD.judged;
  return {
    MUST,
    SHOULD,
    coverage: percent(judged, MUST.total + SHOULD.total),
    score: percent(MUST.passed + SHOULD.passed, judged),
  };
}

/** "87%" or "n/a" (nothing judged). */
export function pct(n: number | null): string {
  return n === null ? 'n/a' : `${n}%`;
}
