import { describe, expect, test } from 'vitest';
import { aggregate, buildReport, byConcern } from '../../src/report.ts';
import type { CheckResult, Requirement } from '../../src/types.ts';

const req = (id: string, level: 'MUST' | 'SHOULD' = 'MUST'): Requirement => ({
  id,
  title: id,
  level,
  basis: 'documented',
  source: 'seed.txt',
  quote: 'q',
});
const check = (
  requirements: string[],
  outcome: CheckResult['outcome'],
  extra: Partial<CheckResult> = {},
): CheckResult => ({
  id: requirements.join(),
  title: 't',
  requirements,
  outcome,
  durationMs: 1,
  notes: [],
  exchanges: [],
  ...extra,
});
const build = (
  requirements: Requirement[],
  checks: CheckResult[],
  strict = false,
  errors: string[] = [],
  chosenReadings: Record<string, unknown> = {},
) =>
  buildReport({
    tool: { name: 't', version: '0' },
    runId: 'r',
    startedAt: new Date(0),
    finishedAt: new Date(5),
    vendor: { id: 'v', title: 'V', source: 'seed.txt', requirements, readings: [] },
    target: { baseUrl: 'http://x', embeddedMock: true, faults: [] },
    chosenReadings,
    checks,
    errors,
    strict,
  });

describe('aggregate', () => {
  test('failed beats errored beats passed; all n/a is n/a; nothing is skipped', () => {
    expect(aggregate(['passed', 'failed', 'errored'])).toBe('failed');
    expect(aggregate(['passed', 'errored'])).toBe('errored');
    expect(aggregate(['passed', 'not-applicable'])).toBe('passed');
    expect(aggregate(['not-applicable', 'not-applicable'])).toBe('not-applicable');
    expect(aggregate(['skipped', 'not-applicable'])).toBe('skipped');
    expect(aggregate([])).toBe('skipped');
  });
});

describe('verdict and exit code', () => {
  test('all passed: conformant, 0', () => {
    const r = build([req('A')], [check(['A'], 'passed')]);
    expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
  });
  test('a MUST failed: not conformant, 1; a SHOULD failed: conformant unless strict', () => {
    expect(build([req('A')], [check(['A'], 'failed')]).exitCode).toBe(1);
    const should = [req('A'), req('B', 'SHOULD')];
    const checks = [check(['A'], 'passed'), check(['B'], 'failed')];
    expect(build(should, checks).verdict).toBe('conformant');
    expect(build(should, checks, true).verdict).toBe('not-conformant');
  });
  test('errored on transport: 3; errored inside the suite: 1', () => {
    expect(build([req('A')], [check(['A'], 'errored', { errorKind: 'transport' })]).exitCode).toBe(3);
    expect(build([req('A')], [check(['A'], 'errored', { errorKind: 'internal' })]).exitCode).toBe(1);
  });
  test('no check ran, or a check names an unknown requirement: errored, never 0', () => {
    const none = build([req('A')], [check(['A'], 'skipped')]);
    expect([none.verdict, none.exitCode]).toEqual(['errored', 1]);
    expect(none.errors).toContain('no check ran: a run that checks nothing is never conformant');
    const unknown = build([req('A')], [check(['A', 'Z'], 'passed')]);
    expect(unknown.verdict).toBe('errored');
    expect(unknown.errors.join()).toMatch(/unknown requirement Z/);
  });
  test('MUST requirements no check could judge are counted, with the config key that would; --strict passes them', () => {
    const reqs = [req('A'), req('B'), req('C')];
    const checks = [
      check(['A'], 'passed'),
      check(['B'], 'not-applicable', { needs: 'readings.x' }),
      check(['C'], 'not-applicable'),
    ];
    const r = build(reqs, checks);
    expect([r.verdict, r.summary.mustUnverified]).toEqual(['conformant', 2]);
    expect(r.requirements.find((q) => q.id === 'B')?.needs).toEqual(['readings.x']);
    expect(r.requirements.find((q) => q.id === 'C')?.needs).toBeUndefined();
    // A correct target, honestly configured, passes --strict: not applicable is not a failure.
    expect(build(reqs, checks, true).verdict).toBe('conformant');
  });
  test('a SHOULD switched on by a reading the user chose gates like a MUST', () => {
    const gated: Requirement = { ...req('S', 'SHOULD'), reading: 'errorStatus' };
    const failing = [check(['S'], 'failed')];
    expect(build([gated], failing).exitCode).toBe(0);
    const chosen = build([gated], failing, false, [], { errorStatus: 400 });
    expect([chosen.verdict, chosen.summary.mustFailed]).toEqual(['not-conformant', 1]);
  });
  test('a lost precondition is errored, exit 1 (not unreachable)', () => {
    expect(build([req('A')], [check(['A'], 'errored', { errorKind: 'precondition' })]).exitCode).toBe(1);
  });
  test('byConcern puts failures first', () => {
    expect(
      byConcern([{ outcome: 'passed' }, { outcome: 'failed' }, { outcome: 'errored' }] as const).map(
        (x) => x.outcome,
      ),
    ).toEqual(['failed', 'errored', 'passed']);
  });
});
