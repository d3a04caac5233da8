// `conformance merge`: the reports of the shards of one run (vitest --shard on several machines)
// into one report directory. Each vendor's report comes whole from the shard that ran its suite.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { ConfigError } from './config.ts';
import type { VendorReport } from './types.ts';
import { schemaErrors } from './validate/json-schema.ts';

export function readShardReports(dirs: readonly string[]): VendorReport[] {
  if (dirs.length === 0) throw new ConfigError('merge: name the report directories of the shards');
  const byVendor = new Map<string, { report: VendorReport; from: string }>();
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
  return [...byVendor.values()].map((v) => v.report).sort((a, b) => a.vendor.id.localeCompare(b.vendor.id));
}
