// The long proxy run of `npm run bench` (issue 14): `conformance proxy textmarketer` as a user runs it
// (a child process, the built package in dist/), in front of the reference mock; a cheap documented read (GET
// the account) sent N times through the proxy and N times straight to the mock, interleaved on
// keep-alive connections so noise hits both alike. Answers the medians, the proxy's overhead per
// request (median of the paired differences), the child's resident memory every 1,000 requests and its
// peak (VmHWM), and what the report says it judged. Linux only (/proc), like the rest of the bench.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { VENDORS } from '../vendors.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// The built package's CLI, as bin/conformance.js runs it when dist/ is fresh; straight from dist/ so
// a source edited by someone else during the run never swaps in the sources through tsx.
const DIST_CLI = `const { main } = await import(${JSON.stringify(new URL('../dist/src/cli.js', import.meta.url).href)});
const { VENDORS } = await import(${JSON.stringify(new URL('../dist/vendors.js', import.meta.url).href)});
process.exitCode = await main(process.argv.slice(1), VENDORS);`;

export interface ProxyBench {
  requests: number;
  directMedianMs: number;
  proxiedMedianMs: number;
  /** Median over the pairs of (proxied - direct), each pair sent back to back. */
  overheadMedianMs: number;
  /** The proxy process's resident set (MiB) after each 1,000 proxied requests. */
  rssMiB: number[];
  peakRssMiB: number;
  /**
   * RSS after the last request less RSS after the first 4,000 (MiB): what the run length adds once
   * the process has warmed up (its heap sized, its code compiled).
   */
  growthMiB: number;
  judged: number;
  exitCode: number | null;
  violationLines: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** VmRSS and VmHWM of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

export async function benchProxy(requests = 10_000, warmup = 300): Promise<ProxyBench> {
  const vendor = VENDORS.find((v) => v.id === 'textmarketer');
  if (!vendor) throw new Error('textmarketer is not registered');
  const mock = await vendor.startMock({});
  const dir = mkdtempSync(join(tmpdir(), 'conformance-bench-proxy-'));
  const config = join(dir, 'target.json');
  writeFileSync(config, JSON.stringify({ textmarketer: mock.targetConfig }));
  const target = String(mock.targetConfig.baseUrl ?? mock.url);
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      DIST_CLI,
      '--',
      'proxy',
      'textmarketer',
      '--target',
      target,
      '--config',
      config,
      '--report-dir',
      dir,
    ],
    { cwd: ROOT, env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 1 });
  try {
    const proxied = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the proxy printed no URL: ${out}${err}`)), 30_000);
      const look = () => {
        const url = /Point the client at (\S+) /.exec(out)?.[1];
        if (url) {
          clearTimeout(timer);
          child.stdout.off('data', look);
          resolve(url);
        }
      };
      child.stdout.on('data', look);
      child.once('exit', () => reject(new Error(`the proxy exited early: ${out}${err}`)));
    });
    const { username, password } = mock.targetConfig.credentials as { username: string; password: string };
    const path = `/account/${String(mock.targetConfig.accountId)}?${new URLSearchParams({ username, password })}`;
    const get = async (base: string) => {
      const t = performance.now();
      const res = await request(`${base}${path}`, { dispatcher: agent });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`GET ${base}: ${res.statusCode}`);
      return performance.now() - t;
    };
    const direct: number[] = [];
    const via: number[] = [];
    const pairs: number[] = [];
    const rssMiB: number[] = [];
    for (let i = 0; i < warmup; i++) {
      await get(target);
      await get(proxied);
    }
    for (let i = 1; i <= requests; i++) {
      // Alternate which goes first, so neither always meets a warm or a cold path.
      const [d, p] =
        i % 2
          ? [await get(target), await get(proxied)]
          : await get(proxied).then(async (p) => [await get(target), p]);
      direct.push(d as number);
      via.push(p as number);
      pairs.push((p as number) - (d as number));
      if (i % 1000 === 0) rssMiB.push(+memoryOf(child.pid as number).rss.toFixed(1));
    }
    const peakRssMiB = +memoryOf(child.pid as number).peak.toFixed(1);
    child.kill('SIGINT');
    const exitCode = await exited;
    const report = JSON.parse(readFileSync(join(dir, 'textmarketer', 'report.json'), 'utf8')) as {
      traffic?: { exchanges: number };
    };
    return {
      requests,
      directMedianMs: +median(direct).toFixed(3),
      proxiedMedianMs: +median(via).toFixed(3),
      overheadMedianMs: +median(pairs).toFixed(3),
      rssMiB,
      peakRssMiB,
      growthMiB: rssMiB.length > 4 ? +((rssMiB.at(-1) ?? 0) - (rssMiB[3] ?? 0)).toFixed(1) : Number.NaN,
      judged: report.traffic?.exchanges ?? 0,
      exitCode,
      violationLines: out.split('\n').filter((l) => l.startsWith('traffic ')).length,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await agent.close();
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
