// The `conformance` CLI: a table of commands, each with its own options and a function that returns
// the exit code. Exit codes come from src/gate.ts: 0 conformant, 1 not conformant (or a run that
// errored), 2 usage or config error, 3 target unreachable. Never a stack trace for a user error.
import {
  accessSync,
  appendFileSync,
  constants,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError, UsageError } from './config.ts';
import { EXIT, worstExit } from './gate.ts';
import type { RunOutcome, SuiteRunner } from './runner.ts';
import type { VendorDefinition, VendorReport } from './types.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

interface Command {
  /** One usage line and a description, for the help. */
  usage: string[];
  options: Options;
  run: (args: {
    positionals: string[];
    values: Values;
    vendors: VendorDefinition[];
    io: Io;
    /** A vitest instance to run the suites in, kept by the caller (tests); else each run has its own. */
    runner?: SuiteRunner;
  }) => Promise<number>;
}

const OUTPUT: Options = {
  'report-dir': { type: 'string' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
};

const TARGET: Options = {
  ...OUTPUT,
  all: { type: 'boolean' },
  'base-url': { type: 'string' },
  config: { type: 'string' },
  baseline: { type: 'string' },
  'mock-faults': { type: 'string' },
  'mock-variants': { type: 'string' },
  strict: { type: 'boolean' },
  timeout: { type: 'string' },
  'pact-file': { type: 'string', multiple: true },
  only: { type: 'string' },
  exclude: { type: 'string' },
  rate: { type: 'string' },
  ca: { type: 'string' },
};

const HELP_TAIL = `Options of run:
  --base-url URL      the target (one vendor); without it the embedded mock is started
  --config FILE       target config (JSON; see schemas/target-config.schema.json)
  --report-dir DIR    where reports go (default: reports)
  --mock-faults a,b   switch faults on in the embedded mock (proves the suite catches them)
  --mock-variants a,b switch reading variants on in the embedded mock (it behaves another documented
                      way; the reading that variant is proven under comes along)
  --strict            failed SHOULD requirements gate the verdict too (not applicable never fails)
  --baseline FILE     known deviations (schemas/baseline.schema.json): the gate passes on them, fails
                      on any other failure and on a listed requirement that now passes
  --timeout MS        per-request timeout (overrides timeoutMs in the config)
  --only ID,ID…       judge only these requirements (exact IDs or * globs, e.g. TMR-AUTH-*); a check
                      runs when any requirement it names is selected; the others are reported
                      "not run (filtered out)", never passed
  --exclude ID,ID…    leave these requirements out (after --only); a pattern matching no
                      requirement is a usage error
  --examples N        generated values per input domain side (default 20, or examples in the config):
                      boundary values first, then random ones; each is a real request; 0 turns the
                      generated checks off
  --seed S            replay the generated values of an earlier run (its seed is printed and stored in
                      report.json; default: a new seed)
  --ca FILE           trust this CA certificate (PEM) beside the system's, for a staging server with a
                      self-signed or private-CA certificate (or NODE_EXTRA_CA_CERTS=FILE); a
                      certificate not trusted stops the run before any check (exit 3)
  --rate N            at most N requests per second to each target, every request of the run (suite,
                      contract, restores; or rate in the config)
  --shard i/n         run a vitest shard of the suites (join the shards' reports with conformance merge)
  --group ID          the id every shard of one run shares (default: the CI's run id, e.g.
                      GITHUB_RUN_ID, CI_PIPELINE_ID); merge refuses shards of another run
  --pact              also verify each vendor's Pact contract against the same target (same report)
  --verbose           list passing requirements too
  --quiet             no console summary

Options of pact verify (the outcome lands in the same per-vendor report files, each interaction
under the requirement IDs its description names, marked as coming from the contract):
  --base-url URL      the target (one vendor); without it the embedded mock is started and its
                      provider states are set up in process
  --config FILE       target config: the vendor section's fixtures fill the contract's
                      provider-state values (\${accountId}, \${credentials.username}, ...);
                      "pact": {"stateChangeUrl": URL, "stateChangeHeaders": {...}} in the section
                      has a real target set up each state (POST {state, params, action})
  --pact-file FILE    verify this pact file instead of contracts/pacts/ (repeatable; one vendor)
  --report-dir DIR, --mock-faults a,b, --strict, --timeout MS, --verbose, --quiet: as for run
  Generate the contracts first: npx vitest run --project contracts. Against a real target the
  success interactions change the configured account (the fields the suite changes too). The Pact
  verifier prints its own progress to stdout, --quiet or not.

Options of proxy (passive: it sends no request of its own; a target the suite must not write to):
  --target URL        where every request goes, path and query unchanged; answers come back as the
                      target gave them. Point the client at the printed URL in place of the target's
  --port N, --host H  where the proxy listens (default: a free port on 127.0.0.1); a port in use is
                      a usage error (exit 2)
  --config FILE       the vendor section the rules judge against (fixtures, readings, secrets to
                      redact); timeoutMs per forwarded request, maxBodyBytes kept per body (a larger
                      body is forwarded whole; a request body over it is not judged)
  --har-out FILE      also keep what passed as HAR 1.2, verbatim (credentials included), mode 0600
  --report-dir DIR    where the report is written on Ctrl+C (SIGINT), SIGTERM or SIGHUP; a second
                      signal exits at once without it. GET /_conformance/report on the proxy answers
                      the report so far (JSON). Each violation is printed as it passes, one line
                      naming its requirement; the exit code is the gate's, as for run

Options of check (the same passive rules on recorded traffic):
  --har FILE          a HAR 1.2 export (browser devtools, mitmproxy, Charles); entries that are not
                      this vendor's API are skipped; a file that is not HAR, or holds nothing of
                      this vendor, is a usage error (exit 2)
  --config FILE, --report-dir DIR, --quiet: as for proxy and run
  The report says, per requirement, how many exchanges judged it; one never seen is not judged
  (coverage), never passed.

Exit codes: 0 conformant, 1 not conformant or errored, 2 usage or config error, 3 target unreachable
(or its certificate not trusted), 4 the target does not look like the API (the probe: a wrong base URL).`;

function list(v: unknown): string[] {
  return String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function vendorById(vendors: VendorDefinition[], id: string | undefined): VendorDefinition {
  const v = vendors.find((d) => d.id === id);
  if (!v)
    throw new UsageError(`unknown vendor '${id ?? ''}' (known: ${vendors.map((d) => d.id).join(', ')})`);
  return v;
}

/**
 * Can reports be written under dir? Checked before any request is sent. Creates the missing
 * directories one level at a time (never a recursive mkdir, which loops on procfs in Node 20).
 */
export function ensureWritableDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (let depth = 0; depth < 64; depth++) {
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        throw new UsageError(`--report-dir ${dir}: cannot use ${at} (${code})`);
    }
    if (stat) {
      if (!stat.isDirectory()) throw new UsageError(`--report-dir ${dir}: ${at} is not a directory`);
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  try {
    for (const d of missing) mkdirSync(d);
    accessSync(resolve(dir), constants.W_OK);
    const probe = join(resolve(dir), `.conformance-probe-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`--report-dir ${dir}: cannot write there (${code})`);
  }
}

async function writeOut(reports: VendorReport[], values: Values, io: Io): Promise<void> {
  const { renderConsole, renderSummaryTable, writeReports, writeSummary } = await import(
    '../reporters/index.ts'
  );
  const dir = resolve(String(values['report-dir'] ?? 'reports'));
  const verbose = values.verbose === true;
  for (const report of reports) {
    const paths = writeReports(report, dir);
    if (!values.quiet) {
      io.out(renderConsole(report, { verbose }));
      io.out(`  reports: ${paths.join(', ')}`);
    }
  }
  writeSummary(reports, dir);
  if (!values.quiet) io.out(`\n${renderSummaryTable(reports)}\n  summary: ${join(dir, 'index.html')}`);
  // GitHub Actions shows this file on the run's page: the Markdown summary is appended to it.
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) {
    try {
      appendFileSync(stepSummary, readFileSync(join(dir, 'summary.md'), 'utf8'));
    } catch (e) {
      io.err(
        `note: GITHUB_STEP_SUMMARY: cannot append (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  }
  const g = reports.find((r) => r.run.generation)?.run.generation;
  if (g && !values.quiet)
    io.out(
      g.examples > 0
        ? `  generated inputs: seed ${g.seed}, ${g.examples} value(s) per domain side (replay: --seed ${g.seed} --examples ${g.examples})`
        : '  generated inputs: off (--examples 0)',
    );
}

/** The id a CI gives every job of one pipeline run (the shards of a matrix share it), if any. */
export function ciRunId(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_RUN_ID) return `github-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
  if (env.CI_PIPELINE_ID) return `gitlab-${env.CI_PIPELINE_ID}`;
  if (env.BUILDKITE_BUILD_ID) return `buildkite-${env.BUILDKITE_BUILD_ID}`;
  if (env.CIRCLE_WORKFLOW_ID) return `circle-${env.CIRCLE_WORKFLOW_ID}`;
  return undefined;
}

/** An integer flag within bounds, or undefined when absent; anything else is a usage error. */
function intFlag(values: Values, name: string, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(String(raw)) || n < min || n > max)
    throw new UsageError(`--${name}: expected an integer from ${min} to ${max}, got ${String(raw)}`);
  return n;
}

/** run and pact verify: resolve, run, report. */
async function runCommand(
  contractOnly: boolean,
  { positionals, values, vendors, io, runner }: Parameters<Command['run']>[0],
): Promise<number> {
  if (!contractOnly && values['pact-file'] && !values.pact) throw new UsageError('--pact-file needs --pact');
  const ids = values.all ? vendors.map((v) => v.id) : positionals;
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 50)
      throw new UsageError(`--timeout: expected milliseconds >= 50, got ${values.timeout}`);
  }
  const seed = intFlag(values, 'seed', 0, 0xffffffff);
  const examples = intFlag(values, 'examples', 0, 10_000);
  let rate: number | undefined;
  if (values.rate !== undefined) {
    rate = Number(values.rate);
    if (!Number.isFinite(rate) || rate <= 0 || rate > 10_000)
      throw new UsageError(`--rate: expected requests per second (> 0), got ${values.rate}`);
  }
  let ca: string | undefined;
  if (values.ca !== undefined) {
    try {
      ca = readFileSync(String(values.ca), 'utf8');
    } catch (e) {
      throw new UsageError(
        `--ca ${String(values.ca)}: cannot read it (${(e as NodeJS.ErrnoException).code})`,
      );
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new UsageError(`--ca ${String(values.ca)}: not a PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  const shard = values.shard as string | undefined;
  if (shard !== undefined && !/^\d+\/\d+$/.test(shard))
    throw new UsageError(`--shard: expected i/n, got ${shard}`);
  if (values.group !== undefined && !shard) throw new UsageError('--group needs --shard');
  if (values.group !== undefined && !/^[\w.:-]{1,100}$/.test(String(values.group)))
    throw new UsageError(`--group: expected up to 100 of A-Z a-z 0-9 _ . : -, got ${String(values.group)}`);
  const group = shard ? ((values.group as string | undefined) ?? ciRunId(process.env)) : undefined;
  for (const flag of ['only', 'exclude'] as const)
    if (values[flag] !== undefined && list(values[flag]).length === 0)
      throw new UsageError(`--${flag}: name at least one requirement ID or * pattern`);
  const baselineFile = values.baseline as string | undefined;
  const { readBaseline } = await import('./baseline.ts');
  const baseline = baselineFile
    ? {
        file: baselineFile,
        known: readBaseline(
          baselineFile,
          vendors.map((v) => v.id),
        ),
      }
    : undefined;
  ensureWritableDir(String(values['report-dir'] ?? 'reports'));
  const pactFiles = values['pact-file'] as string[] | undefined;
  const { runConformance } = await import('./runner.ts');
  const unguard = await guardRun(vendors, timeoutMs, io);
  // The reports are written while vitest and the targets stop, still guarded: a signal then still
  // exits with its code.
  const writeAll = async (result: RunOutcome): Promise<void> => {
    if (!values.quiet) for (const note of result.notes) io.err(`note: ${note}`);
    await writeOut(result.reports, values, io);
  };
  const result = await runConformance(
    {
      allVendors: vendors,
      vendors: ids,
      ...(values['base-url'] ? { baseUrl: String(values['base-url']) } : {}),
      ...(values.config ? { configPath: String(values.config) } : {}),
      ...(values['mock-faults'] ? { faults: list(values['mock-faults']) } : {}),
      ...(values['mock-variants'] ? { variants: list(values['mock-variants']) } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(shard ? { shard } : {}),
      ...(group ? { group } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(examples !== undefined ? { examples } : {}),
      ...(rate !== undefined ? { rate } : {}),
      ...(ca ? { ca } : {}),
      ...(contractOnly ? { suite: false, allowMissingContracts: values.all === true } : {}),
      ...(contractOnly || values.pact || pactFiles ? { pact: true } : {}),
      ...(pactFiles ? { pactFiles: pactFiles.map((f) => resolve(f)) } : {}),
      ...(baseline ? { baseline } : {}),
      ...(values.only !== undefined || values.exclude !== undefined
        ? { filter: { only: list(values.only), exclude: list(values.exclude) } }
        : {}),
      strict: values.strict === true,
    },
    runner,
    writeAll,
  ).finally(unguard);
  return worstExit(result.reports);
}

/**
 * A run's signal handlers (src/signals.ts): no new check starts, the one under way gets one timeout,
 * then this process's journal entries are put back (src/restore.ts), all within four timeouts.
 */
async function guardRun(
  vendors: VendorDefinition[],
  timeoutMs: number | undefined,
  io: Io,
): Promise<() => void> {
  const { guardSignals } = await import('./signals.ts');
  const { cancelSuites } = await import('./runner.ts');
  const { replayJournal } = await import('./restore.ts');
  const { DEFAULTS } = await import('./config.ts');
  const perRequest = timeoutMs ?? DEFAULTS.timeoutMs;
  return guardSignals({
    boundMs: perRequest * 4,
    err: io.err,
    restore: async () => {
      // No new check starts and no contract request reaches the target; the verifier's native
      // thread ends (the exit would otherwise wait for it), within one timeout.
      const { haltContracts } = await import('./pact/halt.ts');
      await Promise.race([
        Promise.all([cancelSuites(), haltContracts()]),
        new Promise((done) => setTimeout(done, perRequest)),
      ]);
      const { replayed } = await replayJournal(vendors, { only: (e) => e.pid === process.pid });
      return replayed.flatMap((r) => (r.restored ? [`${r.vendor}: put back (${r.baseUrl})`] : r.lines));
    },
  });
}

/** restore: what the journal left undone put back, per target; 0 when all is back, 1 otherwise. */
async function restoreCommand(values: Values, vendors: VendorDefinition[], io: Io): Promise<number> {
  const { replayJournal } = await import('./restore.ts');
  const { journalDir } = await import('./journal.ts');
  let only: (e: { vendor: string; baseUrl: string }) => boolean = () => true;
  if (values.config) {
    // Only the targets of this config: its vendor sections, at their baseUrl when they name one.
    const { loadConfig } = await import('./target.ts');
    const { sections } = loadConfig(vendors, { path: String(values.config) });
    only = (e) => {
      const section = sections[e.vendor];
      const url =
        typeof section?.baseUrl === 'string' ? section.baseUrl.trim().replace(/\/+$/, '') : undefined;
      return section !== undefined && (url === undefined || url === e.baseUrl);
    };
  }
  if (values.forget) {
    const { forgetJournal } = await import('./restore.ts');
    const gone = forgetJournal({ only });
    for (const g of gone) io.out(`forgotten: ${g.vendor} at ${g.baseUrl} (nothing was put back)`);
    if (gone.length === 0) io.out(`nothing to forget (journal: ${journalDir()})`);
    return EXIT.conformant;
  }
  const { replayed, damaged } = await replayJournal(vendors, { only });
  for (const d of damaged) io.err(`${d.path}: not a journal entry (${d.why}); left as it is`);
  if (replayed.length === 0) {
    io.out(`nothing to restore (journal: ${journalDir()})`);
    return damaged.length > 0 ? EXIT.notConformant : EXIT.conformant;
  }
  for (const r of replayed) {
    if (r.restored) io.out(`restored: ${r.vendor} at ${r.baseUrl}`);
    else {
      io.out(`not restored: ${r.vendor} at ${r.baseUrl}`);
      for (const l of r.lines) io.out(`  ${l}`);
    }
  }
  if (!replayed.every((r) => r.restored))
    io.out(
      'What was not put back stays in the journal: run restore again, or repair it by hand and run restore --forget.',
    );
  return replayed.every((r) => r.restored) && damaged.length === 0 ? EXIT.conformant : EXIT.notConformant;
}

/** mock --check-client: the vendor's request rules, and a report directory checked before the mock starts. */
async function clientCheck(v: VendorDefinition, values: Values, io: Io) {
  if (!v.client) throw new UsageError(`--check-client: ${v.id} has no client rules yet`);
  ensureWritableDir(String(values['report-dir'] ?? 'reports'));
  const [{ ClientCheck }, { TOOL }, rules] = await Promise.all([
    import('./client-check.ts'),
    import('./tool.ts'),
    v.client(),
  ]);
  return new ClientCheck({ vendor: v, rules, tool: TOOL, log: (line) => io.out(line) });
}

export const COMMANDS: Record<string, Command> = {
  run: {
    usage: [
      'run <vendor...> [options]   run the conformance suite (default target: the embedded reference mock)',
      'run --all [options]         every vendor',
    ],
    options: {
      ...TARGET,
      shard: { type: 'string' },
      group: { type: 'string' },
      pact: { type: 'boolean' },
      seed: { type: 'string' },
      examples: { type: 'string' },
    },
    run: (a) => runCommand(false, a),
  },
  pact: {
    usage: [
      "pact verify <vendor...> [options]  verify the vendor's Pact contract (contracts/pacts/) with the Pact verifier",
      'pact verify --all [options]        every vendor that has a contract',
    ],
    options: TARGET,
    run: (a) => {
      const [sub, ...rest] = a.positionals;
      if (sub !== 'verify') throw new UsageError(`unknown pact command '${sub ?? ''}' (pact verify)`);
      return runCommand(true, { ...a, positionals: rest });
    },
  },
  mock: {
    usage: [
      'mock <vendor> [--port N] [--host H] [--faults a,b]   serve a reference mock and print what it accepts',
      "mock <vendor> --check-client [--report-dir DIR]      ... and judge every request against the page's request rules",
    ],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      faults: { type: 'string' },
      'check-client': { type: 'boolean' },
      'report-dir': { type: 'string' },
    },
    run: async ({ positionals, values, vendors, io }) => {
      const v = vendorById(vendors, positionals[0]);
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port: not a port number: ${values.port}`);
      const host = String(values.host ?? '127.0.0.1');
      const faults = list(values.faults);
      const known = new Set(v.faults.map((f) => f.id));
      for (const f of faults)
        if (!known.has(f))
          throw new UsageError(`unknown fault '${f}' for ${v.id} (see 'conformance faults ${v.id}')`);
      const judge = values['check-client'] ? await clientCheck(v, values, io) : undefined;
      let mock: Awaited<ReturnType<VendorDefinition['startMock']>>;
      try {
        mock = await v.startMock({ port, host, faults, ...(judge ? { inspector: judge.inspector } : {}) });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UsageError(`--port: port ${port} is in use on ${host}`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
          throw new UsageError(`cannot listen on ${host}:${port} (${code})`);
        throw e;
      }
      io.out(`${v.title} reference mock listening on ${mock.url}`);
      io.out('It accepts this target config section (credentials and fixture IDs):');
      io.out(JSON.stringify({ [v.id]: mock.targetConfig }, null, 2));
      for (const [name, section] of Object.entries(mock.alternatives ?? {})) {
        io.out(`Or (${name}):`);
        io.out(JSON.stringify({ [v.id]: section }, null, 2));
      }
      if (judge) {
        judge.use({
          url: mock.url,
          faults,
          sections: [mock.targetConfig, ...Object.values(mock.alternatives ?? {})],
        });
        io.out(
          `Judging every request against the page's request rules: violations below, the report on ${new URL(mock.url).origin}/_conformance/report, written to ${String(values['report-dir'] ?? 'reports')}/${v.id}/ when the mock stops.`,
        );
      }
      // Handlers first: a signal sent as soon as the banner is read must stop the mock cleanly.
      const { stopOnSignal } = await import('./signals.ts');
      const stop = stopOnSignal(io.err, undefined, { report: judge !== undefined });
      io.out('Press Ctrl+C to stop.');
      try {
        await stop.stopped;
        await mock.close();
        if (!judge) return 0;
        const report = judge.report();
        await writeOut([report], values, io);
        return report.exitCode;
      } finally {
        stop.dispose();
      }
    },
  },
  proxy: {
    usage: [
      'proxy <vendor> --target URL [--port N] [--host H] [--config FILE] [--report-dir DIR] [--har-out FILE]',
      "                             forward a client's traffic to the target and judge it passively (report on Ctrl+C)",
    ],
    options: {
      target: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      'har-out': { type: 'string' },
      ...OUTPUT,
    },
    run: async ({ positionals, values, vendors, io }) =>
      (await import('./traffic-cli.ts')).proxyCommand({
        vendor: vendorById(vendors, positionals[0]),
        vendors,
        values,
        io,
        writeOut: (r) => writeOut(r, values, io),
        ensureWritableDir,
      }),
  },
  check: {
    usage: [
      'check <vendor> --har FILE [--config FILE] [--report-dir DIR]   judge recorded traffic (HAR 1.2) passively',
    ],
    options: { har: { type: 'string' }, config: { type: 'string' }, ...OUTPUT },
    run: async ({ positionals, values, vendors, io }) =>
      (await import('./traffic-cli.ts')).checkHarCommand({
        vendor: vendorById(vendors, positionals[0]),
        vendors,
        values,
        io,
        writeOut: (r) => writeOut(r, values, io),
        ensureWritableDir,
      }),
  },
  restore: {
    usage: [
      'restore [--config FILE]      put back what a cancelled or killed run left changed (the restore journal)',
      'restore --forget [--config FILE]   drop what the journal holds without putting it back (after a repair by hand)',
    ],
    options: { config: { type: 'string' }, forget: { type: 'boolean' } },
    run: ({ values, vendors, io }) => restoreCommand(values, vendors, io),
  },
  merge: {
    usage: ['merge <dir...> [--report-dir DIR]   merge the report directories of the shards of one run'],
    options: OUTPUT,
    run: async ({ positionals, values, io }) => {
      const { readShardReports } = await import('./merge.ts');
      const { reports, notes } = readShardReports(positionals.map((d) => resolve(d)));
      if (!values.quiet) for (const note of notes) io.err(`note: ${note}`);
      ensureWritableDir(String(values['report-dir'] ?? 'reports'));
      await writeOut(reports, values, io);
      if (!values.quiet) io.out(`merged ${reports.length} vendor report(s)`);
      return worstExit(reports);
    },
  },
  diff: {
    usage: [
      'diff <before-dir> <after-dir> [--format text|markdown|json]   what changed between two runs (exit 1: something newly fails)',
    ],
    options: { format: { type: 'string' } },
    run: async ({ positionals, values, io }) => {
      const { DIFF_FORMATS, diffRuns, readRunDir } = await import('./diff.ts');
      const format = String(values.format ?? 'text');
      if (!Object.hasOwn(DIFF_FORMATS, format))
        throw new UsageError(`--format: expected text, markdown or json, got ${format}`);
      if (positionals.length !== 2)
        throw new UsageError('diff: give two report directories, the run before and the run after');
      const [before, after] = positionals.map((d) => readRunDir(resolve(d)));
      const d = diffRuns(before as ReturnType<typeof readRunDir>, after as ReturnType<typeof readRunDir>);
      io.out(DIFF_FORMATS[format as keyof typeof DIFF_FORMATS](d).trimEnd());
      return d.exitCode;
    },
  },
  compare: {
    usage: [
      'compare <dir> <dir>... [--label A,B,...] [--report-dir DIR]   requirement x target grid of several runs (compare.html, compare.md)',
    ],
    options: { label: { type: 'string' }, 'report-dir': { type: 'string' } },
    run: async ({ positionals, values, io }) => {
      const { readRunDir } = await import('./diff.ts');
      const { compareRuns, labelsOf, renderCompareHtml, renderCompareMarkdown } = await import(
        './compare.ts'
      );
      const runs = positionals.map((d) => readRunDir(resolve(d)));
      const c = compareRuns(runs, labelsOf(runs, list(values.label)));
      const dir = String(values['report-dir'] ?? join('reports', 'compare'));
      ensureWritableDir(dir);
      const md = renderCompareMarkdown(c);
      writeFileSync(join(dir, 'compare.md'), md);
      writeFileSync(join(dir, 'compare.html'), renderCompareHtml(c));
      io.out(md.trimEnd());
      io.out(`\n  compare: ${join(resolve(dir), 'compare.html')}, ${join(resolve(dir), 'compare.md')}`);
      return EXIT.conformant;
    },
  },
  baseline: {
    usage: [
      'baseline [report-dir...] [--reason TEXT]   print a baseline accepting the failures of a run (edit the reasons)',
    ],
    options: { reason: { type: 'string' } },
    run: async ({ positionals, values, io }) => {
      const { readShardReports } = await import('./merge.ts');
      const { baselineFrom } = await import('./baseline.ts');
      const { reports } = readShardReports(
        positionals.length > 0 ? positionals.map((d) => resolve(d)) : [resolve('reports')],
      );
      const reason = String(values.reason ?? 'known deviation: say why before committing this baseline');
      io.out(JSON.stringify(baselineFrom(reports, reason), null, 2));
      return 0;
    },
  },
  list: {
    usage: ['list                         vendors, requirements, faults'],
    options: {},
    run: async ({ vendors, io }) => {
      for (const v of vendors) {
        const variants = v.variants.length > 0 ? ` and ${v.variants.length} reading variants` : '';
        io.out(
          `${v.id.padEnd(14)} ${v.title}: ${v.requirements.length} requirements, ${v.faults.length} mock faults${variants}; --base-url like https://host${v.basePathHint}`,
        );
      }
      return 0;
    },
  },
  faults: {
    usage: ["faults <vendor>              the mock's switchable faults and what each breaks"],
    options: {},
    run: async ({ positionals, vendors, io }) => {
      const v = vendorById(vendors, positionals[0]);
      for (const f of v.faults.filter((x) => !x.chaos))
        io.out(`${f.id.padEnd(34)} breaks ${f.breaks.join(', ')}: ${f.description}`);
      const chaos = v.faults.filter((x) => x.chaos);
      if (chaos.length > 0) {
        io.out('\nBad input (breaks no single requirement; proves the suite survives a hostile target):');
        for (const f of chaos) io.out(`${f.id.padEnd(34)} ${f.description}`);
      }
      if (v.variants.length > 0) {
        io.out(
          '\nReading variants (the mock behaves another documented way; the suite passes it under that reading):',
        );
        for (const f of v.variants)
          io.out(`${f.id.padEnd(34)} with ${JSON.stringify(f.readings ?? {})}: ${f.description}`);
      }
      return 0;
    },
  },
  readings: {
    usage: ["readings <vendor>            the page's open points and contradictions, as config readings"],
    options: {},
    run: async ({ positionals, vendors, io }) => {
      const v = vendorById(vendors, positionals[0]);
      for (const r of v.readings) {
        io.out(`readings.${r.configKey} (${r.kind}, ${r.id}): ${r.title}`);
        for (const o of r.options)
          io.out(`  ${o.value === r.default ? '*' : ' '} ${JSON.stringify(o.value)}: ${o.description}`);
        const gated = v.requirements.filter((q) => q.reading === r.configKey).map((q) => q.id);
        if (gated.length > 0) io.out(`  switches on: ${gated.join(', ')}`);
      }
      // Optional fields make more checks verifiable: a check that lacks one names it when it runs.
      const schema = v.configSchema as {
        required?: string[];
        properties?: Record<string, { description?: string }>;
      };
      const optional = Object.entries(schema.properties ?? {}).filter(
        ([k]) => k !== 'readings' && k !== 'baseUrl' && !(schema.required ?? []).includes(k),
      );
      if (optional.length > 0) {
        io.out(
          '\nOptional config fields (a check that needs one is not applicable without it, and says so):',
        );
        for (const [k, p] of optional)
          io.out(`  ${k}: ${(p.description ?? '').split(/(?<=\.)\s+(?=[A-Z])/)[0] ?? ''}`);
      }
      return 0;
    },
  },
};

export function help(): string {
  const lines = ['Usage:'];
  for (const c of Object.values(COMMANDS)) for (const u of c.usage) lines.push(`  conformance ${u}`);
  return `${lines.join('\n')}\n\n${HELP_TAIL}`;
}

export async function main(
  argv: string[],
  vendors: VendorDefinition[],
  io: Io = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`conformance: ${s}\n`),
  },
  deps: { runner?: SuiteRunner } = {},
): Promise<number> {
  try {
    const name = argv.find((a) => !a.startsWith('-'));
    if (argv.includes('--version')) {
      const { TOOL } = await import('./tool.ts');
      io.out(TOOL.version);
      return 0;
    }
    if (argv.includes('--help') || argv.includes('-h') || !name) {
      io.out(help());
      return argv.includes('--help') || argv.includes('-h') ? 0 : EXIT.usage;
    }
    const command = COMMANDS[name];
    if (!command || !Object.hasOwn(COMMANDS, name))
      throw new UsageError(`unknown command '${name}'\n${help()}`);
    const at = argv.indexOf(name);
    const { values, positionals } = parseArgs({
      args: [...argv.slice(0, at), ...argv.slice(at + 1)],
      allowPositionals: true,
      strict: true,
      options: command.options,
    });
    return await command.run({ positionals, values: values as Values, vendors, io, ...deps });
  } catch (e) {
    const name = (e as Error)?.name;
    if (e instanceof ConfigError || e instanceof UsageError || name === 'PactFileError') {
      io.err((e as Error).message);
      return EXIT.usage;
    }
    const code = (e as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(e as Error).message} (see conformance --help)`);
      return EXIT.usage;
    }
    io.err(`internal error: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.CONFORMANCE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return EXIT.notConformant;
  }
}
