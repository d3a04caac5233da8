// The collector turns vitest test cases into check results (src/collector.ts).

import { describe, expect, test } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import { Collector, toCheckResult } from '../../src/collector.ts';
import type { CheckMeta } from '../../src/types.ts';

type Result = { state: string; errors?: { message: string }[]; note?: string };
const tc = (name: string, result: Result, meta?: CheckMeta): TestCase =>
  ({
    fullName: `suite > ${name}`,
    name,
    options: { mode: 'run' },
    meta: () => (meta ? { conformance: meta } : {}),
    result: () => ({ errors: [], ...result }),
    diagnostic: () => ({ duration: 12.4 }),
  }) as unknown as TestCase;
const meta = (extra: Partial<CheckMeta> = {}): CheckMeta => ({
  requirements: ['R-1'],
  exchanges: [],
  notes: [],
  ...extra,
});

describe('toCheckResult', () => {
  test('passed, failed, not applicable (with the config key it needs), errored', () => {
    expect(toCheckResult(tc('[R-1] ok', { state: 'passed' }, meta()))).toMatchObject({
      outcome: 'passed',
      title: 'ok',
      requirements: ['R-1'],
      durationMs: 12,
    });
    expect(toCheckResult(tc('x', { state: 'failed', errors: [{ message: 'bad' }] }, meta()))).toMatchObject({
      outcome: 'failed',
      message: 'bad',
    });
    const na = toCheckResult(
      tc('x', { state: 'skipped', note: 'off' }, meta({ outcome: 'not-applicable', needs: 'readings.x' })),
    );
    expect(na).toMatchObject({ outcome: 'not-applicable', message: 'off', needs: 'readings.x' });
    const err = toCheckResult(
      tc(
        'x',
        { state: 'failed', errors: [{ message: 'ECONNRESET' }] },
        meta({ outcome: 'errored', errorKind: 'transport' }),
      ),
    );
    expect(err).toMatchObject({ outcome: 'errored', errorKind: 'transport' });
  });
  test("vitest's own per-test timeout is a transport error, not a failure", () => {
    const r = toCheckResult(
      tc('x', { state: 'failed', errors: [{ message: 'Test timed out in 5000ms.' }] }, meta()),
    );
    expect([r.outcome, r.errorKind]).toEqual(['errored', 'transport']);
  });
  test('a passing test not declared with check() is errored: it names no requirement', () => {
    const r = toCheckResult(tc('plain', { state: 'passed' }));
    expect([r.outcome, r.message]).toEqual([
      'errored',
      'test is not declared with check(): it names no requirement',
    ]);
  });
});

describe('Collector', () => {
  const module = (moduleId: string, tests: TestCase[], errors: string[] = []): TestModule =>
    ({
      id: `id-${moduleId}`,
      moduleId,
      children: { allTests: () => tests, allSuites: () => [] },
      errors: () => errors.map((message) => ({ message })),
      state: () => (errors.length ? 'failed' : 'passed'),
      diagnostic: () => ({ duration: 100 + moduleId.length }),
      meta: () => ({}),
    }) as unknown as TestModule;

  test('joins the files of one vendor, keeps load errors and warnings, and forgets on reset', () => {
    const c = new Collector();
    c.onUserConsoleLog({ type: 'stderr', content: 'restore failed\n', taskId: 'id-/a.ts_1' } as never);
    c.onUserConsoleLog({ type: 'stdout', content: 'chatter', taskId: 'id-/a.ts_1' } as never);
    c.onTestRunEnd(
      [
        module('/a.ts', [tc('one', { state: 'passed' }, meta())]),
        module('/b.ts', [], ['SyntaxError: x\nat y']),
      ],
      [{ message: 'late\nstack' } as never],
    );
    const both = c.of(['/a.ts', '/b.ts']);
    expect(both?.checks.map((x) => x.title)).toEqual(['one']);
    expect(both?.errors).toEqual(['SyntaxError: x (while loading /b.ts)']);
    expect(both?.warnings).toEqual(['restore failed']);
    expect(c.unhandled).toEqual(['late']);
    expect(c.of(['/other.ts'])).toBeUndefined();
    // what each file took, for the next run's order (src/runner.ts longestFirst)
    expect([...c.durations]).toEqual([
      ['/a.ts', 105],
      ['/b.ts', 105],
    ]);
    c.reset();
    expect([c.of(['/a.ts']), c.unhandled, c.durations.size]).toEqual([undefined, [], 0]);
  });
});
