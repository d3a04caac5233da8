// conformance diff (src/diff.ts) on real report directories: runs against the TextMarketer mock
// with and without a fault, a filtered run, and the merged reports of a sharded run. Outputs are
// snapshot-tested after the temporary directories and the mocks' ports are stabilised.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { sharedRun, tempDir } from './cli-helper.ts';

// One vitest instance for the suites of every run here (test/runner.ts).
const run = sharedRun();

let root = '';
const at = (name: string) => join(root, name);

/** Temporary directories and loopback ports vary from run to run. */
function stable(s: string): string {
  return s.replaceAll(root, '<runs>').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
}

async function ok(args: string[], code = 0) {
  const r = await run([...args, '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(code);
}

beforeAll(async () => {
  root = tempDir('conformance-diff-');
  await ok(['run', 'textmarketer', '--report-dir', at('clean')]);
  await ok(['run', 'textmarketer', '--mock-faults', 'wrong-public-id', '--report-dir', at('fault')], 1);
  await ok(['run', 'textmarketer', '--only', 'TMR-AUTH-*', '--report-dir', at('filtered')]);
  // The two shards of one run, merged (vitest splits by the entry file's name, the same in every
  // process; a shard that ran nothing exits 1 and gives way to the one that ran it).
  for (const shard of ['1/2', '2/2'])
    await run([
      'run',
      'textmarketer',
      'eprize',
      '--shard',
      shard,
      '--group',
      'diff-test',
      '--report-dir',
      at(`shard-${shard[0]}`),
    ]);
  await ok(['merge', at('shard-1'), at('shard-2'), '--report-dir', at('merged')]);
}, 120_000);

const diff = (...args: string[]) => run(['diff', ...args]);

describe('conformance diff', () => {
  test('a fault appears: newly failing, exit 1 (text snapshot)', async () => {
    const r = await diff(at('clean'), at('fault'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NEWLY FAILING\s+TMR-SUCCESS-DOCTYPE MUST\s+passed → failed/);
    expect(stable(r.stdout)).toMatchSnapshot();
  });

  test('the fault is fixed: newly passing, exit 0 (Markdown and JSON snapshots)', async () => {
    const md = await diff(at('fault'), at('clean'), '--format', 'markdown');
    expect(md.code).toBe(0);
    expect(stable(md.stdout)).toMatchSnapshot();
    const json = await diff(at('fault'), at('clean'), '--format', 'json');
    expect(json.code).toBe(0);
    const d = JSON.parse(json.stdout);
    expect(d.newlyFailing).toBe(0);
    expect(d.vendors[0].changes).toEqual([
      expect.objectContaining({
        kind: 'newly-passing',
        id: 'TMR-SUCCESS-DOCTYPE',
        before: 'failed',
        after: 'passed',
      }),
    ]);
    expect(stable(json.stdout)).toMatchSnapshot();
  });

  test('the same run twice: no change, exit 0', async () => {
    const r = await diff(at('clean'), at('clean'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('textmarketer: no change; 44 unchanged');
  });

  test('a filtered run after a full one: what it left out is newly not run, not failing', async () => {
    const r = await diff(at('clean'), at('filtered'), '--format', 'json');
    expect(r.code).toBe(0);
    const kinds = new Set(JSON.parse(r.stdout).vendors[0].changes.map((c: { kind: string }) => c.kind));
    expect([...kinds]).toEqual(['newly-not-run']);
  });

  test('merged shard reports: per vendor, a vendor in one run only is said', async () => {
    const r = await diff(at('merged'), at('fault'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^eprize \(only in the before run\): \d+ removed; 0 unchanged$/m);
    expect(r.stdout).toMatch(/^textmarketer: 1 newly failing; 43 unchanged$/m);
  });

  test('added, removed and newly not applicable requirements; an added failing one is a new failure', async () => {
    const after = at('edited');
    cpSync(at('clean'), after, { recursive: true });
    const path = join(after, 'textmarketer', 'report.json');
    const report = JSON.parse(readFileSync(path, 'utf8'));
    const [first, second, ...rest] = report.requirements;
    first.outcome = 'not-applicable';
    report.requirements = [first, ...rest, { ...second, id: 'TMR-NEW', outcome: 'failed' }];
    writeFileSync(path, JSON.stringify(report));
    const r = await diff(at('clean'), after, '--format', 'json');
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.newlyFailing).toBe(1);
    expect(d.vendors[0].changes.map((c: { kind: string; id: string }) => `${c.kind} ${c.id}`)).toEqual([
      `newly-not-applicable ${first.id}`,
      'added TMR-NEW',
      `removed ${second.id}`,
    ]);
  });

  test('unusable input: exit 2 naming what is wrong', async () => {
    const empty = tempDir('conformance-empty-');
    const none = await diff(at('clean'), empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`diff: ${empty} holds no <vendor>/report.json`);

    const future = at('future');
    cpSync(at('clean'), future, { recursive: true });
    const path = join(future, 'textmarketer', 'report.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), schemaVersion: '2.0' }));
    const v = await diff(future, at('clean'));
    expect(v.code).toBe(2);
    expect(v.stderr).toContain(
      `diff: ${path} has schemaVersion "2.0", which this version cannot read (it reads 1.0)`,
    );

    const junk = at('junk');
    mkdirSync(join(junk, 'x'), { recursive: true });
    writeFileSync(join(junk, 'x', 'report.json'), '{"schemaVersion":"1.0"}');
    const j = await diff(junk, at('clean'));
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/is not a conformance report/);

    expect((await diff(at('clean'))).code).toBe(2);
    expect((await diff(at('clean'), at('fault'), '--format', 'html')).stderr).toContain('--format: expected');
    for (const r of [none, v, j]) expect(r.stderr).not.toMatch(/\n\s+at .+[:(]\d+/);
  });
});
