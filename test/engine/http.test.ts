// The HTTP edge against real servers on loopback: timeouts name themselves, unreachable targets
// say so, bodies are capped, redirects are never followed, and secrets never reach the record.
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeAgent,
  HttpClient,
  loadUndici,
  pace,
  paceAfterOthers,
  paceState,
  resumePace,
  TransportError,
} from '../../src/http.ts';
import { Redactor } from '../../src/redact.ts';
import type { RecordedExchange } from '../../src/types.ts';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') setTimeout(() => res.end('late'), 1000);
    else if (req.url === '/big') res.end(Buffer.alloc(200_000, 0x41));
    else if (req.url === '/redirect') res.writeHead(302, { location: 'http://elsewhere.invalid/' }).end();
    else if (req.url?.startsWith('/url')) res.end(`${req.method} ${req.url}`);
    else if (req.url?.startsWith('/echo')) {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () =>
        res.writeHead(200, { 'set-cookie': ['a=1', 'b=2'] }).end(`${req.headers.authorization}|${body}`),
      );
    } else if (req.url?.startsWith('/json'))
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"json":true}');
    else res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await closeAgent();
  await new Promise<void>((r) => server.close(() => r()));
});

function client(opts: { timeoutMs?: number; maxBodyBytes?: number; secrets?: string[] } = {}) {
  const recorded: RecordedExchange[] = [];
  const http = new HttpClient({
    timeoutMs: opts.timeoutMs ?? 2000,
    maxBodyBytes: opts.maxBodyBytes ?? 1_000_000,
    redactor: new Redactor(opts.secrets ?? []),
    onExchange: (redacted) => recorded.push(redacted()),
  });
  return { http, recorded };
}

describe('HttpClient', () => {
  test("undici's own Agent and request, loaded from its two modules, send as its index would", async () => {
    const whole = createRequire(import.meta.url)('undici') as typeof import('undici');
    const part = loadUndici();
    // The same class, not a copy: the index exports the module the client loads.
    expect(part.Agent).toBe(whole.Agent);
    const agent = new whole.Agent();
    try {
      const url = `${base}/echo?x=1`;
      const opts = {
        method: 'POST' as const,
        body: 'b=1',
        headers: { authorization: 'A' },
        dispatcher: agent,
      };
      const [a, b] = await Promise.all([part.request(url, opts), whole.request(url, opts)]);
      expect([a.statusCode, await a.body.text()]).toEqual([b.statusCode, await b.body.text()]);
      expect(a.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      // The path and query as undici sends them, and its method when none is given (GET; PUT with a body).
      for (const [path, body] of [
        ['/url/a%2Fb/../c?x=1&y=%C3%A9&z#frag', undefined],
        ['/url', 'b'],
      ] as const) {
        const one = { dispatcher: agent, ...(body ? { body } : {}) };
        const [p, w] = await Promise.all([part.request(base + path, one), whole.request(base + path, one)]);
        expect(await p.body.text()).toBe(await w.body.text());
      }
      // A URL undici refuses is refused the same way.
      const refused = (f: typeof whole.request) =>
        Promise.resolve()
          .then(() => f('ftp://x/', { dispatcher: agent }))
          .catch((e: Error) => e) as Promise<Error>;
      expect((await refused(part.request)).message).toBe((await refused(whole.request)).message);
    } finally {
      await agent.close();
    }
  });

  test('a slow answer becomes a TransportError naming the timeout, and is recorded', async () => {
    const { http, recorded } = client({ timeoutMs: 200 });
    const err = await http.send({ method: 'GET', url: `${base}/slow` }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toBe(
      `timed out after 200 ms waiting for GET ${base}/slow (timeoutMs in the target config)`,
    );
    expect(recorded[0]?.error).toContain('timed out');
  });

  test('a refused connection names the origin and the code', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await client()
      .http.send({ method: 'GET', url: `http://127.0.0.1:${port}/x` })
      .catch((e) => e);
    expect(err.message).toBe(`cannot connect to http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  test('a body over the cap is cut and marked, not buffered whole', async () => {
    const { http, recorded } = client({ maxBodyBytes: 10_000 });
    const ex = await http.send({ method: 'GET', url: `${base}/big` });
    expect(ex.response.truncated).toBe(true);
    expect(ex.response.body.length).toBe(10_000);
    expect(recorded[0]?.response?.truncated).toBe(true);
    expect(recorded[0]?.response?.body.length).toBeLessThan(5000);
  });

  test('redirects are never followed', async () => {
    const ex = await client().http.send({ method: 'GET', url: `${base}/redirect` });
    expect(ex.response.status).toBe(302);
    expect(ex.response.headers.location).toBe('http://elsewhere.invalid/');
  });

  test('secrets are redacted in the record (URL, body, Authorization) but sent as they are', async () => {
    const { http, recorded } = client({ secrets: ['hunter2pass', 'alice'] });
    const auth = `Basic ${Buffer.from('alice:hunter2pass').toString('base64')}`;
    const ex = await http.send({
      method: 'POST',
      url: `${base}/echo?password=hunter2pass`,
      headers: { authorization: auth },
      body: 'username=alice&password=hunter2pass',
    });
    expect(ex.response.body.toString()).toBe(`${auth}|username=alice&password=hunter2pass`);
    expect(ex.response.setCookies).toEqual(['a=1', 'b=2']);
    const rec = JSON.stringify(recorded);
    expect(rec).not.toContain('hunter2pass');
    expect(rec).not.toContain('alice');
    expect(recorded[0]?.request.headers.authorization).toBe('Basic [REDACTED]');
  });

  test('a judge gets the exchange as it was: a secret inside a header value changes only the evidence', async () => {
    const pairs: [RecordedExchange, RecordedExchange][] = [];
    const http = new HttpClient({
      timeoutMs: 2000,
      maxBodyBytes: 1_000_000,
      redactor: new Redactor(['json']),
      onExchange: (redacted, raw) => pairs.push([redacted(), raw]),
    });
    await http.send({ method: 'GET', url: `${base}/json?q=json` });
    const [[recorded, raw] = []] = pairs;
    expect(recorded?.response?.headers['content-type']).toBe('application/[REDACTED]');
    expect(recorded?.request.url).toBe(`${base}/[REDACTED]?q=[REDACTED]`);
    expect(raw?.response?.headers['content-type']).toBe('application/json');
    expect(raw?.response?.body).toBe('{"json":true}');
    expect(raw?.request.url).toBe(`${base}/json?q=json`);
  });
});

describe('Redactor', () => {
  test('masks every wire form of a secret, longest first, and leaves short values alone', () => {
    const r = new Redactor(['p@ss word', 'ab']);
    expect(r.text('x=p%40ss%20word y=p%40ss+word z=p@ss word ab')).toBe(
      'x=[REDACTED] y=[REDACTED] z=[REDACTED] ab',
    );
    expect(r.headers({ Cookie: 'sid=1', 'X-Other': 'p@ss word' })).toEqual({
      Cookie: '[REDACTED]',
      'X-Other': '[REDACTED]',
    });
  });

  test('a secret made of pattern characters is a literal, and overlapping secrets mask the longest whole', () => {
    const r = new Redactor(['a.c+d', 'x(y)|', 'xab', 'bcdy']);
    expect(r.text('abc+d a.c+d x(y)| xy')).toBe('abc+d [REDACTED] [REDACTED] xy');
    // 'bcdy' is masked before 'xab' is looked for, as when secrets were replaced one by one.
    expect(r.text('xabcdy')).toBe('xa[REDACTED]');
    expect(new Redactor([]).text('nothing to mask')).toBe('nothing to mask');
  });

  test('masks as replacing every needle in turn, longest first, would (generated secrets and strings)', () => {
    const unit = fc.constantFrom(...'ab%+=\u00e9\u0161\u0100\u4e00\ud83d\ude00'.split(''));
    const str = (max: number) => fc.array(unit, { maxLength: max }).map((u) => u.join(''));
    fc.assert(
      // Up to 60 needles: both ways of finding them (a few, or many: src/redact.ts FEW).
      fc.property(
        fc.array(str(6), { maxLength: 12 }),
        fc.array(str(30), { maxLength: 4 }),
        (secrets, texts) => {
          const r = new Redactor(secrets);
          const needles = [
            ...new Set(
              secrets
                .filter((s) => s.length >= 3)
                .flatMap((s) => [
                  s,
                  ...(() => {
                    try {
                      return [encodeURIComponent(s)];
                    } catch {
                      return []; // a lone surrogate
                    }
                  })(),
                  new URLSearchParams({ s }).toString().slice(2),
                  Buffer.from(s, 'utf8').toString('base64'),
                  JSON.stringify(s).slice(1, -1),
                ]),
            ),
          ].sort((a, b) => b.length - a.length);
          for (const t of [...texts, ...secrets.map((s) => `x${s}y`)]) {
            let want = t;
            for (const n of needles) want = want.split(n).join('[REDACTED]');
            expect(r.text(t)).toBe(want);
          }
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
  });
});

test('Redactor.add: a secret learned at run time is masked from then on, JSON-escaped form included', () => {
  const r = new Redactor(['config-secret']);
  expect(r.text('tok"en')).toBe('tok"en');
  r.add('tok"en');
  expect(r.text('{"t":"tok\\"en"} config-secret tok"en')).toBe('{"t":"[REDACTED]"} [REDACTED] [REDACTED]');
});

// --rate across the run's threads (the engine's and the suite's worker hand the spacing on): a
// thread that takes on another's state, or is told another thread just sent, waits one gap.
describe('--rate hand-off between threads', () => {
  const url = 'http://pace.example.test:1/x';
  const elapsed = async (f: () => Promise<void>) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  test("resumePace: the next request waits for the other thread's next start", async () => {
    const at = performance.timeOrigin + performance.now() + 150;
    resumePace({ 'http://pace2.example.test:1': at });
    expect(await elapsed(() => pace('http://pace2.example.test:1/y', 10))).toBeGreaterThanOrEqual(140);
    // and a state handed on is this thread's own from then on (the next one 1/rate later)
    expect(paceState()['http://pace2.example.test:1']).toBeGreaterThanOrEqual(at + 100 - 1);
  });
  test('paceAfterOthers: the next request waits one gap from now; nothing without a rate', async () => {
    paceAfterOthers(url, undefined);
    expect(await elapsed(() => pace(url, 10))).toBeLessThan(50);
    // an origin this thread never sent to: only the hand-off makes it wait
    const other = 'http://pace3.example.test:1/z';
    paceAfterOthers(other, 10);
    expect(await elapsed(() => pace(other, 10))).toBeGreaterThanOrEqual(90);
  });
});
