// A check's evidence (src/suite.ts): the exchanges it keeps are masked once, at its end, with every
// secret known by then, a secret the check learned after an exchange included; the ones it drops
// (most of a generated check's) are left out. The checks below run as vitest tests of this file,
// against a server on loopback, and the test after them reads their recorded meta.
import { createServer, type Server } from 'node:http';
import type { RunnerTestCase } from 'vitest';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeAgent } from '../../src/http.ts';
import { defineSuite } from '../../src/suite.ts';
import { type CheckMeta, EMBEDDED_KEY, type SuiteContext, TARGET_KEY } from '../../src/types.ts';

const TOKEN = 'tok-learned-4711';
const CONFIGURED = 'pw-configured-0815';
let server: Server;
let base = '';

// The suite's context, as src/embedded.ts leaves it for a suite file.
const g = globalThis as Record<string, unknown>;
const key = 'evidence-test';
const ctx: SuiteContext = {
  vendor: 'evidence',
  baseUrl: 'http://127.0.0.1:1',
  runId: 'run-1',
  timeoutMs: 5000,
  maxBodyBytes: 100_000,
  config: {},
  secrets: [CONFIGURED],
  generation: { seed: 1, examples: 1 },
};
g[TARGET_KEY] = key;
g[EMBEDDED_KEY] = { [key]: ctx };
const suite = defineSuite<Record<string, never>>('evidence');

beforeAll(async () => {
  server = createServer((req, res) => res.end(`token=${TOKEN}; you sent ${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await closeAgent();
  await new Promise((r) => server.close(r));
  delete g[TARGET_KEY];
  delete g[EMBEDDED_KEY];
});

suite.check('EV-1', 'learns a token from an answer, then sends it back', async ({ http, secret }) => {
  await http.send({ method: 'GET', url: `${base}/login?pw=${CONFIGURED}` });
  secret(TOKEN);
  await http.send({ method: 'GET', url: `${base}/use?t=${TOKEN}` });
});

suite.check('EV-2', 'sends three, keeps the first and the last', async ({ http, evidence }) => {
  await http.send({ method: 'GET', url: `${base}/kept-1` });
  const from = evidence.mark();
  await http.send({ method: 'GET', url: `${base}/dropped` });
  evidence.drop(from, evidence.mark());
  await http.send({ method: 'GET', url: `${base}/kept-2` });
});

test('the kept exchanges are masked with the secrets learned after them; the dropped ones are gone', ({
  task,
}) => {
  const meta = (name: string) =>
    (task.file.tasks.find((t) => t.name.startsWith(name)) as RunnerTestCase | undefined)?.meta as
      | { conformance?: CheckMeta }
      | undefined;
  const first = meta('[EV-1]')?.conformance?.exchanges ?? [];
  expect(first).toHaveLength(2);
  const text = JSON.stringify(first);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(CONFIGURED);
  expect(first[0]?.response?.body).toBe('token=[REDACTED]; you sent /login?pw=[REDACTED]');
  expect(first[1]?.request.url).toBe(`${base}/use?t=[REDACTED]`);
  const second = meta('[EV-2]')?.conformance?.exchanges ?? [];
  expect(second.map((e) => new URL(e.request.url).pathname)).toEqual(['/kept-1', '/kept-2']);
});
