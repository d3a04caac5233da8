// Runs vendor suites: resolves each target (src/target.ts), runs the suite files through vitest's
// Node API with the collector, verifies the Pact contracts if asked, and builds one canonical report
// per vendor (src/report.ts; the verdict and exit code come from src/gate.ts).
//
// A SuiteRunner keeps one vitest instance for many runs (the self-proof runs each suite once per
// mock fault): vitest starts once, transformed modules stay cached, and each run only re-executes
// the suite files with a new provided context.
import { join } from 'node:path';
import type { Vitest } from 'vitest/node';
import { Collector } from './collector.ts';
import { UsageError } from './config.ts';
import { closeAgent } from './http.ts';
import { findPactFiles, readPact, type VerifyOutcome, verifyContract } from './pact/verify.ts';
import { PROJECT_ROOT } from './paths.ts';
import { Redactor, redactDeep } from './redact.ts';
import { buildReport } from './report.ts';
import { closeTargets, loadConfig, newRunId, type ResolvedTarget, resolveTargets } from './target.ts';
import { TOOL } from './tool.ts';
import type { VendorDefinition, VendorReport } from './types.ts';

export { newRunId, TOOL, UsageError };

export interface RunOptions {
  /** Every vendor the project knows (to check the config), and the ids to run. */
  allVendors: VendorDefinition[];
  vendors: string[];
  baseUrl?: string;
  configPath?: string;
  /** Config given as an object (tests); a file path wins if both are set. */
  config?: unknown;
  faults?: string[];
  /** Reading variants of the embedded mock. */
  variants?: string[];
  strict?: boolean;
  shard?: string;
  timeoutMs?: number;
  /** Run the vitest suites (default true); false with `pact` verifies the contracts only. */
  suite?: boolean;
  /** Also verify each vendor's Pact contract (contracts/pacts/, or `pactFiles`) against the same target. */
  pact?: boolean;
  /** Pact files to verify instead of contracts/pacts/ (one vendor). */
  pactFiles?: string[];
  /** Contract-only runs: skip vendors without a pact file instead of refusing (--all). */
  allowMissingContracts?: boolean;
  /** Known deviations per vendor (--baseline): requirement ID → reason. */
  baseline?: { file: string; known: Record<string, Record<string, string>> };
}

export interface RunOutcome {
  reports: VendorReport[];
  /** Things the user should know that are not part of any report (e.g. a vendor without a contract). */
  notes: string[];
}

/** One vitest instance, reused by every run it is given (one run at a time). */
export class SuiteRunner {
  private vitest: Vitest | undefined;
  private key = '';
  private readonly collector = new Collector();

  /** Runs the suite files of these targets; the collected checks per suite file. */
  async run(targets: readonly ResolvedTarget[], timeoutMs: number, shard?: string): Promise<Collector> {
    const key = `${timeoutMs}|${shard ?? ''}`;
    if (this.vitest && this.key !== key) await this.close();
    this.key = key;
    this.vitest ??= await this.create(timeoutMs, shard);
    const project = this.vitest.getRootProject();
    project.provide('conformance', Object.fromEntries(targets.map((t) => [t.def.id, t.context])));
    this.collector.reset();
    const before = process.exitCode;
    await this.vitest.runTestSpecifications(
      targets.flatMap((t) => t.def.suiteFiles.map((f) => project.createSpecification(f))),
    );
    process.exitCode = before;
    return this.collector;
  }

  private async create(timeoutMs: number, shard?: string): Promise<Vitest> {
    const { createVitest } = await import('vitest/node');
    return createVitest(
      'test',
      {
        root: PROJECT_ROOT,
        config: false,
        watch: false,
        reporters: [this.collector],
        // Threads start faster than forks; each suite file still gets a fresh module graph.
        pool: 'threads',
        isolate: false,
        // A check may send several requests, each with its own timeout.
        testTimeout: Math.max(30_000, timeoutMs * 12),
        hookTimeout: Math.max(30_000, timeoutMs * 12),
        passWithNoTests: true,
        ...(shard ? { shard } : {}),
      } as Parameters<typeof createVitest>[1],
      { logLevel: 'error', cacheDir: join(PROJECT_ROOT, 'node_modules', '.vite-conformance') },
    );
  }

  async close(): Promise<void> {
    const v = this.vitest;
    this.vitest = undefined;
    await v?.close();
  }
}

function pick(opts: RunOptions): VendorDefinition[] {
  const defs = opts.vendors.map((id) => {
    const def = opts.allVendors.find((v) => v.id === id);
    if (!def)
      throw new UsageError(`unknown vendor '${id}' (known: ${opts.allVendors.map((v) => v.id).join(', ')})`);
    return def;
  });
  if (defs.length === 0) throw new UsageError('name at least one vendor, or --all');
  if (opts.baseUrl && defs.length > 1) {
    throw new UsageError(
      '--base-url names one target: give one vendor, or put baseUrl in each vendor section of --config',
    );
  }
  return defs;
}

/** The pact files per vendor (and notes for vendors without one); refuses what cannot be verified. */
function contractsOf(defs: VendorDefinition[], opts: RunOptions, suite: boolean) {
  const files = new Map<string, string[]>();
  const notes: string[] = [];
  if (!opts.pact) return { files, notes };
  if (opts.shard) throw new UsageError('a contract is verified whole: --shard applies to the suite only');
  if (opts.pactFiles?.length && defs.length > 1)
    throw new UsageError('--pact-file names the contract of one vendor');
  for (const f of opts.pactFiles ?? []) readPact(f);
  for (const def of defs) {
    const found = opts.pactFiles?.length ? opts.pactFiles : findPactFiles(def.id);
    if (found.length > 0) files.set(def.id, found);
    else if (!suite && !opts.allowMissingContracts) {
      throw new UsageError(
        `no pact file for ${def.id} in contracts/pacts (generate the contracts: npx vitest run --project contracts)`,
      );
    } else notes.push(`${def.id}: no pact file in contracts/pacts, so no contract was verified`);
  }
  return { files, notes };
}

export async function runConformance(opts: RunOptions, runner?: SuiteRunner): Promise<RunOutcome> {
  let defs = pick(opts);
  const suite = opts.suite ?? true;
  if (!suite && !opts.pact) throw new UsageError('nothing to run: neither the suite nor the contract');
  const contracts = contractsOf(defs, opts, suite);
  if (!suite) {
    defs = defs.filter((d) => contracts.files.has(d.id));
    if (defs.length === 0) throw new UsageError('no vendor has a pact file in contracts/pacts');
  }
  const config = loadConfig(opts.allVendors, {
    ...(opts.configPath ? { path: opts.configPath } : {}),
    value: opts.config,
  });
  const timeoutMs = opts.timeoutMs ?? config.timeoutMs;
  const runId = newRunId();
  const startedAt = new Date();
  const targets = await resolveTargets(defs, {
    config,
    runId,
    timeoutMs,
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.variants ? { variants: opts.variants } : {}),
  });
  const own = runner ? undefined : new SuiteRunner();
  try {
    const runnable = targets.filter((t) => !t.unreachable);
    const collector =
      suite && runnable.length > 0
        ? await (runner ?? (own as SuiteRunner)).run(runnable, timeoutMs, opts.shard)
        : undefined;

    // Contracts after the suites, one vendor at a time (the Rust verifier is native and busy).
    const verified = new Map<string, VerifyOutcome>();
    for (const t of runnable) {
      const pactFiles = contracts.files.get(t.def.id);
      if (!pactFiles) continue;
      const pactOptions = config.pact?.[t.def.id];
      verified.set(
        t.def.id,
        await verifyContract({
          vendor: t.def,
          baseUrl: t.context.baseUrl,
          pactFiles,
          section: t.section,
          ...(t.mock ? { mock: t.mock } : {}),
          ...(pactOptions ? { pact: pactOptions } : {}),
          secrets: t.context.secrets,
          timeoutMs,
          maxBodyBytes: config.maxBodyBytes,
        }),
      );
    }

    const finishedAt = new Date();
    const collectedOf = (t: ResolvedTarget) => (t.unreachable ? undefined : collector?.of(t.def.suiteFiles));
    // A shard reports the vendors whose suite it ran (vitest shards by file); the others belong
    // to another shard. A shard that ran nothing still reports, so it cannot pass silently.
    const ran = targets.filter((t) => t.unreachable || collectedOf(t));
    const reported = opts.shard && ran.length > 0 ? ran : targets;
    const reports = reported.map((t) => {
      const collected = collectedOf(t);
      const contract = verified.get(t.def.id);
      const errors: string[] = [];
      if (t.unreachable) errors.push(t.unreachable);
      else if (suite && !collected) {
        errors.push(
          opts.shard
            ? `shard ${opts.shard} ran no suite file`
            : `the suite file did not run: ${t.def.suiteFiles.join(', ')}`,
        );
      }
      if (collected) errors.push(...collected.errors);
      errors.push(...(collector?.unhandled ?? []).map((u) => `unhandled error: ${u}`));
      if (contract) errors.push(...contract.errors);
      const known = opts.baseline?.known[t.def.id];
      const report = buildReport({
        tool: TOOL,
        runId,
        startedAt,
        finishedAt,
        ...(opts.shard ? { shard: opts.shard } : {}),
        vendor: t.def,
        target: { baseUrl: t.context.baseUrl, embeddedMock: !!t.mock, faults: t.faults },
        chosenReadings: (t.section.readings as Record<string, unknown> | undefined) ?? {},
        checks: [...(collected?.checks ?? []), ...(contract?.checks ?? [])],
        errors,
        strict: opts.strict ?? false,
        ...(t.unreachable ? { unreachable: true } : {}),
        ...(opts.baseline ? { baseline: { file: opts.baseline.file, known: known ?? {} } } : {}),
      });
      if (contract) report.contract = contract.summary;
      if (collected && collected.warnings.length > 0) report.warnings = collected.warnings;
      const stateChangeSecrets = Object.values(config.pact?.[t.def.id]?.stateChangeHeaders ?? {});
      return redactDeep(report, new Redactor([...t.context.secrets, ...stateChangeSecrets]));
    });
    return { reports, notes: contracts.notes };
  } finally {
    await own?.close();
    await closeTargets(targets);
    await closeAgent();
  }
}
