// Known deviations live outside the checks: a baseline file lists, per vendor, the requirements a
// target is known to fail and why. The gate then fails on a new failure and on an unexpected pass
// (a stale baseline), and passes on the known ones. The verdict itself is left as it is.
import baselineSchema from '../schemas/baseline.schema.json' with { type: 'json' };
import { ConfigError, readConfigFile } from './config.ts';
import { EXIT } from './report.ts';
import type { VendorReport } from './types.ts';
import { schemaErrors } from './validate/json-schema.ts';

export type Baseline = Record<string, Record<string, string>>;

export function readBaseline(path: string, vendorIds: readonly string[]): Baseline {
  const raw = readConfigFile(path);
  const errs = schemaErrors(baselineSchema, raw);
  if (errs.length > 0) throw new ConfigError(`baseline ${path}: ${errs.join('; ')}`);
  const { $schema: _s, ...baseline } = raw as Baseline & { $schema?: string };
  for (const vendor of Object.keys(baseline)) {
    if (!vendorIds.includes(vendor)) throw new ConfigError(`baseline ${path}: ${vendor}: unknown vendor`);
  }
  return baseline;
}

const broken = (outcome: string) => outcome === 'failed' || outcome === 'errored';

/** Applies a vendor's known deviations to its report: the gate's exit code and what changed. */
export function applyBaseline(report: VendorReport, known: Record<string, string>, file: string): void {
  const ids = new Set(report.requirements.map((r) => r.id));
  const unknown = Object.keys(known).filter((id) => !ids.has(id));
  const expected = report.requirements.filter((r) => broken(r.outcome) && known[r.id] !== undefined);
  const fresh = report.requirements.filter((r) => broken(r.outcome) && known[r.id] === undefined);
  const stale = report.requirements.filter((r) => r.outcome === 'passed' && known[r.id] !== undefined);
  report.baseline = {
    file,
    expectedFailures: expected.map((r) => ({ id: r.id, reason: known[r.id] as string })),
    newFailures: fresh.map((r) => r.id),
    unexpectedPasses: stale.map((r) => r.id),
    unknownIds: unknown,
  };
  for (const id of unknown)
    report.errors.push(`baseline ${file} names ${id}, which is not a ${report.vendor.id} requirement`);
  // Run errors and unreachable targets keep their exit code: a baseline never hides them.
  if (report.errors.length > 0 || report.exitCode === EXIT.unreachable) return;
  const newMust = fresh.some((r) => r.level === 'MUST' || report.strict);
  report.exitCode = newMust || stale.length > 0 ? EXIT.notConformant : EXIT.conformant;
}

/** A baseline that accepts every failure of these reports (edit the reasons before committing it). */
export function baselineFrom(reports: readonly VendorReport[], reason: string): Baseline {
  const out: Baseline = {};
  for (const r of reports) {
    const failing = r.requirements.filter((q) => broken(q.outcome));
    if (failing.length > 0) out[r.vendor.id] = Object.fromEntries(failing.map((q) => [q.id, reason]));
  }
  return out;
}
