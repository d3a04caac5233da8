// The floors `npm run bench` compares the product with, run as cold processes like the product:
//   node bench/floor.js suite <reports dir>   the five mocks started, a bare vitest run of one empty
//       test file (the SuiteRunner's options), and a raw undici loop replaying every request of a
//       `run --all` (recorded by bench/record.js into <reports dir>/requests.jsonl) against the same
//       mocks: what any design built on vitest and these mocks must pay.
//   node bench/floor.js verifier <vendor>     the official Pact verifier alone on the vendor's pact
//       file against its mock, provider-state values straight from the mock's target config.
// Plain JavaScript over dist/ (npm run build), so no loader hooks weigh on the floor.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';

const DIST = new URL('../dist/', import.meta.url);
const { VENDORS } = await import(new URL('vendors.js', DIST).href);
const [mode, arg] = process.argv.slice(2);

if (mode === 'suite') {
  const mocks = await Promise.all(VENDORS.map((v) => v.startMock({})));
  const dir = mkdtempSync(join(tmpdir(), 'conformance-floor-'));
  writeFileSync(join(dir, 'empty.test.js'), "import { test } from 'vitest';\ntest('nothing', () => {});\n");
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest(
    'test',
    {
      root: dir,
      config: false,
      watch: false,
      reporters: [{}],
      pool: 'threads',
      isolate: false,
      passWithNoTests: true,
    },
    { logLevel: 'error' },
  );
  await vitest.start();
  await vitest.close();
  rmSync(dir, { recursive: true, force: true });
  // Every request the run sent (bench/record.js), in its order, to the same vendor's mock here: a
  // recorded port is a vendor's mock by its report (target.baseUrl), or another server of that mock
  // (ePrize's captcha fixtures) by a URL of the mock's target config whose path the requests follow.
  const recorded = readFileSync(join(arg, 'requests.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const origin = new Map();
  for (const [n, v] of VENDORS.entries()) {
    const report = JSON.parse(readFileSync(join(arg, v.id, 'report.json'), 'utf8'));
    origin.set(new URL(report.target.baseUrl).port, new URL(mocks[n].url).origin);
  }
  const others = mocks.flatMap(
    (m) =>
      JSON.stringify(m.targetConfig)
        .match(/https?:\/\/[^"]+/g)
        ?.map((u) => new URL(u.replace(/\{[^}]*\}.*/, '')))
        .filter((u) => u.origin !== new URL(m.url).origin) ?? [],
  );
  for (const r of recorded) {
    const port = String(r.port);
    if (origin.has(port)) continue;
    const other = others.find((u) => r.url.startsWith(u.pathname));
    if (!other) throw new Error(`floor: no mock here serves ${r.method} ${r.url} (port ${port} of the run)`);
    origin.set(port, other.origin);
  }
  const agent = new Agent({ keepAliveTimeout: 5000 });
  let sent = 0;
  for (const r of recorded) {
    const res = await request(`${origin.get(String(r.port))}${r.url}`, {
      method: r.method,
      headers: Object.fromEntries(
        Object.entries(r.headers).filter(
          ([k]) => !['content-length', 'host', 'transfer-encoding'].includes(k),
        ),
      ),
      body: r.body ? Buffer.from(r.body, 'base64') : null,
      dispatcher: agent,
    }).catch(() => undefined);
    await res?.body.arrayBuffer();
    sent += 1;
  }
  await agent.close();
  await Promise.all(mocks.map((m) => m.close()));
  console.log(JSON.stringify({ requests: sent }));
} else if (mode === 'verifier') {
  process.env.PACT_DO_NOT_TRACK = 'true';
  const vendor = VENDORS.find((v) => v.id === arg);
  const mock = await vendor.startMock({});
  const pacts = new URL('contracts/pacts/', DIST);
  const files = readdirSync(pacts)
    .filter((f) => f.endsWith(`-${arg}.json`))
    .map((f) => new URL(f, pacts).pathname);
  const flat = (o, prefix = '') =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
    );
  const values = Object.fromEntries(flat(mock.targetConfig));
  const states = {};
  for (const f of files) {
    for (const i of JSON.parse(readFileSync(f, 'utf8')).interactions) {
      for (const s of i.providerStates ?? []) states[s.name] = async () => values;
    }
  }
  const { Verifier } = await import('@pact-foundation/pact');
  await new Verifier({
    provider: arg,
    providerBaseUrl: mock.url,
    pactUrls: files,
    stateHandlers: states,
    logLevel: 'error',
  })
    .verifyProvider()
    .catch(() => undefined);
  await mock.close();
} else {
  console.error('usage: node bench/floor.js suite <reports dir> | verifier <vendor>');
  process.exit(2);
}
