// npm run bench: speed and memory figures, measured side by side in one run (medians; this
// machine is shared and noisy, so compare ratios, not absolute numbers across runs).
//   1. DTD validation of the page's example: libxml2-wasm in process vs the published xmllint-wasm
//      (which cannot validate a DTD at all: it is timed on a plain well-formedness parse, its best case).
//   2. Cold wall time of `conformance run <vendor>` per vendor and of `--all`, as a user runs it.
//   3. Peak RSS of one in-process run of every vendor.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dtdErrors } from '../suites/textmarketer/checks.ts';
import { VENDORS } from '../vendors.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const results: Record<string, unknown> = { node: process.version, runs };

// 1. DTD validation
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

// 2. Cold CLI wall times (a fresh process each time), interleaved so noise hits every subject alike.
//    `run --all --pact` is what `npm run conformance` runs.
const subjects = [
  ...VENDORS.map((v) => ['run', v.id]),
  ['run', '--all'],
  ['run', '--all', '--pact'],
  ...VENDORS.map((v) => ['pact', 'verify', v.id]),
];
const times = new Map<string, number[]>(subjects.map((s) => [s.join(' '), []]));
const env = { ...process.env, PACT_DO_NOT_TRACK: 'true' };
for (let i = 0; i < runs; i++) {
  for (const s of subjects) {
    const t = performance.now();
    const r = spawnSync(
      process.execPath,
      ['bin/conformance.js', ...s, '--quiet', '--report-dir', '/tmp/conformance-bench'],
      {
        cwd: ROOT,
        env,
      },
    );
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`conformance ${s.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.get(s.join(' '))?.push(ms);
  }
}
results.cli = Object.fromEntries(
  [...times].map(([k, v]) => [k, { medianMs: Math.round(median(v)), allMs: v.map(Math.round) }]),
);
for (const [k, v] of times) {
  console.log(`conformance ${k}: median ${Math.round(median(v))} ms cold (${v.map(Math.round).join(', ')})`);
}

// 3. Peak RSS of an in-process run of every vendor.
const rss = execFileSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    `const { runConformance } = await import('./src/runner.ts'); const { VENDORS } = await import('./vendors.ts'); await runConformance({ allVendors: VENDORS, vendors: VENDORS.map(v => v.id) }); console.log(process.resourceUsage().maxRSS);`,
  ],
  { cwd: ROOT, env },
)
  .toString()
  .trim()
  .split('\n')
  .pop();
results.peakRssMiB = Math.round(Number(rss) / 1024);
console.log(`peak RSS, all vendors in one process: ${results.peakRssMiB} MiB`);

mkdirSync(new URL('../reports/', import.meta.url), { recursive: true });
writeFileSync(new URL('../reports/bench.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('written: reports/bench.json');
