// The two passive commands of the CLI (src/cli.ts holds their table entries): `conformance proxy`
// judges live traffic through a reverse proxy, `conformance check --har` judges recorded traffic.
// Both use the vendor's passive rules through one TrafficJudge (src/traffic.ts); usage errors are
// UsageErrors (exit 2), the verdict comes from the gate like every report's.
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from './config.ts';
import { readHar } from './har.ts';
import { stopOnSignal } from './signals.ts';
import { TOOL } from './tool.ts';
import { TrafficJudge } from './traffic.ts';
import { PROXY_REPORT_PATH, startProxy } from './traffic-proxy.ts';
import type { PassiveRules, VendorDefinition, VendorReport } from './types.ts';

type Values = Record<string, string | boolean | string[] | undefined>;

export interface TrafficCommandArgs {
  vendor: VendorDefinition;
  vendors: VendorDefinition[];
  values: Values;
  io: { out: (s: string) => void; err: (s: string) => void };
  /** Writes the reports with every renderer, as every command does (cli.ts writeOut). */
  writeOut: (reports: VendorReport[]) => Promise<void>;
  /** Checks the report directory before anything starts (cli.ts ensureWritableDir). */
  ensureWritableDir: (dir: string) => void;
}

async function rulesOf(v: VendorDefinition): Promise<PassiveRules> {
  if (!v.passive) throw new UsageError(`${v.id} has no passive rules yet`);
  return v.passive();
}

/** The vendor section, bounds and environment values of --config (none: an empty section, the defaults). */
async function configOf(v: VendorDefinition, vendors: VendorDefinition[], values: Values) {
  const { loadConfig } = await import('./target.ts');
  const config = loadConfig(vendors, values.config ? { path: String(values.config) } : {});
  return { config, section: config.sections[v.id] ?? {} };
}

/** conformance check <vendor> --har FILE: the passive rules over a recorded HAR; exit code by the gate. */
export async function checkHarCommand(a: TrafficCommandArgs): Promise<number> {
  const file = a.values.har;
  if (typeof file !== 'string' || file === '')
    throw new UsageError('check: give --har FILE (a HAR 1.2 export)');
  a.ensureWritableDir(String(a.values['report-dir'] ?? 'reports'));
  const rules = await rulesOf(a.vendor);
  const { config, section } = await configOf(a.vendor, a.vendors, a.values);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--har ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const har = readHar(text, file, rules.matches, a.vendor.id);
  const judge = new TrafficJudge({
    vendor: a.vendor,
    rules,
    section,
    secrets: config.envValues ?? [],
    tool: TOOL,
    baseUrl: typeof section.baseUrl === 'string' ? section.baseUrl : har.origin,
    source: 'har',
  });
  const quiet = a.values.quiet === true;
  for (const x of har.exchanges) for (const line of judge.add(x)) if (!quiet) a.io.out(line);
  if (!quiet && har.skipped > 0)
    a.io.out(
      `${har.skipped} of ${har.entries} HAR entries are not ${a.vendor.id} API calls with an answer (not judged)`,
    );
  const report = judge.report();
  await a.writeOut([report]);
  return report.exitCode;
}

/** An http(s) URL without credentials, or a usage error naming the flag. */
export function targetUrl(raw: unknown): URL {
  if (typeof raw !== 'string' || raw === '')
    throw new UsageError('proxy: give --target URL (the target to forward to)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--target: not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--target: expected an http or https URL, got ${url.protocol}`);
  if (url.username || url.password)
    throw new UsageError('--target: a URL with user:password@ is refused (it would land in every report)');
  return url;
}

/**
 * conformance proxy <vendor> --target URL: serves until SIGINT/SIGTERM/SIGHUP (or `signal`, in
 * tests), then writes the report (and --har-out) and answers the gate's exit code.
 */
export async function proxyCommand(a: TrafficCommandArgs, signal?: Promise<unknown>): Promise<number> {
  const target = targetUrl(a.values.target);
  const port = a.values.port === undefined ? 0 : Number(a.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: not a port number: ${String(a.values.port)}`);
  const host = String(a.values.host ?? '127.0.0.1');
  const reportDir = String(a.values['report-dir'] ?? 'reports');
  a.ensureWritableDir(reportDir);
  const harOut = typeof a.values['har-out'] === 'string' ? a.values['har-out'] : undefined;
  if (harOut) {
    try {
      writeFileSync(harOut, '', { mode: 0o600 });
    } catch (e) {
      throw new UsageError(
        `--har-out ${harOut}: cannot write there (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  const rules = await rulesOf(a.vendor);
  const { config, section } = await configOf(a.vendor, a.vendors, a.values);
  const judge = new TrafficJudge({
    vendor: a.vendor,
    rules,
    section,
    secrets: config.envValues ?? [],
    tool: TOOL,
    baseUrl: target.href,
    source: 'proxy',
  });
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  try {
    proxy = await startProxy({
      target: target.href,
      port,
      host,
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      observe: (x, meta) => {
        for (const line of judge.add(x, meta)) a.io.out(line);
      },
      report: () => `${JSON.stringify(judge.report(), null, 2)}\n`,
      log: (line) => a.io.err(judge.redact(line)),
      ...(harOut ? { har: {} } : {}),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--port: port ${port} is in use on ${host}`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
      throw new UsageError(`cannot listen on ${host}:${port} (${code})`);
    throw e;
  }
  a.io.out(`${a.vendor.title}: conformance proxy to ${judge.redact(target.origin)}`);
  a.io.out(`Point the client at ${proxy.url} (in place of ${judge.redact(target.href.replace(/\/$/, ''))}).`);
  a.io.out(
    `Each violation is printed as it passes; the report so far: ${proxy.origin}${PROXY_REPORT_PATH}; written to ${reportDir}/${a.vendor.id}/ on Ctrl+C.`,
  );
  // Guarded until the report is written: a second signal still exits at once.
  const stop = signal ? { stopped: signal, dispose: () => undefined } : stopOnSignal(a.io.err);
  try {
    await stop.stopped;
    return await stopProxy(a, proxy, judge, harOut);
  } finally {
    stop.dispose();
  }
}

/** The proxy closed, the exchanges under way judged, the HAR and the report written: the gate's code. */
async function stopProxy(
  a: TrafficCommandArgs,
  proxy: Awaited<ReturnType<typeof startProxy>>,
  judge: TrafficJudge,
  harOut: string | undefined,
): Promise<number> {
  await proxy.close();
  // Exchanges answered just before the signal are judged in the next turn: let them land.
  await new Promise((done) => setImmediate(done));
  if (harOut) {
    writeFileSync(harOut, JSON.stringify(proxy.har()), { mode: 0o600 });
    const { harDropped } = proxy.stats();
    a.io.out(
      `HAR written to ${harOut} (the traffic as it passed, credentials included: keep it like them)${harDropped > 0 ? `; ${harDropped} later exchange(s) not kept (at most ${proxy.har().log.entries.length})` : ''}`,
    );
  }
  const report = judge.report();
  await a.writeOut([report]);
  return report.exitCode;
}
