// --seed replays a run's generated inputs: the same seed sends the same values (the requests'
// generated parts), another seed others; --examples 0 sends none of them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FILTERED_OUT } from '../../src/report.ts';
import type { VendorReport } from '../../src/types.ts';
import { sharedRun, tempDir } from './cli-helper.ts';

// The CLI in process, every run of this file in one vitest instance.
const run = sharedRun();

// Two of TextMarks' six generated checks, both read-only: which values a seed sends shows in two as
// well as in six (each check's random values follow its boundary ones, and only they depend on the
// seed). The hand-picked checks of the same requirements run too, so the run judges something even
// with --examples 0.
const GENERATED = ['--only', 'TXM-JSONP,TXM-JSONP-SAFE-CALLBACK'];

async function generated(args: string[]): Promise<{ report: VendorReport; sent: string[] }> {
  const dir = tempDir('seed-');
  const r = await run(['run', 'textmarks', '--report-dir', dir, '--quiet', ...GENERATED, ...args]);
  expect(r.code).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, 'textmarks', 'report.json'), 'utf8')) as VendorReport;
  // The values the generated checks sent, as the target received them, in order.
  const sent = report.checks
    .filter((c) => c.title.startsWith('generated:'))
    .flatMap((c) => c.notes.filter((n) => / value\(s\) /.test(n)));
  return { report, sent };
}

describe('--seed', () => {
  test('the same seed sends the same generated values; another seed others', async () => {
    const a = await generated(['--seed', '4242']);
    const b = await generated(['--seed', '4242']);
    const c = await generated(['--seed', '4243']);
    expect(a.report.run.generation).toEqual({ seed: 4242, examples: 20 });
    expect(a.sent.length).toBeGreaterThan(0);
    expect(b.sent).toEqual(a.sent);
    expect(c.sent).not.toEqual(a.sent);
  }, 120_000);

  test('--examples 0: no generated value is sent, the generated checks say why', async () => {
    const { report, sent } = await generated(['--examples', '0']);
    expect(sent).toEqual([]);
    // the generated checks the filter selected (the others are "not run (filtered out)")
    const off = report.checks.filter((c) => c.title.startsWith('generated:') && c.message !== FILTERED_OUT);
    expect(off.length).toBeGreaterThan(0);
    // not applicable: off, naming the key (or off already for a reading the config does not choose)
    for (const c of off) expect(c.outcome).toBe('not-applicable');
    expect(off.filter((c) => c.needs === 'examples').length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('--rate', () => {
  test('every request of the run is paced: the target sees them at least 1/R s apart', async () => {
    const { start } = await import('../../mocks/textmarks/index.ts');
    const arrivals: number[] = [];
    const mock = await start({
      inspector: {
        observe: () => undefined,
        answer: () => {
          arrivals.push(performance.now());
          return undefined;
        },
      },
    });
    try {
      const dir = tempDir('rate-');
      const config = join(dir, 'target.json');
      writeFileSync(config, JSON.stringify({ textmarks: mock.targetConfig }));
      const r = await run([
        'run',
        'textmarks',
        '--base-url',
        mock.url,
        '--config',
        config,
        '--report-dir',
        dir,
        '--quiet',
        '--examples',
        '0',
        '--rate',
        '10',
        '--only',
        'TXM-READBACK',
      ]);
      expect(r.code).toBe(0);
      expect(arrivals.length).toBeGreaterThanOrEqual(4);
      const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] as number));
      // 100 ms apart when sent. Arrival adds jitter: a request that opens a connection arrives late,
      // so the gap before it grows and the one after it shrinks by as much (72 ms measured after a
      // first request). Two gaps in a row therefore still span 200 ms less one such delay. Unpaced,
      // requests come a few ms apart, so each bound fails then.
      const sorted = [...gaps].sort((x, y) => x - y);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(90);
      const pairs = gaps.slice(1).map((g, i) => g + (gaps[i] as number));
      expect(Math.min(...pairs)).toBeGreaterThanOrEqual(120);
    } finally {
      await mock.close();
    }
  }, 120_000);
});
