// Runs vendor suites: resolves each target (a base URL, or the embedded reference mock), checks
// that it can be reached, runs the suite files through vitest's Node API with the collector, and
// builds one canonical report per vendor.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';
import { Collector } from './collector.ts';
import {
  ConfigError,
  DEFAULTS,
  deepMerge,
  parseConfig,
  readConfigFile,
  type TargetConfig,
} from './config.ts';
import { closeAgent } from './http.ts';
import { findPactFiles, readPact, type VerifyOutcome, verifyContract } from './pact/verify.ts';
import { Redactor, redactDeep, secretsAt } from './redact.ts';
import { buildReport, EXIT } from './report.ts';
import type { RunningMock, SuiteContext, VendorDefinition, VendorReport } from './types.ts';
import { schemaErrors } from './validate/json-schema.ts';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TOOL = {
  name: 'legacy-api-conformance',
  version: (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version,
};

export interface RunOptions {
  /** Every vendor the project knows (to check the config), and the ids to run. */
  allVendors: VendorDefinition[];
  vendors: string[];
  baseUrl?: string;
  configPath?: string;
  /** Config given as an object (tests); a file path wins if both are set. */
  config?: unknown;
  faults?: string[];
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
}

export interface RunOutcome {
  reports: VendorReport[];
  exitCode: number;
  /** Things the user should know that are not part of any report (e.g. a vendor without a contract). */
  notes?: string[];
}

export function newRunId(): string {
  return `r${Date.now().toString(36).slice(-6)}${randomBytes(2).toString('hex')}`;
}

export function preflight(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return Promise.resolve(`not a valid URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(`unsupported scheme ${url.protocol} in ${baseUrl} (http: or https: only)`);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (msg: string | undefined) => {
      socket.destroy();
      resolve(msg);
    };
    socket.setTimeout(timeoutMs, () =>
      done(`cannot connect to ${url.origin}: timed out after ${timeoutMs} ms`),
    );
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(`cannot connect to ${url.origin}: ${err.code ?? err.message}`),
    );
  });
}

interface Planned {
  def: VendorDefinition;
  baseUrl: string;
  mock?: RunningMock;
  section: Record<string, unknown>;
  context: SuiteContext;
  unreachable?: string;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

function loadConfig(opts: RunOptions): TargetConfig {
  const schemas = Object.fromEntries(opts.allVendors.map((v) => [v.id, v.configSchema]));
  if (opts.configPath) return parseConfig(readConfigFile(opts.configPath), schemas, opts.configPath);
  if (opts.config !== undefined) return parseConfig(opts.config, schemas);
  return { ...DEFAULTS, sections: {} };
}

export async function runConformance(opts: RunOptions): Promise<RunOutcome> {
  let defs = opts.vendors.map((id) => {
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
  const suite = opts.suite ?? true;
  if (!suite && !opts.pact) throw new UsageError('nothing to run: neither the suite nor the contract');
  const notes: string[] = [];
  const contractFiles = new Map<string, string[]>();
  if (opts.pact) {
    if (opts.shard) throw new UsageError('a contract is verified whole: --shard applies to the suite only');
    if (opts.pactFiles?.length && defs.length > 1)
      throw new UsageError('--pact-file names the contract of one vendor');
    for (const def of defs) {
      const files = opts.pactFiles?.length ? opts.pactFiles : findPactFiles(def.id);
      for (const f of opts.pactFiles ?? []) readPact(f);
      if (files.length > 0) contractFiles.set(def.id, files);
      else if (!suite && !opts.allowMissingContracts) {
        throw new UsageError(
          `no pact file for ${def.id} in contracts/pacts (generate the contracts: npx vitest run --project contracts)`,
        );
      } else notes.push(`${def.id}: no pact file in contracts/pacts, so no contract was verified`);
    }
    if (!suite) {
      defs = defs.filter((d) => contractFiles.has(d.id));
      if (defs.length === 0) throw new UsageError('no vendor has a pact file in contracts/pacts');
    }
  }
  const config = loadConfig(opts);
  const timeoutMs = opts.timeoutMs ?? config.timeoutMs;
  const runId = newRunId();
  const startedAt = new Date();
  const planned: Planned[] = [];

  try {
    for (const def of defs) {
      const user = config.sections[def.id] ?? {};
      const baseUrl = opts.baseUrl ?? (user.baseUrl as string | undefined);
      let mock: RunningMock | undefined;
      let section: Record<string, unknown>;
      if (baseUrl) {
        if (opts.faults && opts.faults.length > 0)
          throw new UsageError('--mock-faults applies to the embedded mock only');
        section = user;
        const errs = schemaErrors(def.configSchema, section);
        if (errs.length > 0) {
          throw new ConfigError(
            `a target given by URL needs a complete ${def.id} section in --config: ${errs.map((e) => `${def.id}.${e}`).join('; ')}`,
          );
        }
      } else {
        const known = new Set(def.faults.map((f) => f.id));
        for (const f of opts.faults ?? []) {
          if (!known.has(f))
            throw new UsageError(`unknown fault '${f}' for ${def.id} (see 'conformance faults ${def.id}')`);
        }
        mock = await def.startMock({ faults: opts.faults ?? [] });
        // A fault proven under a non-default reading brings that reading along; the user's config wins.
        const faultReadings = def.faults
          .filter((f) => opts.faults?.includes(f.id) && f.readings)
          .reduce<Record<string, unknown>>((acc, f) => Object.assign(acc, f.readings), {});
        section = deepMerge(mock.targetConfig, { readings: faultReadings }, user);
        if (
          Object.keys(faultReadings).length === 0 &&
          !(mock.targetConfig as { readings?: unknown }).readings &&
          !user.readings
        ) {
          delete section.readings;
        }
        const errs = schemaErrors(def.configSchema, section);
        if (errs.length > 0) {
          await mock.close();
          throw new ConfigError(`${def.id} section: ${errs.map((e) => `${def.id}.${e}`).join('; ')}`);
        }
      }
      const secrets = secretsAt(section, def.secretPaths);
      const context: SuiteContext = {
        vendor: def.id,
        baseUrl: (baseUrl ?? mock?.url ?? '').replace(/\/+$/, ''),
        runId,
        timeoutMs,
        maxBodyBytes: config.maxBodyBytes,
        config: section,
        secrets,
      };
      const p: Planned = { def, baseUrl: context.baseUrl, section, context };
      if (mock) p.mock = mock;
      planned.push(p);
    }

    await Promise.all(
      planned.map(async (p) => {
        const problem = await preflight(p.baseUrl, Math.min(timeoutMs, 5000));
        if (problem) p.unreachable = problem;
      }),
    );

    const runnable = planned.filter((p) => !p.unreachable);
    const collector = new Collector();
    if (suite && runnable.length > 0) await runVitest(runnable, collector, timeoutMs, opts.shard);

    // Contracts after the suites, one vendor at a time (the Rust verifier is native and busy).
    const contracts = new Map<string, VerifyOutcome>();
    for (const p of runnable) {
      const pactFiles = contractFiles.get(p.def.id);
      if (!pactFiles) continue;
      const pactOptions = config.pact?.[p.def.id];
      contracts.set(
        p.def.id,
        await verifyContract({
          vendor: p.def,
          baseUrl: p.baseUrl,
          pactFiles,
          section: p.section,
          ...(p.mock ? { mock: p.mock } : {}),
          ...(pactOptions ? { pact: pactOptions } : {}),
          secrets: p.context.secrets,
          timeoutMs,
          maxBodyBytes: config.maxBodyBytes,
        }),
      );
    }

    const finishedAt = new Date();
    // A shard reports the vendors whose suite it ran (vitest shards by file); the others belong
    // to another shard. A shard that ran nothing still reports, so it cannot pass silently.
    const ran = planned.filter((p) => p.unreachable || collector.byModule.has(p.def.suiteFile));
    const reported = opts.shard && ran.length > 0 ? ran : planned;
    const reports = reported.map((p) => {
      const collected = p.unreachable ? undefined : collector.byModule.get(p.def.suiteFile);
      const contract = contracts.get(p.def.id);
      const errors: string[] = [];
      if (p.unreachable) errors.push(p.unreachable);
      else if (suite && !collected) {
        errors.push(
          opts.shard
            ? `shard ${opts.shard} ran no suite file`
            : `the suite file did not run: ${p.def.suiteFile}`,
        );
      }
      if (collected) errors.push(...collected.errors);
      errors.push(...collector.unhandled.map((u) => `unhandled error: ${u}`));
      if (contract) errors.push(...contract.errors);
      const report = buildReport({
        tool: TOOL,
        runId,
        startedAt,
        finishedAt,
        ...(opts.shard ? { shard: opts.shard } : {}),
        vendor: p.def,
        target: { baseUrl: p.baseUrl, embeddedMock: !!p.mock, faults: p.mock ? (opts.faults ?? []) : [] },
        chosenReadings: (p.section.readings as Record<string, unknown> | undefined) ?? {},
        checks: [...(collected?.checks ?? []), ...(contract?.checks ?? [])],
        errors,
        strict: opts.strict ?? false,
      });
      if (contract) report.contract = contract.summary;
      if (collected && collected.warnings.length > 0) report.warnings = collected.warnings;
      if (p.unreachable) report.exitCode = EXIT.unreachable;
      const stateChangeSecrets = Object.values(config.pact?.[p.def.id]?.stateChangeHeaders ?? {});
      return redactDeep(report, new Redactor([...p.context.secrets, ...stateChangeSecrets]));
    });
    const exitCode = reports.reduce<number>((worst, r) => Math.max(worst, r.exitCode), EXIT.conformant);
    return { reports, exitCode, notes };
  } finally {
    await Promise.all(planned.map((p) => p.mock?.close()));
    await closeAgent();
  }
}

async function runVitest(
  runnable: Planned[],
  collector: Collector,
  timeoutMs: number,
  shard?: string,
): Promise<void> {
  const provide = { conformance: Object.fromEntries(runnable.map((p) => [p.def.id, p.context])) };
  const before = process.exitCode;
  const vitest = await startVitest(
    'test',
    runnable.map((p) => p.def.suiteFile),
    {
      root: PROJECT_ROOT,
      config: false,
      watch: false,
      reporters: [collector],
      include: ['suites/**/*.conformance.ts'],
      // A check may send several requests, each with its own timeout.
      testTimeout: Math.max(30_000, timeoutMs * 12),
      hookTimeout: Math.max(30_000, timeoutMs * 12),
      provide,
      passWithNoTests: true,
      ...(shard ? { shard } : {}),
    } as Parameters<typeof startVitest>[2],
    { logLevel: 'error', cacheDir: join(PROJECT_ROOT, 'node_modules', '.vite-conformance') },
  );
  await vitest.close();
  process.exitCode = before;
}
