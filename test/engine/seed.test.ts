// --seed replays a run's generated inputs: the same seed sends the same values (the requests'
// generated parts), another seed others; --examples 0 sends none of them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { VendorReport } from '../../src/types.ts';
import { run, tempDir } from './cli-helper.ts';

async function generated(args: string[]): Promise<{ report: VendorReport; sent: string[] }> {
  const dir = tempDir('seed-');
  const r = await run(['run', 'textmarks', '--report-dir', dir, '--quiet', ...args]);
  expect(r.code).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, 'textmarks', 'report.json'), 'utf8')) as VendorReport;
  // The URLs the generated checks set, as the target received them, in order.
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
    const off = report.checks.filter((c) => c.title.startsWith('generated:'));
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
      // 100 ms apart when sent; arrival adds some jitter on a loaded machine (unpaced, they come a
      // few ms apart, so each bound fails then)
      const sorted = [...gaps].sort((x, y) => x - y);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(90);
      expect(sorted[0]).toBeGreaterThanOrEqual(50);
    } finally {
      await mock.close();
    }
  }, 120_000);
});
