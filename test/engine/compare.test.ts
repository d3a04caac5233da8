// conformance compare: the requirement x target grid of several real runs (the clean mock, a
// faulty one, a mock with another reading variant), as Markdown and as a page without script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compareRuns, labelsOf } from '../../src/compare.ts';
import { readRunDir } from '../../src/diff.ts';
import { sharedRun, tempDir } from './cli-helper.ts';

// One vitest instance for the suites of every run here (test/runner.ts).
const run = sharedRun();

const dirs: string[] = [];
beforeAll(async () => {
  for (const extra of [[], ['--mock-faults', 'wrong-public-id'], ['--mock-faults', 'no-processed-date']]) {
    const dir = tempDir('cmp-');
    await run(['run', 'textmarketer', '--report-dir', dir, '--quiet', '--examples', '0', ...extra]);
    dirs.push(dir);
  }
}, 120_000);

/** Ports and temp paths change from run to run. */
const stable = (s: string) =>
  s.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/\/tmp\/[^\s`)]+/g, '/tmp/DIR');

describe('conformance compare', () => {
  test('one grid per vendor: requirement x target, the rows where they differ marked', async () => {
    const out = tempDir('cmp-out-');
    const r = await run(['compare', ...dirs, '--label', 'vendor,staging,ours', '--report-dir', out]);
    expect(r.code).toBe(0);
    const md = readFileSync(join(out, 'compare.md'), 'utf8');
    expect(r.stdout).toContain(md.trimEnd());
    const differing = md.split('\n').filter((l) => l.startsWith('| ≠'));
    expect(stable([md.split('\n').slice(0, 8).join('\n'), ...differing].join('\n'))).toMatchSnapshot();
    // each fault's requirements differ, and nothing else
    const ids = differing.map((l) => l.split('|')[2]?.trim()).sort();
    expect(ids).toEqual(expect.arrayContaining(['TMR-SUCCESS-DOCTYPE']));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const page = readFileSync(join(out, 'compare.html'), 'utf8');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('<tr class="differs"><td>≠</td><td><b>TMR-SUCCESS-DOCTYPE</b>');
    expect(page).toContain('id="only-differ"');
  });

  test('labels come from the targets unless given; a wrong count or a single run is a usage error', async () => {
    const runs = dirs.map((d) => readRunDir(d));
    expect(labelsOf(runs)[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(() => labelsOf(runs, ['a', 'b'])).toThrow(/one label per directory \(3\)/);
    expect(() => compareRuns(runs.slice(0, 1), ['a'])).toThrow(/at least two/);
    const r = await run(['compare', dirs[0] as string, tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no <vendor>\/report\.json/);
  });
});
