// npm run bench: speed and memory figures, measured side by side in one run (medians; this
// machine is shared and noisy, so compare ratios, not absolute numbers across runs).
//   1. DTD validation of the page's example: libxml2-wasm in process vs the published xmllint-wasm
//      (which cannot validate a DTD at all: it is timed on a plain well-formedness parse, its best case).
//   2. Cold wall time and peak RSS of the commands as a user runs them (the built package), beside
//      the floors of this design (bench/floor.js).
//   3. Scale: 5 and 20 targets in one vitest run.
//   4. The long proxy run (issue 14, bench/proxy.ts): 10,000 reads through `conformance proxy` beside
//      10,000 straight to the mock; the overhead per request and the proxy's memory.
//   5. The budgets (issues 14, 15): each held or not; exit 1 when one is missed.
// `npm run bench -- proxy` (or dtd, cli, scale; several allowed) runs only those sections and their
// budget rows.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dtdErrors } from '../suites/textmarketer/checks.ts';
import { benchProxy, type ProxyBench } from './proxy.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const SECTIONS = ['dtd', 'cli', 'scale', 'proxy'];
const chosen = process.argv.slice(2);
for (const c of chosen)
  if (!SECTIONS.includes(c)) {
    console.error(`bench: unknown section '${c}' (known: ${SECTIONS.join(', ')})`);
    process.exit(2);
  }
const want = (section: string) => chosen.length === 0 || chosen.includes(section);
const results: Record<string, unknown> = { node: process.version, runs };

// 1. DTD validation
if (want('dtd')) {
  const example = readFileSync(
    new URL('../schemas/textmarketer/examples/modify-response.xml', import.meta.url),
  );
  dtdErrors(example); // compile the DTD once, as a run does
  const inProcess: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    dtdErrors(example);
    inProcess.push(performance.now() - t);
  }
  const require = createRequire(import.meta.url);
  const { validateXML } = require('xmllint-wasm') as { validateXML: (o: object) => Promise<unknown> };
  const xmllint: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await validateXML({
      xml: [{ fileName: 'ex.xml', contents: example.toString('latin1') }],
      normalization: 'format',
    }).catch(() => undefined);
    xmllint.push(performance.now() - t);
  }
  let xmllintDtd = '';
  try {
    await validateXML({
      xml: [{ fileName: 'ex.xml', contents: example.toString('latin1') }],
      schema: [],
      modifyArguments: (a: string[]) => [...a.filter((x) => x !== '--schema'), '--valid'],
    });
  } catch (e) {
    xmllintDtd = String((e as Error).message).split('\n')[0] ?? '';
  }
  results.dtd = {
    libxml2WasmMedianMs: +median(inProcess).toFixed(3),
    xmllintWasmMedianMs: +median(xmllint).toFixed(2),
    ratio: +(median(xmllint) / median(inProcess)).toFixed(0),
    xmllintWasmDtdValidation: xmllintDtd || 'accepted --valid',
  };
  console.log(
    `DTD check of the example: libxml2-wasm in process ${median(inProcess).toFixed(3)} ms (median of 200); xmllint-wasm ${median(xmllint).toFixed(1)} ms per call (median of 20, parse only): ${(median(xmllint) / median(inProcess)).toFixed(0)}x`,
  );
  console.log(`xmllint-wasm --valid: ${xmllintDtd}`);
}

// 2. Cold processes (a fresh process each, as a user runs them), interleaved so noise hits every
//    subject alike; wall time and peak RSS (GNU time). The product runs from dist/ (npm run build).
//    The floors (bench/floor.js): the five mocks + a bare vitest run of one empty file + a raw undici
//    loop replaying the same requests; the official Pact verifier alone on the same pact file.
const REPORTS = '/tmp/conformance-bench';
const env = { ...process.env, PACT_DO_NOT_TRACK: 'true' };
const SEED = '1';
const RECORDED = '/tmp/conformance-bench-recorded';
const cli = (...args: string[]) => ['bin/conformance.js', ...args, '--quiet', '--report-dir', REPORTS];
const wall = new Map<string, number[]>();
const rssKb = new Map<string, number[]>();
const med = (m: Map<string, number[]>, k: string) => median(m.get(k) ?? []);
if (want('cli')) {
  // The requests the floor replays: every one the mocks receive in a run (bench/record.js), with the
  // seed every timed run uses, so the generated values are the same.
  rmSync(RECORDED, { recursive: true, force: true });
  mkdirSync(RECORDED, { recursive: true });
  execFileSync(
    process.execPath,
    [
      '--import',
      './bench/record.js',
      'bin/conformance.js',
      'run',
      '--all',
      '--seed',
      SEED,
      '--quiet',
      '--report-dir',
      RECORDED,
    ],
    { cwd: ROOT, env: { ...env, BENCH_RECORD: `${RECORDED}/requests.jsonl` } },
  );
  const subjects: Record<string, string[]> = {
    list: ['bin/conformance.js', 'list'],
    'faults textmarketer': ['bin/conformance.js', 'faults', 'textmarketer'],
    'readings textmarketer': ['bin/conformance.js', 'readings', 'textmarketer'],
    'run --all': cli('run', '--all', '--seed', SEED),
    // The same run without generated inputs: their share of the run (every suite has them).
    'run --all --examples 0': cli('run', '--all', '--examples', '0'),
    'run --all --pact': cli('run', '--all', '--pact', '--seed', SEED),
    'floor: mocks + empty vitest + request loop': ['bench/floor.js', 'suite', RECORDED],
    'pact verify textmarketer': cli('pact', 'verify', 'textmarketer'),
    'floor: Pact verifier alone (textmarketer)': ['bench/floor.js', 'verifier', 'textmarketer'],
  };
  for (const k of Object.keys(subjects)) {
    wall.set(k, []);
    rssKb.set(k, []);
  }
  const rssFile = '/tmp/conformance-bench-rss';
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(subjects)) {
      const t = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args], {
        cwd: ROOT,
        env,
      });
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
      wall.get(name)?.push(ms);
      rssKb.get(name)?.push(Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()));
    }
  }
  results.cli = Object.fromEntries(
    Object.keys(subjects).map((k) => [
      k,
      {
        medianMs: Math.round(med(wall, k)),
        allMs: wall.get(k)?.map(Math.round),
        peakRssMiB: Math.round(med(rssKb, k) / 1024),
      },
    ]),
  );
  for (const k of Object.keys(subjects)) {
    console.log(
      `${k}: median ${Math.round(med(wall, k))} ms cold (${wall.get(k)?.map(Math.round).join(', ')}), peak RSS ${Math.round(med(rssKb, k) / 1024)} MiB`,
    );
  }
  const generated = 1 - med(wall, 'run --all --examples 0') / med(wall, 'run --all');
  results.generatedInputsShare = +generated.toFixed(2);
  console.log(`generated inputs: ${Math.round(generated * 100)}% of run --all's wall time`);
}

// 3. Scale: one vitest run serving 5 targets (a mock each) and 20 (the five mocks started four times,
//    one config each), in process; the cost per target and how it grows.
if (want('scale')) {
  const scale = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `const { runMany } = await import('./src/runner.ts'); const { VENDORS } = await import('./vendors.ts');
     const time = async (copies) => {
       const mocks = await Promise.all(Array.from({ length: copies }, () => VENDORS.map((v) => v.startMock({}))).flat());
       const list = mocks.map((m, n) => { const v = VENDORS[n % VENDORS.length]; return { allVendors: VENDORS, vendors: [v.id], baseUrl: m.url, config: { [v.id]: m.targetConfig } }; });
       const t = performance.now(); const out = await runMany(list); const ms = performance.now() - t;
       await Promise.all(mocks.map((m) => m.close()));
       if (out.some((o) => o.reports[0]?.exitCode !== 0)) throw new Error('a scale run was not conformant');
       return ms;
     };
     await time(1); const five = await time(1); const twenty = await time(4);
     console.log(JSON.stringify({ five, twenty }));`,
    ],
    { cwd: ROOT, env },
  )
    .toString()
    .trim()
    .split('\n')
    .pop();
  const { five, twenty } = JSON.parse(scale ?? '{}') as { five: number; twenty: number };
  results.scale = {
    fiveTargetsMs: Math.round(five),
    twentyTargetsMs: Math.round(twenty),
    perTargetMs: Math.round((twenty - five) / 15),
    growth: +(twenty / five).toFixed(2),
  };
  console.log(
    `scale (in process, one vitest run): 5 targets ${Math.round(five)} ms, 20 targets ${Math.round(twenty)} ms: ${(twenty / five).toFixed(2)}x for 4x the targets, about ${Math.round((twenty - five) / 15)} ms per added target`,
  );
}

// 4. The long proxy run (bench/proxy.ts): the built CLI's proxy in front of the TextMarketer mock.
let proxy: ProxyBench | undefined;
if (want('proxy')) {
  proxy = await benchProxy(Number(process.env.BENCH_PROXY_REQUESTS ?? 10_000));
  results.proxy = proxy;
  console.log(
    `proxy, ${proxy.requests} reads (keep-alive) through it beside ${proxy.requests} straight to the mock: median ${proxy.proxiedMedianMs} ms vs ${proxy.directMedianMs} ms, overhead ${proxy.overheadMedianMs} ms per request (median of the pairs); judged ${proxy.judged} exchange(s), ${proxy.violationLines} violation line(s), exit ${proxy.exitCode}`,
  );
  console.log(
    `proxy RSS every 1,000 requests (MiB): ${proxy.rssMiB.join(', ')}; peak ${proxy.peakRssMiB} MiB; growth from 4,000 to ${proxy.requests}: ${proxy.growthMiB} MiB`,
  );
  if (proxy.exitCode !== 0 || proxy.violationLines > 0)
    throw new Error('the proxy judged the clean mock not conformant: the figures are not of a clean run');
}

// 5. The budgets (issues 14, 15), each a figure of this run (absolute on this 2-core machine, or a
//    ratio to a floor measured beside it); only the rows of the sections that ran.
const budgets: [string, string, () => number, number][] = (
  [
    ['cli', 'cold run --all (ms)', () => med(wall, 'run --all'), 1500],
    [
      'cli',
      'run --all / floor',
      () => med(wall, 'run --all') / med(wall, 'floor: mocks + empty vitest + request loop'),
      1.5,
    ],
    ['cli', 'cold run --all --pact (ms)', () => med(wall, 'run --all --pact'), 2500],
    ['cli', 'list (ms)', () => med(wall, 'list'), 300],
    ['cli', 'faults (ms)', () => med(wall, 'faults textmarketer'), 300],
    ['cli', 'readings (ms)', () => med(wall, 'readings textmarketer'), 300],
    [
      'cli',
      'pact verify / verifier alone',
      () => med(wall, 'pact verify textmarketer') / med(wall, 'floor: Pact verifier alone (textmarketer)'),
      1.1,
    ],
    ['cli', 'peak RSS run --all --pact (MiB)', () => med(rssKb, 'run --all --pact') / 1024, 300],
    ['cli', 'peak RSS list (MiB)', () => med(rssKb, 'list') / 1024, 80],
    // The checks run after each answer is sent, but a client that waits for one answer before the
    // next still meets them: the overhead counts them.
    ['proxy', 'proxy overhead per request (ms)', () => proxy?.overheadMedianMs ?? Number.NaN, 5],
    ['proxy', 'proxy peak RSS, 10,000 req (MiB)', () => proxy?.peakRssMiB ?? Number.NaN, 200],
    // Bounded memory: what the last 6,000 requests add to the resident set (keeping every exchange,
    // a few KiB each, would add more than this).
    ['proxy', 'proxy RSS growth 4k to 10k (MiB)', () => proxy?.growthMiB ?? Number.NaN, 6],
  ] as [string, string, () => number, number][]
).filter(([section]) => want(section));
const missed: string[] = [];
console.log('\nbudget                              measured   budget  held');
for (const [, name, measure, limit] of budgets) {
  const value = measure();
  const held = value <= limit;
  if (!held) missed.push(name);
  console.log(
    `${name.padEnd(34)} ${value.toFixed(value < 10 ? 2 : 0).padStart(9)} ${String(limit).padStart(8)}  ${held ? 'yes' : 'NO'}`,
  );
}
results.budgets = Object.fromEntries(
  budgets.map(([, n, v, l]) => [n, { measured: +v().toFixed(2), budget: l, held: v() <= l }]),
);

mkdirSync(new URL('../reports/', import.meta.url), { recursive: true });
// A run of some sections leaves the full figures of reports/bench.json alone.
const outFile = chosen.length > 0 ? `bench-${chosen.join('-')}.json` : 'bench.json';
writeFileSync(new URL(`../reports/${outFile}`, import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written: reports/${outFile}`);
if (missed.length > 0) {
  console.log(`budgets missed: ${missed.join(', ')}`);
  process.exitCode = 1;
}
