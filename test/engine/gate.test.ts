// The gate decides verdict and exit code once (src/gate.ts): a pure function with its own tests.
import { describe, expect, test } from 'vitest';
import { EXIT, type GateInput, gate, worstExit } from '../../src/gate.ts';
import type { CheckResult, Outcome, RequirementResult } from '../../src/types.ts';

const req = (id: string, outcome: Outcome, extra: Partial<RequirementResult> = {}): RequirementResult => ({
  id,
  title: id,
  level: 'MUST',
  basis: 'documented',
  source: 's.txt',
  quote: 'q',
  outcome,
  checks: [id],
  ...extra,
});
const check = (id: string, outcome: Outcome, extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  title: id,
  requirements: [id],
  outcome,
  durationMs: 1,
  notes: [],
  exchanges: [],
  ...extra,
});
const input = (reqs: RequirementResult[], extra: Partial<GateInput> = {}): GateInput => ({
  requirements: reqs,
  checks: reqs.map((r) => check(r.id, r.outcome)),
  errors: [],
  strict: false,
  chosenReadings: {},
  ...extra,
});

describe('gate', () => {
  test('all passed: conformant 0; a MUST failed: not conformant 1', () => {
    expect(gate(input([req('A', 'passed')]))).toMatchObject({ verdict: 'conformant', exitCode: 0 });
    expect(gate(input([req('A', 'failed')]))).toMatchObject({
      verdict: 'not-conformant',
      exitCode: 1,
      mustFailed: 1,
    });
  });
  test('a failed SHOULD gates only under --strict; not applicable never does', () => {
    const reqs = [req('A', 'passed'), req('S', 'failed', { level: 'SHOULD' }), req('N', 'not-applicable')];
    expect(gate(input(reqs)).exitCode).toBe(0);
    expect(gate(input(reqs, { strict: true })).exitCode).toBe(1);
    const na = [req('A', 'passed'), req('N', 'not-applicable')];
    expect(gate(input(na, { strict: true }))).toMatchObject({ exitCode: 0, mustUnverified: 1 });
  });
  test('a requirement switched on by a reading the user chose gates like a MUST', () => {
    const reqs = [req('A', 'passed'), req('R', 'failed', { level: 'SHOULD', reading: 'x' })];
    expect(gate(input(reqs)).exitCode).toBe(0);
    expect(gate(input(reqs, { chosenReadings: { x: 'strict' } })).exitCode).toBe(1);
  });
  test('unreachable: errored, 3; run errors: errored, 1; transport-errored checks: 3', () => {
    expect(gate(input([req('A', 'skipped')], { unreachable: true }))).toMatchObject({
      verdict: 'errored',
      exitCode: 3,
    });
    expect(gate(input([req('A', 'passed')], { errors: ['boom'] }))).toMatchObject({
      verdict: 'errored',
      exitCode: 1,
    });
    const t = input([req('A', 'errored')], { checks: [check('A', 'errored', { errorKind: 'transport' })] });
    expect(gate(t)).toMatchObject({ verdict: 'errored', exitCode: 3 });
  });
  test('no check ran: errored, never 0', () => {
    const g = gate(input([req('A', 'not-applicable')]));
    expect([g.verdict, g.exitCode]).toEqual(['errored', 1]);
    expect(g.errors).toContain('no check ran: a run that checks nothing is never conformant');
  });
  test('a baseline: known failures pass, a new one or a stale entry fails, an unknown ID is an error', () => {
    const reqs = [req('A', 'failed'), req('B', 'passed')];
    const known = gate(input(reqs, { baseline: { file: 'b.json', known: { A: 'vendor bug' } } }));
    expect([known.verdict, known.exitCode]).toEqual(['not-conformant', 0]);
    expect(known.baseline?.expectedFailures).toEqual([{ id: 'A', reason: 'vendor bug' }]);
    const fresh = gate(
      input([...reqs, req('C', 'failed')], { baseline: { file: 'b.json', known: { A: 'x' } } }),
    );
    expect([fresh.exitCode, fresh.baseline?.newFailures]).toEqual([1, ['C']]);
    const stale = gate(input(reqs, { baseline: { file: 'b.json', known: { A: 'x', B: 'y' } } }));
    expect([stale.exitCode, stale.baseline?.unexpectedPasses]).toEqual([1, ['B']]);
    const unknown = gate(input(reqs, { baseline: { file: 'b.json', known: { A: 'x', Z: 'y' } } }));
    expect([unknown.verdict, unknown.exitCode]).toEqual(['errored', 1]);
    expect(unknown.errors.join()).toMatch(/names Z/);
  });
  test('a baseline never hides an unreachable target', () => {
    const g = gate(input([req('A', 'skipped')], { unreachable: true, baseline: { file: 'b', known: {} } }));
    expect(g.exitCode).toBe(EXIT.unreachable);
  });
  test('the exit code of several vendors is the worst', () => {
    expect(worstExit([{ exitCode: 0 }, { exitCode: 3 }, { exitCode: 1 }])).toBe(3);
    expect(worstExit([{ exitCode: 0 }])).toBe(0);
  });
});
