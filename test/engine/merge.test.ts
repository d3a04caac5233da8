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
  test('one report per vendor, sorted; an empty shard report gives way to the shard that ran', () => {
    const a = sampleReport();
    const b = { ...sampleReport(), vendor: { ...a.vendor, id: 'alpha' } };
    const empty = { ...a, checks: [], run: { ...a.run, shard: '2/2' } };
    const merged = readShardReports([shard([a, b]), shard([empty])]);
    expect(merged.map((r) => r.vendor.id)).toEqual(['alpha', a.vendor.id]);
    expect(merged.find((r) => r.vendor.id === a.vendor.id)?.checks.length).toBe(a.checks.length);
  });
  test('the same vendor from two shards that both ran it is refused', () => {
    const a = sampleReport();
    expect(() => readShardReports([shard([a]), shard([a])])).toThrow(/reported by two shards/);
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
