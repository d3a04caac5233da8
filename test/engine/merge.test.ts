// `conformance merge` reads the shards' report directories (src/merge.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readShardReports } from '../../src/merge.ts';
import { sampleReport } from '../reporters/sample.ts';
import { tempDir } from './cli-helper.ts';

function shard(reports: object[]): string {
  const dir = tempDir('shard-');
  for (const r of reports) {
    const id = (r as { vendor: { id: string } }).vendor.id;
    mkdirSync(join(dir, id), { recursive: true });
    writeFileSync(join(dir, id, 'report.json'), JSON.stringify(r));
  }
  return dir;
}

describe('readShardReports', () => {
  const of = (r: ReturnType<typeof sampleReport>, shardOf: string, extra: object = {}) => ({
    ...r,
    run: { ...r.run, shard: shardOf, vendors: ['alpha', r.vendor.id].sort(), group: 'ci-7', ...extra },
  });
  test('one report per vendor, sorted; an empty shard report gives way to the shard that ran', () => {
    const a = of(sampleReport(), '1/2');
    const b = { ...of(sampleReport(), '1/2'), vendor: { ...a.vendor, id: 'alpha' } };
    const empty = { ...of(sampleReport(), '2/2'), checks: [] };
    const { reports: merged, notes } = readShardReports([shard([a, b]), shard([empty])]);
    expect(merged.map((r) => r.vendor.id)).toEqual(['alpha', a.vendor.id]);
    expect(merged.find((r) => r.vendor.id === a.vendor.id)?.checks.length).toBe(a.checks.length);
    expect(notes).toEqual([]);
  });
  test('a merge that could pass by accident is refused, naming what is wrong', () => {
    const r = sampleReport();
    const alpha = { ...r, vendor: { ...r.vendor, id: 'alpha' } };
    const one = shard([of(r, '1/2'), of(alpha, '1/2')]);
    // the second shard's artefact was lost
    expect(() => readShardReports([one])).toThrow(/shard 2\/2 of this run is missing/);
    // the same shard twice
    expect(() => readShardReports([one, shard([of(r, '1/2', { group: 'ci-7' })])])).toThrow(
      /shard 1\/2 is given twice|reported by two shards/,
    );
    // a shard of another run, of another split
    expect(() =>
      readShardReports([one, shard([{ ...of(r, '2/2', { group: 'ci-8' }), checks: [] }])]),
    ).toThrow(/different runs \(.*ci-7.*ci-8/);
    expect(() => readShardReports([one, shard([{ ...of(r, '2/3'), checks: [] }])])).toThrow(
      /split differently/,
    );
    // a vendor the run was asked for that no shard reports
    const asked = (x: ReturnType<typeof sampleReport>, s: string) =>
      of(x, s, { vendors: ['alpha', 'beta', r.vendor.id].sort() });
    expect(() => readShardReports([shard([asked(r, '1/2')]), shard([asked(alpha, '2/2')])])).toThrow(
      /asked for beta, which no shard reports/,
    );
    // a sharded and an unsharded directory
    expect(() => readShardReports([one, shard([{ ...r, vendor: { ...r.vendor, id: 'gamma' } }])])).toThrow(
      /without --shard/,
    );
    // without a run id the merge goes on, and says what it cannot tell
    const bare = (x: ReturnType<typeof sampleReport>, s: string) => {
      const y = of(x, s);
      delete (y.run as { group?: string }).group;
      return y;
    };
    const { notes } = readShardReports([shard([bare(r, '1/2')]), shard([{ ...bare(alpha, '2/2') }])]);
    expect(notes.join()).toMatch(/carry no run id/);
  });
  test('the same vendor from two shards that both ran it is refused', () => {
    const a = sampleReport();
    expect(() => readShardReports([shard([a]), shard([a])])).toThrow(/reported by two shards/);
    // and a single unsharded directory reads as it is (baseline, diff)
    expect(readShardReports([shard([a])]).reports).toHaveLength(1);
  });
  test('a directory that is missing, holds no report, or holds a broken one is a clear error', () => {
    expect(() => readShardReports([])).toThrow(/name the report directories/);
    expect(() => readShardReports(['/nonexistent/x'])).toThrow(/no such directory/);
    expect(() => readShardReports([tempDir()])).toThrow(/no report\.json/);
    const bad = tempDir();
    mkdirSync(join(bad, 'v'));
    writeFileSync(join(bad, 'v', 'report.json'), '{"not":"a report"}');
    expect(() => readShardReports([bad])).toThrow(/is not a report/);
    writeFileSync(join(bad, 'v', 'report.json'), '{');
    expect(() => readShardReports([bad])).toThrow(/is not valid JSON/);
  });
});
