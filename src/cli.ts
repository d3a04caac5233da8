// conformance run|pact verify|mock|merge|list|faults. Exit codes: 0 conformant, 1 not conformant (or a run that
// errored), 2 usage or config error, 3 target unreachable. Never a stack trace for a user error.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderConsole, renderSummaryTable, writeReports, writeSummary } from '../reporters/index.ts';
import { applyBaseline, baselineFrom, readBaseline } from './baseline.ts';
import { ConfigError } from './config.ts';
import { readShardReports } from './merge.ts';
import { PactFileError } from './pact/verify.ts';
import { EXIT } from './report.ts';
import { runConformance, TOOL, UsageError } from './runner.ts';
import type { VendorDefinition } from './types.ts';

const HELP = `Usage:
  conformance run <vendor...> [options]   run the conformance suite (default target: the embedded reference mock)
  conformance run --all [options]         every vendor
  conformance pact verify <vendor...> [options]
                                          verify the vendor's Pact contract (contracts/pacts/) with the
                                          Pact verifier against the target (default: the embedded mock)
  conformance pact verify --all [options] every vendor that has a contract
  conformance mock <vendor> [--port N] [--host H] [--faults a,b]
                                          serve a reference mock and print what it accepts
  conformance merge <dir...> [--report-dir DIR]
                                          merge the report directories of the shards of one run
  conformance baseline [report-dir...] [--reason TEXT]
                                          print a baseline accepting the failures of a run (edit the reasons)
  conformance list                        vendors, requirements, faults
  conformance faults <vendor>             the mock's switchable faults and what each breaks
  conformance readings <vendor>           the page's open points and contradictions, as config readings

Options of run:
  --base-url URL      the target (one vendor); without it the embedded mock is started
  --config FILE       target config (JSON; see schemas/target-config.schema.json)
  --report-dir DIR    where reports go (default: reports)
  --mock-faults a,b   switch faults on in the embedded mock (proves the suite catches them)
  --strict            failed SHOULD and unverified MUST requirements gate the verdict too
  --baseline FILE     known deviations (schemas/baseline.schema.json): the gate passes on them, fails
                      on any other failure and on a listed requirement that now passes
  --timeout MS        per-request timeout (overrides timeoutMs in the config)
  --shard i/n         run a vitest shard of the suites (join the shards' reports with conformance merge)
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

Exit codes: 0 conformant, 1 not conformant or errored, 2 usage or config error, 3 target unreachable.`;

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function main(argv: string[], vendors: VendorDefinition[]): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const err = (s: string) => process.stderr.write(`conformance: ${s}\n`);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'base-url': { type: 'string' },
        config: { type: 'string' },
        'report-dir': { type: 'string' },
        baseline: { type: 'string' },
        reason: { type: 'string' },
        'mock-faults': { type: 'string' },
        faults: { type: 'string' },
        strict: { type: 'boolean' },
        timeout: { type: 'string' },
        shard: { type: 'string' },
        all: { type: 'boolean' },
        pact: { type: 'boolean' },
        'pact-file': { type: 'string', multiple: true },
        port: { type: 'string' },
        host: { type: 'string' },
        verbose: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      out(TOOL.version);
      return 0;
    }
    if (values.help || !command) {
      out(HELP);
      return values.help ? 0 : EXIT.usage;
    }
    const vendorById = (id: string | undefined): VendorDefinition => {
      const v = vendors.find((d) => d.id === id);
      if (!v)
        throw new UsageError(`unknown vendor '${id ?? ''}' (known: ${vendors.map((d) => d.id).join(', ')})`);
      return v;
    };

    if (command === 'list') {
      for (const v of vendors) {
        out(
          `${v.id.padEnd(14)} ${v.title}: ${v.requirements.length} requirements, ${v.faults.length} mock faults; --base-url like https://host${v.basePathHint}`,
        );
      }
      return 0;
    }
    if (command === 'readings') {
      const v = vendorById(rest[0]);
      for (const r of v.readings) {
        out(`readings.${r.configKey} (${r.kind}, ${r.id}): ${r.title}`);
        for (const o of r.options)
          out(`  ${o.value === r.default ? '*' : ' '} ${JSON.stringify(o.value)}: ${o.description}`);
      }
      return 0;
    }
    if (command === 'faults') {
      const v = vendorById(rest[0]);
      for (const f of v.faults) out(`${f.id.padEnd(34)} breaks ${f.breaks.join(', ')}: ${f.description}`);
      return 0;
    }
    if (command === 'mock') {
      const v = vendorById(rest[0]);
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port: not a port number: ${values.port}`);
      const mock = await v.startMock({ port, host: values.host ?? '127.0.0.1', faults: list(values.faults) });
      out(`${v.title} reference mock listening on ${mock.url}`);
      out('It accepts this target config section (credentials and fixture IDs):');
      out(JSON.stringify({ [v.id]: mock.targetConfig }, null, 2));
      for (const [name, section] of Object.entries(mock.alternatives ?? {})) {
        out(`Or (${name}):`);
        out(JSON.stringify({ [v.id]: section }, null, 2));
      }
      out('Press Ctrl+C to stop.');
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await mock.close();
      return 0;
    }
    if (command === 'baseline') {
      const reports = readShardReports(rest.length > 0 ? rest.map((d) => resolve(d)) : [resolve('reports')]);
      const reason = values.reason ?? 'known deviation: say why before committing this baseline';
      out(JSON.stringify(baselineFrom(reports, reason), null, 2));
      return 0;
    }
    if (command === 'merge') {
      const reports = readShardReports(rest.map((d) => resolve(d)));
      const dir = resolve(values['report-dir'] ?? 'reports');
      for (const report of reports) {
        writeReports(report, dir);
        if (!values.quiet) out(renderConsole(report, { verbose: values.verbose ?? false }));
      }
      writeSummary(reports, dir);
      if (!values.quiet) out(`merged ${reports.length} vendor report(s) into ${dir}`);
      return reports.reduce<number>((w, r) => Math.max(w, r.exitCode), EXIT.conformant);
    }
    let vendorArgs = rest;
    const contractOnly = command === 'pact';
    if (contractOnly) {
      if (rest[0] !== 'verify') throw new UsageError(`unknown pact command '${rest[0] ?? ''}' (pact verify)`);
      vendorArgs = rest.slice(1);
    } else if (command !== 'run') throw new UsageError(`unknown command '${command}'\n${HELP}`);
    if (!contractOnly && values['pact-file'] && !values.pact)
      throw new UsageError('--pact-file needs --pact');
    if (contractOnly && values.shard) throw new UsageError('--shard applies to run only');

    const ids = values.all ? vendors.map((v) => v.id) : vendorArgs;
    let timeoutMs: number | undefined;
    if (values.timeout !== undefined) {
      timeoutMs = Number(values.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 50)
        throw new UsageError(`--timeout: expected milliseconds >= 50, got ${values.timeout}`);
    }
    if (values.shard !== undefined && !/^\d+\/\d+$/.test(values.shard))
      throw new UsageError(`--shard: expected i/n, got ${values.shard}`);
    const baseline = values.baseline
      ? readBaseline(
          values.baseline,
          vendors.map((v) => v.id),
        )
      : undefined;
    const result = await runConformance({
      allVendors: vendors,
      vendors: ids,
      ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
      ...(values.config ? { configPath: values.config } : {}),
      ...(values['mock-faults'] ? { faults: list(values['mock-faults']) } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(values.shard ? { shard: values.shard } : {}),
      ...(contractOnly ? { suite: false, allowMissingContracts: values.all ?? false } : {}),
      ...(contractOnly || values.pact || values['pact-file'] ? { pact: true } : {}),
      ...(values['pact-file'] ? { pactFiles: values['pact-file'].map((f) => resolve(f)) } : {}),
      strict: values.strict ?? false,
    });
    if (!values.quiet) for (const note of result.notes ?? []) err(`note: ${note}`);
    if (baseline && values.baseline) {
      for (const report of result.reports)
        applyBaseline(report, baseline[report.vendor.id] ?? {}, values.baseline);
    }
    const dir = resolve(values['report-dir'] ?? 'reports');
    for (const report of result.reports) {
      const paths = writeReports(report, dir);
      if (!values.quiet) {
        out(renderConsole(report, { verbose: values.verbose ?? false }));
        out(`  reports: ${paths.join(', ')}`);
      }
    }
    writeSummary(result.reports, dir);
    if (!values.quiet) out(`\n${renderSummaryTable(result.reports)}\n  summary: ${join(dir, 'index.html')}`);
    return result.reports.reduce<number>(
      (w, r) => Math.max(w, r.exitCode),
      baseline ? EXIT.conformant : result.exitCode,
    );
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UsageError || e instanceof PactFileError) {
      err(e.message);
      return EXIT.usage;
    }
    const code = (e as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      err(`${(e as Error).message} (see conformance --help)`);
      return EXIT.usage;
    }
    err(`internal error: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.CONFORMANCE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return EXIT.notConformant;
  }
}
