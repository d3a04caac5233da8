// `conformance merge`: the reports of the shards of one run (vitest --shard on several machines)
// into one report directory. Each vendor's report comes whole from the shard that ran its suite.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { ConfigError } from './config.ts';
import type { VendorReport } from './types.ts';
import { schemaErrors } from './validate/json-schema.ts';

/**
 * The reports of the report directories, one per vendor; for shards (reports with run.shard), a
 * merge that could pass by accident is refused (exit 2, naming what is wrong): a shard missing or
 * doubled, shards of different counts or runs (run.group), a vendor the run was asked for absent.
 */
export function readShardReports(dirs: readonly string[]): { reports: VendorReport[]; notes: string[] } {
  const { reports, shards } = readReports(dirs);
  return { reports, notes: guardShards(reports, shards) };
}

interface ShardSeen {
  dir: string;
  shard: string;
  group?: string;
  vendors?: string[];
}

function guardShards(reports: VendorReport[], shards: ShardSeen[]): string[] {
  const sharded = shards.filter((s) => s.shard);
  if (sharded.length === 0) return [];
  const plain = shards.filter((s) => !s.shard);
  if (plain.length > 0)
    throw new ConfigError(
      `merge: ${plain[0]?.dir} holds reports of a run without --shard, ${sharded[0]?.dir} of a sharded one`,
    );
  const byDir = new Map<string, ShardSeen>();
  for (const s of sharded) {
    const prev = byDir.get(s.dir);
    if (prev && prev.shard !== s.shard)
      throw new ConfigError(`merge: ${s.dir} holds reports of two shards (${prev.shard} and ${s.shard})`);
    byDir.set(s.dir, s);
  }
  const counts = new Set([...byDir.values()].map((s) => s.shard.split('/')[1]));
  if (counts.size > 1)
    throw new ConfigError(
      `merge: the shards come from runs split differently (${[...byDir.values()].map((s) => `${s.dir}: ${s.shard}`).join(', ')})`,
    );
  const groups = new Set([...byDir.values()].map((s) => s.group ?? ''));
  if (groups.size > 1)
    throw new ConfigError(
      `merge: the shards come from different runs (${[...byDir.values()].map((s) => `${s.dir}: ${s.group ?? 'no group'}`).join(', ')})`,
    );
  const total = Number([...counts][0]);
  const seen = new Map<number, string>();
  for (const s of byDir.values()) {
    const index = Number(s.shard.split('/')[0]);
    const other = seen.get(index);
    if (other !== undefined)
      throw new ConfigError(`merge: shard ${index}/${total} is given twice (${other} and ${s.dir})`);
    seen.set(index, s.dir);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ConfigError(
      `merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} of this run ${missing.length > 1 ? 'are' : 'is'} missing: a lost artefact would pass the gate`,
    );
  const asked = new Set([...byDir.values()].flatMap((s) => s.vendors ?? []));
  const absent = [...asked].filter((v) => !reports.some((r) => r.vendor.id === v));
  if (absent.length > 0)
    throw new ConfigError(`merge: the run was asked for ${absent.join(', ')}, which no shard reports`);
  return [...groups][0]
    ? []
    : [
        'the shards carry no run id (--group, or a CI run id such as GITHUB_RUN_ID): shards of two runs split the same way cannot be told apart',
      ];
}

function readReports(dirs: readonly string[]): { reports: VendorReport[]; shards: ShardSeen[] } {
  if (dirs.length === 0) throw new ConfigError('merge: name the report directories of the shards');
  const byVendor = new Map<string, { report: VendorReport; from: string }>();
  const shards: ShardSeen[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new ConfigError(`merge: no such directory ${dir}`);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name, 'report.json');
      if (!entry.isDirectory() || !existsSync(path)) continue;
      let report: VendorReport;
      try {
        report = JSON.parse(readFileSync(path, 'utf8')) as VendorReport;
      } catch (err) {
        throw new ConfigError(`merge: ${path} is not valid JSON: ${(err as Error).message}`);
      }
      const errs = schemaErrors(reportSchema, report);
      if (errs.length > 0)
        throw new ConfigError(`merge: ${path} is not a report: ${errs.slice(0, 3).join('; ')}`);
      shards.push({
        dir,
        shard: report.run.shard ?? '',
        ...(report.run.group ? { group: report.run.group } : {}),
        ...(report.run.vendors ? { vendors: report.run.vendors } : {}),
      });
      // A shard that ran no suite reports every vendor as errored: the shard that ran it wins.
      const prev = byVendor.get(report.vendor.id);
      const ranNothing = (r: VendorReport) => r.checks.length === 0 && r.run.shard !== undefined;
      if (prev && !ranNothing(prev.report) && !ranNothing(report)) {
        throw new ConfigError(
          `merge: ${report.vendor.id} is reported by two shards (${prev.from} and ${dir})`,
        );
      }
      if (!prev || ranNothing(prev.report)) byVendor.set(report.vendor.id, { report, from: dir });
    }
  }
  if (byVendor.size === 0) throw new ConfigError(`merge: no report.json under ${dirs.join(', ')}`);
  return {
    reports: [...byVendor.values()]
      .map((v) => v.report)
      .sort((a, b) => a.vendor.id.localeCompare(b.vendor.id)),
    shards,
  };
}
