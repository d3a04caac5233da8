// --only / --exclude (src/filter.ts): which requirements a run judges. A filtered run says so in
// every report and never reports what it left out as passed; a filter that leaves nothing to
// check is never a pass; a pattern that matches nothing is a usage error naming it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import {
  globRegExp,
  idsFromName,
  markFiltered,
  resolveFilter,
  selectIds,
  testNamePattern,
} from '../../src/filter.ts';
import { buildReport, FILTERED_OUT } from '../../src/report.ts';
import type { CheckResult, RequirementResult, VendorReport } from '../../src/types.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { sharedRun, tempDir } from './cli-helper.ts';

// The CLI in process, every run of this file in one vitest instance.
const run = sharedRun();

const IDS = ['TMR-AUTH-PARAMS', 'TMR-AUTH-BASIC', 'TMR-AUTH-STATUS', 'TMR-404-UNKNOWN', 'TMR-MEDIA-TYPE'];

describe('selection', () => {
  test('exact IDs and * globs; --exclude after --only; no --only selects all', () => {
    expect(selectIds(IDS, { only: ['TMR-AUTH-*'], exclude: [] })).toEqual([
      'TMR-AUTH-PARAMS',
      'TMR-AUTH-BASIC',
      'TMR-AUTH-STATUS',
    ]);
    expect(selectIds(IDS, { only: ['TMR-AUTH-*', 'TMR-404-UNKNOWN'], exclude: ['*-STATUS'] })).toEqual([
      'TMR-AUTH-PARAMS',
      'TMR-AUTH-BASIC',
      'TMR-404-UNKNOWN',
    ]);
    expect(selectIds(IDS, { only: [], exclude: ['TMR-AUTH-*'] })).toEqual([
      'TMR-404-UNKNOWN',
      'TMR-MEDIA-TYPE',
    ]);
    // An exact ID is whole: TMR-AUTH does not select TMR-AUTH-PARAMS, and '.' is no wildcard.
    expect(globRegExp('TMR-AUTH').test('TMR-AUTH-PARAMS')).toBe(false);
    expect(globRegExp('TMR.AUTH-*').test('TMR-AUTH-PARAMS')).toBe(false);
  });

  test('a pattern that matches no requirement of the named vendors is a usage error naming it', () => {
    const vendors = [{ id: 'textmarketer', requirements: IDS.map((id) => ({ id })) }];
    expect(() => resolveFilter({ only: ['TMR-AUTH-*', 'TMR-NOPE*'], exclude: [] }, vendors)).toThrow(
      /--only: 'TMR-NOPE\*' matches no requirement of textmarketer/,
    );
    expect(() => resolveFilter({ only: [], exclude: ['TXM-*'] }, vendors)).toThrow(/--exclude: 'TXM-\*'/);
    expect(() => resolveFilter({ only: ['TMR AUTH'], exclude: [] }, vendors)).toThrow(/not a requirement ID/);
    expect(resolveFilter({ only: ['TMR-404-*'], exclude: [] }, vendors).get('textmarketer')).toEqual([
      'TMR-404-UNKNOWN',
    ]);
  });

  test("vitest's name filter runs a check when any of its IDs is selected, and only then", () => {
    const p = testNamePattern(['TMR-AUTH-BASIC', 'TMR-404-UNKNOWN']);
    expect(p.test('[TMR-AUTH-BASIC] Basic accepted')).toBe(true);
    expect(p.test('[TMR-AUTH-PARAMS, TMR-AUTH-BASIC] both')).toBe(true);
    expect(p.test('[TMR-404-UNKNOWN, TMR-ERROR-ENVELOPE] unknown account')).toBe(true);
    expect(p.test('[TMR-AUTH-PARAMS] params')).toBe(false);
    // A selected ID that is a prefix of another never selects the other.
    expect(testNamePattern(['TMR-AUTH']).test('[TMR-AUTH-PARAMS] params')).toBe(false);
    expect(testNamePattern([]).test('[TMR-AUTH-PARAMS] params')).toBe(false);
    expect(idsFromName('textmarketer [TMR-A, TMR-B] title [x]')).toEqual(['TMR-A', 'TMR-B']);
  });

  test('a check vitest left out gets its IDs back from its name and says why', () => {
    const left: CheckResult = {
      id: '[TMR-A, TMR-B] t',
      title: 't',
      requirements: [],
      outcome: 'skipped',
      durationMs: 0,
      notes: [],
      exchanges: [],
      message: 'skipped',
    };
    const [out] = markFiltered([left], new Set(['TMR-C']));
    expect(out).toMatchObject({ requirements: ['TMR-A', 'TMR-B'], message: FILTERED_OUT });
    // A selected check skipped for its own reason keeps it.
    const [kept] = markFiltered([{ ...left, requirements: ['TMR-A'] }], new Set(['TMR-A']));
    expect(kept?.message).toBe('skipped');
  });
});

function demo(filter?: { only: string[]; exclude: string[]; selected: string[] }, known = {}) {
  const requirement = (id: string) => ({
    id,
    title: id,
    level: 'MUST' as const,
    basis: 'documented' as const,
    source: 's',
    quote: 'q',
  });
  const check = (id: string, requirements: string[], outcome: CheckResult['outcome']): CheckResult => ({
    id,
    title: id,
    requirements,
    outcome,
    durationMs: 1,
    notes: [],
    exchanges: [],
  });
  return buildReport({
    tool: { name: 't', version: '0' },
    runId: 'r1',
    startedAt: new Date(0),
    finishedAt: new Date(1),
    vendor: {
      id: 'd',
      title: 'D',
      source: 's',
      requirements: ['A', 'B', 'C'].map(requirement),
      readings: [],
    },
    target: { baseUrl: 'http://x', embeddedMock: true, faults: [] },
    chosenReadings: {},
    // One check judges A and B at once; C's check was left out.
    checks: [check('ab', ['A', 'B'], 'passed'), check('c', ['C'], 'skipped')],
    errors: [],
    strict: false,
    ...(filter ? { filter } : {}),
    ...(Object.keys(known).length ? { baseline: { file: 'b.json', known } } : {}),
  });
}

describe('the report of a filtered run', () => {
  test('what the filter left out is skipped and marked, never passed, even if a check that ran names it', () => {
    const r = demo({ only: ['A'], exclude: [], selected: ['A'] });
    const by = (id: string) => r.requirements.find((q) => q.id === id) as RequirementResult;
    expect(by('A').outcome).toBe('passed');
    expect(by('B')).toMatchObject({ outcome: 'skipped', filtered: true, checks: [] });
    expect(by('C')).toMatchObject({ outcome: 'skipped', filtered: true });
    expect(r.filter).toEqual({ only: ['A'], exclude: [], filteredOut: ['B', 'C'] });
    expect(r.exitCode).toBe(0);
    // Filtered-out MUSTs are the filter's to say, not "unverified" ones.
    expect(r.summary.mustUnverified).toBe(0);
    expect(schemaErrors(reportSchema, r)).toEqual([]);
    // Unfiltered, the same checks judge B too: the difference above is the filter's doing.
    expect(demo().requirements.find((q) => q.id === 'B')?.outcome).toBe('passed');
    expect(demo().filter).toBeUndefined();
  });

  test('the gate: a baseline naming a filtered-out requirement is neither a stale entry nor a new failure', () => {
    const r = demo({ only: ['A'], exclude: [], selected: ['A'] }, { B: 'known' });
    expect(r.baseline).toMatchObject({ unexpectedPasses: [], newFailures: [], unknownIds: [] });
    expect(r.exitCode).toBe(0);
    // Unfiltered, B passes and the baseline is stale: exit 1.
    expect(demo(undefined, { B: 'known' }).exitCode).toBe(1);
  });

  test('a filter that leaves nothing judged is an error, never a pass', () => {
    const r = demo({ only: ['C'], exclude: [], selected: ['C'] });
    expect(r.verdict).toBe('errored');
    expect(r.exitCode).toBe(1);
    expect(r.errors.join(' ')).toMatch(/--only\/--exclude left nothing this target could judge/);
  });
});

const read = (dir: string, file: string) => readFileSync(join(dir, 'textmarketer', file), 'utf8');

describe('conformance run --only / --exclude (embedded mock)', () => {
  test('--only a glob: the selected run and pass, the rest is "not run (filtered out)" in every report', async () => {
    const dir = tempDir();
    const r = await run([
      'run',
      'textmarketer',
      '--only',
      'TMR-AUTH-PARAMS,TMR-AUTH-B*',
      '--report-dir',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(read(dir, 'report.json')) as VendorReport;
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    const judged = report.requirements.filter((q) => !q.filtered);
    expect(judged.map((q) => [q.id, q.outcome])).toEqual([
      ['TMR-AUTH-PARAMS', 'passed'],
      ['TMR-AUTH-BASIC', 'passed'],
    ]);
    expect(report.requirements.filter((q) => q.filtered).every((q) => q.outcome === 'skipped')).toBe(true);
    expect(report.filter?.filteredOut.length).toBe(report.requirements.length - 2);
    // The checks left out sent nothing.
    const left = report.checks.filter((c) => c.message === FILTERED_OUT);
    expect(left.length).toBeGreaterThan(10);
    expect(left.every((c) => c.outcome === 'skipped' && c.exchanges.length === 0)).toBe(true);
    const line = `filtered run (--only TMR-AUTH-PARAMS,TMR-AUTH-B*): ${report.requirements.length - 2} requirement(s) not run (filtered out)`;
    expect(r.stdout).toContain(line);
    expect(r.stdout).toMatch(/textmarketer\s+conformant\s+0\s+100%\s+4% \(filtered\)/);
    expect(read(dir, 'report.md')).toContain(line);
    expect(read(dir, 'report.md')).toMatch(/\| TMR-MEDIA-TYPE \| not run \(filtered out\) \|/);
    expect(read(dir, 'index.html')).toContain(line);
    expect(read(dir, 'junit.xml')).toContain(`<property name="filter" value="${line}"/>`);
    expect(read(dir, 'junit.xml')).toContain('skipped: not run (filtered out)');
    expect(read(dir, 'badge.svg')).toContain('(filtered)');
  });

  test('--exclude takes a broken requirement out of the judgement; --only it fails the run', async () => {
    // Every hand-picked check runs, so "the rest passes" still covers the whole catalogue; generated
    // values are not what --exclude is about (wrong-public-id is not a fault only they find).
    const fault = ['--mock-faults', 'wrong-public-id', '--examples', '0'];
    const dir = tempDir();
    const out = await run([
      'run',
      'textmarketer',
      ...fault,
      '--exclude',
      'TMR-SUCCESS-DOCTYPE',
      '--report-dir',
      dir,
    ]);
    expect(out.code).toBe(0);
    const report = JSON.parse(read(dir, 'report.json')) as VendorReport;
    expect(report.requirements.find((q) => q.id === 'TMR-SUCCESS-DOCTYPE')).toMatchObject({
      outcome: 'skipped',
      filtered: true,
    });
    const only = await run([
      'run',
      'textmarketer',
      ...fault,
      '--only',
      'TMR-SUCCESS-DOCTYPE',
      '--report-dir',
      dir,
    ]);
    expect(only.code).toBe(1);
    expect(only.stdout).toMatch(/FAIL TMR-SUCCESS-DOCTYPE/);
  });

  test('usage errors: a pattern matching nothing (named), an empty list; exit 2 before any request', async () => {
    const dir = tempDir();
    const typo = await run(['run', 'textmarketer', '--only', 'TMR-AUTH-*,TMR-NOPE', '--report-dir', dir]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--only: 'TMR-NOPE' matches no requirement of textmarketer");
    const empty = await run(['run', 'textmarketer', '--exclude', ',', '--report-dir', dir]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--exclude: name at least one');
  });

  test('a filter that selects only what this target cannot judge: errored, exit 1, never 0', async () => {
    const dir = tempDir();
    const r = await run(['run', 'textmarketer', '--only', 'TMR-AUTH-STATUS', '--report-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('left nothing this target could judge');
  });

  test('--all: a vendor the filter selects nothing of is not run (said); the pattern must match some vendor', async () => {
    const dir = tempDir();
    const r = await run(['run', '--all', '--only', 'TMR-404-UNKNOWN', '--report-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'textmarks: --only/--exclude select none of its requirements, so it was not run',
    );
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.vendors.map((v: { id: string }) => v.id)).toEqual(['textmarketer']);
  });

  test('--pact: contract interactions follow the filter too', async () => {
    const dir = tempDir();
    const r = await run(['run', 'textmarketer', '--pact', '--only', 'TMR-404-UNKNOWN', '--report-dir', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(read(dir, 'report.json')) as VendorReport;
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    const contract = report.checks.filter((c) => c.origin === 'contract');
    const ran = contract.filter((c) => c.outcome !== 'skipped');
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((c) => c.requirements.includes('TMR-404-UNKNOWN'))).toBe(true);
    const left = contract.filter((c) => c.outcome === 'skipped');
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((c) => c.message === FILTERED_OUT && !c.requirements.includes('TMR-404-UNKNOWN'))).toBe(
      true,
    );
  });
});
