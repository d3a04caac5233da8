// Runs vendor suites: resolves each target (src/target.ts), runs the suite files through vitest's
// Node API with the collector, verifies the Pact contracts if asked, and builds one canonical report
// per vendor (src/report.ts; the verdict and exit code come from src/gate.ts).
//
// A SuiteRunner keeps one vitest instance for many runs (the self-proof runs each suite once per
// mock fault): vitest starts once, transformed modules stay cached, and each run only re-executes
// the suite files with a new provided context.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestSpecification, Vitest } from 'vitest/node';
import { type Collected, Collector } from './collector.ts';
import { isLeftToAnother } from './concurrent.ts';
import { DEFAULTS, UsageError } from './config.ts';
import { markFiltered, resolveFilter, testNamePattern } from './filter.ts';
import { closeAgent, paceAfterOthers, paceState, trustCa } from './http.ts';
import { findPactFiles, readPact, type VerifyOutcome, verifyContract } from './pact/verify.ts';
import { PACKAGE_ROOT, PROJECT_ROOT } from './paths.ts';
import { Redactor, redactDeep } from './redact.ts';
import { buildReport } from './report.ts';
import { closeJournal, openJournal, refuseUnfinished } from './restore.ts';
import {
  closeTargets,
  loadConfig,
  newRunId,
  newSeed,
  type ResolvedTarget,
  resolveTargets,
} from './target.ts';
import { TOOL } from './tool.ts';
import { type RunFilter, TARGET_KEY, type VendorDefinition, type VendorReport } from './types.ts';

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
  /** --only/--exclude: the requirements to judge (src/filter.ts); the rest is not run. */
  filter?: RunFilter;
  /** --group: the id the shards of one run share (merge refuses shards of another run). */
  group?: string;
  /** --seed: replays the generated values of an earlier run (default: a new seed, in the report). */
  seed?: number;
  /** --examples: generated values per domain side (0: generated checks off). */
  examples?: number;
  /** --rate: requests per second to each target. */
  rate?: number;
  /** --ca: a CA certificate (PEM text) trusted beside the system's. */
  ca?: string;
}

export interface RunOutcome {
  reports: VendorReport[];
  /** Things the user should know that are not part of any report (e.g. a vendor without a contract). */
  notes: string[];
}

/** A target's suite to run, under a key unique in its vitest run. */
export interface SuiteItem {
  key: string;
  target: ResolvedTarget;
}

/** The vitest instances running suites now: a signal cancels them before the journal is replayed. */
const live = new Set<Vitest>();
const INTERRUPTS = ['SIGINT', 'SIGTERM'] as const;

let stopping = false;

/** Stops the running suites (no new check starts) and the run goes no further; bounded by the caller. */
export async function cancelSuites(): Promise<void> {
  stopping = true;
  await Promise.all([...live].map((v) => v.cancelCurrentRun('keyboard-input')));
}

/** After a signal nothing more is sent: the run waits here while the signal's handler puts back and exits. */
const haltIfStopping = (): Promise<void> => (stopping ? new Promise<void>(() => {}) : Promise.resolve());

/**
 * One vitest instance, reused by every run it is given (one run at a time). Each item's suite files
 * run through a small generated entry file that names the item's key before it imports the suite
 * file under a query of its own: several targets of one vendor (a mock per fault) then share one
 * vitest run and its warm workers (isolate: false keeps the checks' modules loaded), while each
 * suite file still runs afresh against its own target. The workers last one run only: vitest 4's
 * pool stops a worker when no queued file can reuse it, so each run() starts its threads and loads
 * the checks' modules again (about 0.3-0.5 s of CPU per thread); batch runs with runMany.
 */
export class SuiteRunner {
  private vitest: Vitest | undefined;
  private key = '';
  private readonly collector = new Collector();
  private entryDir: string | undefined;
  private dropOnExit: (() => void) | undefined;
  /** The suite file each entry file runs (the key of its duration). */
  private readonly suiteOf = new Map<string, string>();

  /** `maxWorkers`: vitest's worker threads (default: workersFor the first run's targets). */
  constructor(private readonly options: { maxWorkers?: number } = {}) {}

  /** Runs the items' suite files; what each item's files reported (undefined: they did not run). */
  async run(
    items: readonly SuiteItem[],
    timeoutMs: number,
    shard?: string,
    namePattern?: RegExp,
  ): Promise<{ of: (key: string) => Collected | undefined; unhandled: readonly string[] }> {
    const key = `${timeoutMs}|${shard ?? ''}`;
    if (this.vitest && this.key !== key) await this.close();
    this.key = key;
    this.vitest ??= await this.create(timeoutMs, shard, this.options.maxWorkers ?? workersFor(items));
    live.add(this.vitest);
    const project = this.vitest.getRootProject();
    // --rate: the suite's worker starts from this thread's spacing, and this thread waits one gap after it.
    const pace = paceState();
    project.provide(
      'conformance',
      Object.fromEntries(items.map((i) => [i.key, { ...i.target.context, pace }])),
    );
    const entries = new Map<string, string[]>(items.map((i) => [i.key, this.entries(i)]));
    this.collector.reset();
    if (namePattern) this.vitest.setGlobalTestNamePattern(namePattern);
    else this.vitest.resetGlobalTestNamePattern();
    const before = process.exitCode;
    await this.vitest.runTestSpecifications(
      [...entries.values()].flat().map((f) => project.createSpecification(f)),
    );
    process.exitCode = before;
    keepDurations(this.collector.durations, this.suiteOf);
    for (const i of items) paceAfterOthers(i.target.context.baseUrl, i.target.context.rate);
    const collector = this.collector;
    return { of: (k) => collector.of(entries.get(k) ?? []), unhandled: [...collector.unhandled] };
  }

  /** The entry files of one item (one per suite file), written once per key and file. */
  private entries(item: SuiteItem): string[] {
    if (!this.entryDir) {
      const made = mkdtempSync(join(tmpdir(), 'conformance-entries-'));
      this.entryDir = made;
      // A signal's handler exits without closing the runner: the directory goes with the process.
      this.dropOnExit = () => rmSync(made, { recursive: true, force: true });
      process.once('exit', this.dropOnExit);
    }
    const dir = this.entryDir;
    return item.target.def.suiteFiles.map((file, n) => {
      const safe = item.key.replace(/[^A-Za-z0-9_-]/g, '_');
      const path = join(dir, `${safe}.${n}.conformance.ts`);
      const url = `${pathToFileURL(file).href}?target=${encodeURIComponent(item.key)}`;
      this.suiteOf.set(path, file);
      writeFileSync(
        path,
        `// Generated by the SuiteRunner: runs ${basename(file)} against the target '${item.key}'.\n` +
          `(globalThis as Record<string, unknown>)[${JSON.stringify(TARGET_KEY)}] = ${JSON.stringify(item.key)};\n` +
          (item.target.context.embedded
            ? `await (await import(${JSON.stringify(EMBED)})).embedInThisThread(${JSON.stringify(item.key)});\n`
            : '') +
          `await import(${JSON.stringify(url)});\n`,
      );
      return path;
    });
  }

  private async create(timeoutMs: number, shard: string | undefined, maxWorkers: number): Promise<Vitest> {
    const { createVitest, BaseSequencer } = await import('vitest/node');
    const suiteOf = this.suiteOf;
    class Sequencer extends BaseSequencer {
      /**
       * vitest picks a file's shard by hashing its path, and the entry files live in a temp directory
       * of their own per process: hashed by name instead (`<vendor>.<n>.conformance.ts`), so every
       * machine of a sharded run splits the vendors the same way.
       */
      override async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
        const { index, count } = this.ctx.config.shard ?? { index: 1, count: 1 };
        const size = Math.ceil(files.length / count);
        const byName = (f: TestSpecification) =>
          createHash('sha1').update(basename(f.moduleId)).digest('hex');
        return [...files]
          .sort((a, b) => (byName(a) < byName(b) ? -1 : byName(a) > byName(b) ? 1 : 0))
          .slice((index - 1) * size, index * size);
      }

      /**
       * The longest first, by what each suite file took last time (vitest's own rule, whose cache
       * cannot know entry files of a fresh temp directory); unknown ones before them, as vitest does.
       * The workers then end close together: a run --all waits for its slowest worker.
       */
      override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
        const last = readDurations();
        return longestFirst(files, (f) => {
          const ms = last[durationKey(suiteOf.get(f.moduleId) ?? '')];
          return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
        });
      }
    }
    const had = new Map(INTERRUPTS.map((s) => [s, process.listeners(s)]));
    const vitest = await createVitest(
      'test',
      {
        root: PROJECT_ROOT,
        config: false,
        watch: false,
        reporters: [this.collector],
        // Threads start faster than forks; the checks' modules stay loaded from one suite file to
        // the next (each suite file itself is imported afresh per target, see entries()).
        pool: 'threads',
        isolate: false,
        maxWorkers,
        // A check may send several requests, each with its own timeout.
        testTimeout: Math.max(30_000, timeoutMs * 12),
        hookTimeout: Math.max(30_000, timeoutMs * 12),
        passWithNoTests: true,
        server: { deps: { external: [nativeModules(PROJECT_ROOT)] } },
        ...(shard ? { shard } : {}),
        sequence: { sequencer: Sequencer },
        // vitest's results cache keys files by path, and every run's entry files are new: it only
        // grew (254 KB of dead entries on this machine). The durations the order needs are kept below.
        cache: false,
      } as Parameters<typeof createVitest>[1],
      { logLevel: 'error', cacheDir: CACHE_DIR },
    );
    // vitest's own SIGINT/SIGTERM handlers exit at once; the CLI's (src/signals.ts) put the target
    // back first. Only the handlers this instance added are removed.
    for (const s of INTERRUPTS)
      for (const l of process.listeners(s)) if (!had.get(s)?.includes(l)) process.off(s, l);
    return vitest;
  }

  async close(): Promise<void> {
    const v = this.vitest;
    this.vitest = undefined;
    if (v) live.delete(v);
    await v?.close();
    if (this.entryDir) rmSync(this.entryDir, { recursive: true, force: true });
    this.entryDir = undefined;
    if (this.dropOnExit) process.off('exit', this.dropOnExit);
    this.dropOnExit = undefined;
  }
}

/**
 * Worker threads for a run: a suite waits on its target far more than it computes, so against
 * targets reached by URL one worker per target, up to 8 (run --all against five targets 20 ms
 * away, on 2 cores: 45 s with one worker, 26 s with two, 21 s with five). The embedded mocks answer
 * from this process and share its cores: the cores less one (vitest's default), at least two.
 */
export function workersFor(
  items: readonly { target: { mock?: unknown } }[],
  cores = availableParallelism(),
): number {
  const local = Math.max(2, cores - 1);
  const remote = items.filter((i) => i.target.mock === undefined).length;
  return Math.max(1, Math.min(items.length, Math.max(local, Math.min(remote, 8))));
}

/** src/embedded.ts as this build names it (`.ts` from the sources, `.js` built). */
const EMBED = new URL(`./embedded${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

const CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.vite-conformance');
const DURATIONS = join(CACHE_DIR, 'durations.json');
const durationKey = (suiteFile: string) => relative(PACKAGE_ROOT, suiteFile).replace(/\\/g, '/');

/** Longest first by `cost`, those of unknown cost before all (vitest's order); ties keep their order. */
export function longestFirst<T>(files: readonly T[], cost: (file: T) => number | undefined): T[] {
  const c = (f: T) => cost(f) ?? Number.POSITIVE_INFINITY;
  return [...files].sort((a, b) => (c(a) === c(b) ? 0 : c(b) > c(a) ? 1 : -1));
}

/** What each suite file took in the last run that ran it (ms); none when unknown or unreadable. */
function readDurations(): Record<string, unknown> {
  try {
    const d = JSON.parse(readFileSync(DURATIONS, 'utf8')) as unknown;
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Keeps this run's durations by suite file (written whole and renamed: two runs at once never tear it). */
function keepDurations(byEntry: ReadonlyMap<string, number>, suiteOf: ReadonlyMap<string, string>): void {
  const d = readDurations();
  let changed = false;
  for (const [entry, ms] of byEntry) {
    const file = suiteOf.get(entry);
    if (file === undefined) continue;
    d[durationKey(file)] = Math.round(ms);
    changed = true;
  }
  if (!changed) return;
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${DURATIONS}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(d));
    renameSync(tmp, DURATIONS);
  } catch {
    // A read-only install: the next run orders its files as vitest would.
  }
}

/**
 * The product's own compiled modules (`<root>/….js`, the built package), which the suites' workers
 * load with Node's own import instead of through vite's transform on the main thread: what vitest
 * already does for them in an installed package (under node_modules); in a checkout's build, a third
 * less memory and less time (npm run bench). From the sources (`.ts`) vite still transforms them:
 * nothing here matches a `.ts` file.
 */
export function nativeModules(root: string): RegExp {
  const dir = root.replace(/[/\\]+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${dir}[/\\\\](?!node_modules[/\\\\]).*\\.js(?:\\?.*)?$`);
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

interface Prepared {
  opts: RunOptions;
  suite: boolean;
  contracts: ReturnType<typeof contractsOf>;
  config: ReturnType<typeof loadConfig>;
  timeoutMs: number;
  runId: string;
  startedAt: Date;
  generation: { seed: number; examples: number };
  rate?: number;
  targets: ResolvedTarget[];
  /** The requirement IDs --only/--exclude select, per vendor (absent: no filter). */
  selected?: Map<string, string[]>;
  notes: string[];
  /** The targets journalled before the suites (src/restore.ts), and why some could not be. */
  journal?: Awaited<ReturnType<typeof openJournal>>;
}

/** Checks the options, loads the config and resolves (starts, preflights) every target of one run. */
async function prepare(opts: RunOptions): Promise<Prepared> {
  let defs = pick(opts);
  const notes: string[] = [];
  const selected = opts.filter ? resolveFilter(opts.filter, defs) : undefined;
  if (selected) {
    // A vendor the filter leaves nothing of is not run at all (said), and a run left with none is
    // a usage error: a filtered run never passes by checking nothing.
    const empty = defs.filter((d) => (selected.get(d.id) ?? []).length === 0);
    for (const d of empty)
      notes.push(`${d.id}: --only/--exclude select none of its requirements, so it was not run`);
    defs = defs.filter((d) => !empty.includes(d));
    if (defs.length === 0) throw new UsageError('--only/--exclude leave no requirement to check');
  }
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
  trustCa(opts.ca);
  const generation = {
    seed: opts.seed ?? newSeed(),
    examples: opts.examples ?? config.examples ?? DEFAULTS.examples,
  };
  const rate = opts.rate ?? config.rate;
  const targets = await resolveTargets(defs, {
    config,
    runId,
    timeoutMs,
    generation,
    ...(rate !== undefined ? { rate } : {}),
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.variants ? { variants: opts.variants } : {}),
  });
  return {
    opts,
    suite,
    contracts,
    config,
    timeoutMs,
    runId,
    startedAt,
    generation,
    ...(rate !== undefined ? { rate } : {}),
    targets,
    notes,
    ...(selected ? { selected } : {}),
  };
}

/**
 * One run. `whileClosing` gets the outcome as soon as the reports are built, while vitest's threads
 * and the targets stop (the CLI writes the reports then: vitest's close waits about 0.1 s for its
 * threads, npm run bench); the run ends when both are done.
 */
export async function runConformance(
  opts: RunOptions,
  runner?: SuiteRunner,
  whileClosing?: (outcome: RunOutcome) => Promise<void>,
): Promise<RunOutcome> {
  const [outcome] = await runMany(
    [opts],
    runner,
    whileClosing ? ([o]) => (o ? whileClosing(o) : Promise.resolve()) : undefined,
  );
  if (!outcome) throw new Error('no outcome');
  return outcome;
}

/**
 * Several runs whose suites share one vitest run (each run's targets under keys of their own):
 * the self-proof runs a vendor's suite against one mock per fault this way. All runs must agree on
 * the timeout and the shard. Contracts are verified after the suites, one at a time.
 */
export async function runMany(
  list: readonly RunOptions[],
  runner?: SuiteRunner,
  whileClosing?: (outcomes: RunOutcome[]) => Promise<void>,
): Promise<RunOutcome[]> {
  const prepared: Prepared[] = [];
  const own = runner ? undefined : new SuiteRunner();
  const close = async (): Promise<void> => {
    await own?.close();
    await Promise.all(prepared.map((p) => closeTargets(p.targets)));
    await closeAgent();
  };
  let outcomes: RunOutcome[];
  try {
    outcomes = await runPrepared(list, prepared, runner ?? (own as SuiteRunner));
  } catch (e) {
    await close();
    throw e;
  }
  // Both settle before the run ends, whichever fails: nothing is left running or unwritten.
  const [closed, used] = await Promise.allSettled([close(), whileClosing?.(outcomes)]);
  if (used.status === 'rejected') throw used.reason;
  if (closed.status === 'rejected') throw closed.reason;
  return outcomes;
}

/** The body of runMany: prepares every run into `prepared` (closed by the caller), runs, reports. */
async function runPrepared(
  list: readonly RunOptions[],
  prepared: Prepared[],
  runner: SuiteRunner,
): Promise<RunOutcome[]> {
  for (const opts of list) prepared.push(await prepare(opts));
  const timeoutMs = prepared[0]?.timeoutMs ?? 0;
  const shard = prepared[0]?.opts.shard;
  const filter = JSON.stringify(prepared[0]?.opts.filter);
  if (
    prepared.some(
      (p) => p.timeoutMs !== timeoutMs || p.opts.shard !== shard || JSON.stringify(p.opts.filter) !== filter,
    )
  )
    throw new UsageError('runs that share a vitest run need the same timeout, shard and filter');
  // The restore journal: a target left unfinished is refused; each target a run may change is
  // read and journalled (flushed) before its suite sends anything.
  for (const p of prepared)
    refuseUnfinished(p.targets, p.opts.configPath ? ` --config ${p.opts.configPath}` : '');
  for (const p of prepared)
    p.journal = await openJournal(p.targets, {
      runId: p.runId,
      timeoutMs: p.timeoutMs,
      maxBodyBytes: p.config.maxBodyBytes,
      ...(p.rate !== undefined ? { rate: p.rate } : {}),
    });
  const chosen = prepared.flatMap((p) => (p.selected ? [...p.selected.values()].flat() : []));
  const namePattern = prepared[0]?.selected ? testNamePattern(chosen) : undefined;
  const keyOf = new Map<ResolvedTarget, string>();
  const items: SuiteItem[] = prepared.flatMap((p, n) =>
    p.suite
      ? p.targets
          .filter((t) => !t.unreachable)
          .map((t) => {
            const key = list.length === 1 ? t.def.id : `${t.def.id}@${n}`;
            keyOf.set(t, key);
            return { key, target: t };
          })
      : [],
  );
  const collected = items.length > 0 ? await runner.run(items, timeoutMs, shard, namePattern) : undefined;
  const outcomes: RunOutcome[] = [];
  for (const p of prepared) {
    const of = (t: ResolvedTarget) => {
      const key = keyOf.get(t);
      return key === undefined ? undefined : collected?.of(key);
    };
    outcomes.push(await report(p, of, collected?.unhandled ?? []));
  }
  return outcomes;
}

/** Verifies the run's contracts and builds one report per vendor. */
async function report(
  p: Prepared,
  collectedOf: (t: ResolvedTarget) => Collected | undefined,
  unhandled: readonly string[],
): Promise<RunOutcome> {
  const { opts, suite, contracts, config, timeoutMs, targets } = p;
  const selectedOf = (id: string) => new Set(p.selected?.get(id) ?? []);
  const runnable = targets.filter((t) => !t.unreachable);
  // Contracts after the suites, every vendor's at once: the Rust verifier runs off the event loop,
  // and each verification has its own proxy and target (npm run bench: run --all --pact).
  const verified = new Map<string, VerifyOutcome>();
  await haltIfStopping();
  const verifying = runnable.map(async (t) => {
    const pactFiles = contracts.files.get(t.def.id);
    if (!pactFiles) return;
    const pactOptions = config.pact?.[t.def.id];
    verified.set(
      t.def.id,
      await verifyContract({
        vendor: t.def,
        baseUrl: t.context.baseUrl,
        runId: p.runId,
        pactFiles,
        ...(p.selected
          ? { selected: (ids: readonly string[]) => ids.some((id) => selectedOf(t.def.id).has(id)) }
          : {}),
        section: t.section,
        // An embedded mock's suite talked to an instance of its own (src/embedded.ts), not this one.
        ...(suite && !t.context.embedded ? { afterSuite: true } : {}),
        ...(pactOptions ? { pact: pactOptions } : {}),
        secrets: t.context.secrets,
        timeoutMs,
        maxBodyBytes: config.maxBodyBytes,
        ...(p.rate !== undefined ? { rate: p.rate } : {}),
      }),
    );
  });
  await Promise.all(verifying);

  // The restore journal: a vendor whose run warned (a restore that did not go through) is put back
  // from it; the others are finished as they are (src/restore.ts).
  await haltIfStopping();
  const notBack = await closeJournal(p.journal?.held ?? [], (vendor) => {
    const t = runnable.find((x) => x.def.id === vendor);
    const warned = [...((t && collectedOf(t)?.warnings) ?? []), ...(verified.get(vendor)?.warnings ?? [])];
    // A field left to another client (src/concurrent.ts) is not for the journal to put back.
    return warned.some((w) => !isLeftToAnother(w));
  });
  const finishedAt = new Date();
  // A shard reports the vendors whose suite it ran (vitest shards by file); the others belong
  // to another shard. A shard that ran nothing still reports, so it cannot pass silently.
  const ran = targets.filter((t) => t.unreachable || collectedOf(t));
  const reported = opts.shard && ran.length > 0 ? ran : targets;
  const reports = reported.map((t) => {
    const collected = t.unreachable ? undefined : collectedOf(t);
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
    errors.push(...unhandled.map((u) => `unhandled error: ${u}`));
    if (contract) errors.push(...contract.errors);
    const known = opts.baseline?.known[t.def.id];
    const built = buildReport({
      tool: TOOL,
      runId: p.runId,
      startedAt: p.startedAt,
      finishedAt,
      ...(opts.shard
        ? {
            shard: opts.shard,
            vendors: [...opts.vendors].sort(),
            ...(opts.group ? { group: opts.group } : {}),
          }
        : {}),
      ...(suite ? { generation: p.generation } : {}),
      ...(p.rate !== undefined ? { rate: p.rate } : {}),
      vendor: t.def,
      // An embedded mock's suite ran against its own instance, in the suite's thread (src/embedded.ts).
      target: { baseUrl: collected?.baseUrl ?? t.context.baseUrl, embeddedMock: !!t.mock, faults: t.faults },
      chosenReadings: (t.section.readings as Record<string, unknown> | undefined) ?? {},
      checks: [
        ...(p.selected
          ? markFiltered(collected?.checks ?? [], selectedOf(t.def.id))
          : (collected?.checks ?? [])),
        ...(contract?.checks ?? []),
      ],
      errors,
      strict: opts.strict ?? false,
      ...(t.unreachable ? { unreachable: true } : {}),
      ...(t.notThisApi ? { notThisApi: true } : {}),
      ...(opts.baseline ? { baseline: { file: opts.baseline.file, known: known ?? {} } } : {}),
      ...(opts.filter ? { filter: { ...opts.filter, selected: [...selectedOf(t.def.id)] } } : {}),
    });
    if (contract) built.contract = contract.summary;
    const warnings = [
      ...(collected?.warnings ?? []),
      ...(contract?.warnings ?? []),
      ...(p.journal?.warnings.get(t.def.id) ?? []),
      ...(notBack.get(t.def.id) ?? []),
    ];
    if (warnings.length > 0) built.warnings = warnings;
    const stateChangeSecrets = Object.values(config.pact?.[t.def.id]?.stateChangeHeaders ?? {});
    return redactDeep(built, new Redactor([...t.context.secrets, ...stateChangeSecrets]));
  });
  return { reports, notes: [...p.notes, ...contracts.notes] };
}
