// The floors `npm run bench` compares the product with, run as cold processes like the product:
//   node bench/floor.js suite <reports dir>   the five mocks started, a bare vitest run of one empty
//       test file (the SuiteRunner's options), and a raw undici loop replaying every request of a
//       `run --all` (read from its report.json files) against the same mocks: what any design built
//       on vitest and these mocks must pay.
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
  const agent = new Agent({ keepAliveTimeout: 5000 });
  let sent = 0;
  for (const [n, v] of VENDORS.entries()) {
    const report = JSON.parse(readFileSync(join(arg, v.id, 'report.json'), 'utf8'));
    const base = report.target.baseUrl;
    for (const c of report.checks) {
      for (const ex of c.exchanges) {
        const url = ex.request.url.replace(base, mocks[n].url);
        const res = await request(url, {
          method: ex.request.method,
          // As recorded, less the framing: the recorded body may be an excerpt or redacted.
          headers: Object.fromEntries(
            Object.entries(ex.request.headers).filter(
              ([k]) => !['content-length', 'host', 'transfer-encoding'].includes(k),
            ),
          ),
          body: ex.request.body ?? null,
          dispatcher: agent,
        }).catch(() => undefined);
        await res?.body.arrayBuffer();
        sent += 1;
      }
    }
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
