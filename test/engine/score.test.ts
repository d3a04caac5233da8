// Score and coverage (src/score.ts): decided once, stored in the report, read by every renderer.
import { describe, expect, test } from 'vitest';
import { reportScore } from '../../src/report.ts';
import { pct, scoreOf } from '../../src/score.ts';
import type { Level, Outcome } from '../../src/types.ts';

const reqs = (...spec: [Level, Outcome, number][]) =>
  spec.flatMap(([level, outcome, n]) => Array.from({ length: n }, () => ({ level, outcome })));

describe('score and coverage', () => {
  test('coverage: judged (passed, failed, errored) over all, MUST and SHOULD apart; score: passed over judged', () => {
    const s = scoreOf(
      reqs(
        ['MUST', 'passed', 6],
        ['MUST', 'failed', 1],
        ['MUST', 'errored', 1],
        ['MUST', 'not-applicable', 2],
        ['SHOULD', 'passed', 1],
        ['SHOULD', 'skipped', 1],
      ),
    );
    expect(s.MUST).toEqual({ total: 10, judged: 8, passed: 6 });
    expect(s.SHOULD).toEqual({ total: 2, judged: 1, passed: 1 });
    expect(s.coverage).toBe(75); // 9 of 12
    expect(s.score).toBe(77); // 7 of 9 = 77.7…, floored
  });

  test('floored, never rounded up to 100%; null (n/a) when nothing was judged', () => {
    expect(scoreOf(reqs(['MUST', 'passed', 199], ['MUST', 'failed', 1])).score).toBe(99);
    const none = scoreOf(reqs(['MUST', 'not-applicable', 3]));
    expect(none).toMatchObject({ coverage: 0, score: null });
    expect(pct(none.score)).toBe('n/a');
    expect(scoreOf([])).toMatchObject({ coverage: null, score: null });
  });

  test('an errored requirement lowers the score: a target that breaks the checks never scores better', () => {
    expect(scoreOf(reqs(['MUST', 'passed', 1], ['MUST', 'errored', 1])).score).toBe(50);
  });

  test('a report of an older version, without summary.score, is scored from its requirements', () => {
    const requirements = reqs(['MUST', 'passed', 1], ['SHOULD', 'failed', 1]);
    expect(reportScore({ summary: {} as never, requirements } as never).score).toBe(50);
  });
});
