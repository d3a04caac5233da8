// The traffic proxy (src/traffic-proxy.ts) forwards what it is given unchanged and survives a target
// that misbehaves; the HAR reader (src/har.ts) reads the exports it is meant for and refuses the rest;
// the judge (src/traffic.ts) keeps bounded evidence.

import { createHash } from 'node:crypto';
import { createServer, Agent as HttpAgent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { UsageError } from '../../src/config.ts';
import { harEntry, readHar } from '../../src/har.ts';
import { TOOL } from '../../src/tool.ts';
import { TRAFFIC_KEEP, TrafficJudge } from '../../src/traffic.ts';
import { type RunningProxy, startProxy } from '../../src/traffic-proxy.ts';
import type { PassiveRules, TrafficExchange } from '../../src/types.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';

const LATIN1_XML = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r>Café Zoë £</r>', 'latin1');
const BIG = Buffer.alloc(1_048_576 + 17, 'abcdefghij');

let target: Server;
let targetUrl = '';
let proxy: RunningProxy;
const seen: TrafficExchange[] = [];
const logged: string[] = [];

/** A raw HTTP/1.1 GET on a given agent: status, raw header pairs (hop-by-hop ones aside), body bytes. */
function get(
  url: string,
  agent?: HttpAgent,
): Promise<{ status: number; headers: string[]; body: Buffer; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const n = (res.rawHeaders[i] ?? '').toLowerCase();
          if (!['connection', 'keep-alive', 'transfer-encoding', 'date'].includes(n))
            headers.push(n, res.rawHeaders[i + 1] ?? '');
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks), socket: req.socket });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  target = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/latin1') {
      res.writeHead(200, [
        'Content-Type',
        'application/xml; charset=ISO-8859-1',
        'X-Twice',
        'a',
        'X-Twice',
        'b',
        'Set-Cookie',
        's=1; Path=/',
        'Set-Cookie',
        't=2; Path=/',
      ]);
      res.end(LATIN1_XML);
    } else if (path === '/chunked') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < BIG.length; i += 65_536) res.write(BIG.subarray(i, i + 65_536));
      res.end();
    } else if (path === '/api/echo') {
      // What arrived, as a digest and a length: the proof that the proxy forwarded all of it.
      const hash = createHash('sha256');
      let size = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
      });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`${size} ${hash.digest('hex')}`);
      });
    } else if (path === '/reset') req.socket.destroy();
    else if (path === '/hang') {
      // never answers
    } else if (path === '/redirect') {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no ${path}`);
    }
  });
  target.keepAliveTimeout = 5000;
  await new Promise<void>((done) => target.listen(0, '127.0.0.1', () => done()));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/base`;
  proxy = await startProxy({
    target: targetUrl,
    timeoutMs: 400,
    maxBodyBytes: 65_536,
    observe: (x) => seen.push(x),
    log: (l) => logged.push(l),
    har: { entries: 3 },
  });
});

afterAll(async () => {
  await proxy.close();
  target.closeAllConnections();
  await new Promise((done) => target.close(done));
});

const origin = () => new URL(targetUrl).origin;

describe('the proxy forwards unchanged', () => {
  test('status, headers (repeated ones apart, in order) and a Latin-1 XML body are byte-identical', async () => {
    const direct = await get(`${origin()}/latin1`);
    const via = await get(`${proxy.origin}/latin1`);
    expect(via.status).toBe(direct.status);
    expect(via.headers).toEqual(direct.headers);
    expect(via.body.equals(LATIN1_XML)).toBe(true);
    expect(via.body.equals(direct.body)).toBe(true);
  });

  test('a 1 MB chunked body arrives whole, byte for byte, beyond the judge cap (marked truncated for it)', async () => {
    const direct = await get(`${origin()}/chunked`);
    const via = await get(`${proxy.origin}/chunked`);
    expect(via.body.length).toBe(BIG.length);
    expect(via.body.equals(direct.body)).toBe(true);
    await new Promise((done) => setTimeout(done, 20));
    const judged = seen.findLast((x) => x.request.url === '/chunked');
    expect(judged?.response.truncated).toBe(true);
    expect(judged?.response.body.length).toBe(65_536);
  });

  test('a redirect is passed back as it is, never followed', async () => {
    const via = await get(`${proxy.origin}/redirect`);
    expect(via.status).toBe(302);
    expect(via.headers).toContain('/elsewhere');
  });

  test('keep-alive: several requests share one client connection', async () => {
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    for (let i = 0; i < 4; i++) sockets.add((await get(`${proxy.origin}/latin1`, agent)).socket);
    agent.destroy();
    expect(sockets.size).toBe(1);
  });

  test('the HAR keeps at most its cap of entries', () => {
    expect(proxy.har().log.entries.length).toBe(3);
    expect(proxy.stats().harDropped).toBeGreaterThan(0);
  });
});

describe('a request body over the cap', () => {
  // A form the rule below reads whole: cut at the cap, its last field would be missing.
  const FORM = Buffer.from(`${'a=1&'.repeat(40_000)}last=yes`);
  const formRules: PassiveRules = {
    requirements: [
      {
        id: 'R-FORM',
        title: 'the form ends with last',
        level: 'MUST',
        basis: 'documented',
        source: 's',
        quote: 'q',
      },
    ],
    matches: (r) => r.url.startsWith('/api'),
    session: () => ({
      judge: (x) => ({
        judged: ['R-FORM'],
        violations: x.request.body.toString().endsWith('last=yes')
          ? []
          : [{ requirement: 'R-FORM', problem: 'the form has no last field' }],
      }),
    }),
  };

  test('is forwarded whole, and the judge marks it truncated and judges no rule on it', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `${proxy.origin}/api/echo`,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        },
      );
      req.on('error', reject);
      // Several writes: a chunked request body, as a streaming client sends it.
      for (let i = 0; i < FORM.length; i += 50_000) req.write(FORM.subarray(i, i + 50_000));
      req.end();
    });
    expect(FORM.length).toBeGreaterThan(65_536);
    expect(answer).toBe(`${FORM.length} ${createHash('sha256').update(FORM).digest('hex')}`);
    await new Promise((done) => setTimeout(done, 20));
    const x = seen.findLast((e) => e.request.url === '/api/echo');
    expect(x?.request.truncated).toBe(true);
    expect(x?.request.body.length).toBe(65_536);

    const judge = new TrafficJudge({
      vendor: { id: 'v', title: 'V', source: 's', secretPaths: [], readings: [] },
      rules: formRules,
      section: {},
      tool: TOOL,
      baseUrl: targetUrl,
      source: 'proxy',
    });
    expect(judge.add(x as TrafficExchange)).toEqual([]);
    const report = judge.report();
    expect(report.traffic).toMatchObject({ exchanges: 0, truncated: 1, judged: {} });
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    expect(report.checks).toEqual([]);
    expect(report.warnings?.join('\n')).toMatch(/1 with a request body over the cap .* not judged/);
    // The same request whole is judged (and passes): the rule itself reads a whole form right.
    const whole = { ...(x as TrafficExchange), request: { ...(x as TrafficExchange).request, body: FORM } };
    delete whole.request.truncated;
    expect(judge.add(whole)).toEqual([]);
    expect(judge.report().traffic).toMatchObject({ exchanges: 1, judged: { 'R-FORM': 1 } });

    // A HAR of it (--har-out cuts bodies too) reads back as cut: bodySize above what postData holds.
    const entry = harEntry(x as TrafficExchange, {
      url: `${targetUrl}/api/echo`,
      startedAt: new Date(),
      durationMs: 1,
      bodyBytes: 1024,
      sizes: { request: FORM.length, response: answer.length },
    });
    const back = readHar(
      JSON.stringify({ log: { version: '1.2', entries: [entry] } }),
      'f.har',
      () => true,
      'v',
    );
    expect(back.exchanges[0]?.request.truncated).toBe(true);
  });
});

describe('a misbehaving target', () => {
  test('a reset gets the client a 502, a hang past the timeout a 504; the next request is served', async () => {
    const reset = await get(`${proxy.origin}/reset`);
    expect(reset.status).toBe(502);
    expect(reset.body.toString()).toMatch(/^conformance proxy: /);
    const hang = await get(`${proxy.origin}/hang`);
    expect(hang.status).toBe(504);
    expect((await get(`${proxy.origin}/latin1`)).status).toBe(200);
    expect(logged.some((l) => l.includes('/reset') && l.includes('502'))).toBe(true);
    expect(logged.some((l) => l.includes('/hang') && l.includes('504'))).toBe(true);
  });

  test('garbage instead of HTTP gets a 502, and the proxy goes on', async () => {
    const garbage = createTcpServer((s) => s.end('\x00\x01 this is not HTTP\r\n\r\n'));
    garbage.unref();
    await new Promise<void>((done) => garbage.listen(0, '127.0.0.1', () => done()));
    const p = await startProxy({
      target: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`,
      timeoutMs: 400,
      maxBodyBytes: 1024,
      observe: () => undefined,
      log: () => undefined,
    });
    try {
      const first = await get(`${p.origin}/x`);
      expect(first.status).toBe(502);
      expect(first.body.toString()).toMatch(/not HTTP/);
      expect((await get(`${p.origin}/y`)).status).toBe(502);
    } finally {
      await p.close();
      garbage.close();
    }
  });
});

const anyRules = (ids: string[]): PassiveRules => ({
  requirements: ids.map((id) => ({
    id,
    title: id,
    level: 'MUST',
    basis: 'documented',
    source: 's',
    quote: 'q',
  })),
  matches: (r) => r.url.startsWith('/api'),
  session: () => ({
    judge: (x) => ({
      judged: ids,
      violations:
        x.response.status >= 400
          ? [{ requirement: 'R1', problem: `status ${x.response.status} with secret s3cret-pw` }]
          : [],
    }),
  }),
});

describe('the HAR reader', () => {
  const entry = (over: Record<string, unknown> = {}) => ({
    request: {
      method: 'post',
      url: 'https://h.example/other/base/api/x?a=1',
      headers: [
        { name: 'Content-Type', value: 'text/plain' },
        { name: ':authority', value: 'h' },
      ],
      postData: { mimeType: 'text/plain', text: 'hé' },
    },
    response: {
      status: 200,
      headers: [
        { name: 'Content-Type', value: 'application/xml' },
        { name: 'Set-Cookie', value: 'a=1' },
        { name: 'set-cookie', value: 'b=2' },
      ],
      content: { size: 3, mimeType: 'application/xml', text: '<a/>'.slice(0, 3) },
    },
    ...over,
  });
  test('a devtools-like export: name/value headers, plain text, path and query kept, pseudo-headers dropped', () => {
    const r = readHar(
      JSON.stringify({
        log: {
          version: '1.2',
          entries: [
            entry(),
            { request: { url: 'https://h.example/favicon.ico' }, response: { status: 200 } },
          ],
        },
      }),
      'f.har',
      (q) => q.url.includes('/api/'),
      'v',
    );
    expect(r.exchanges).toHaveLength(1);
    expect(r.skipped).toBe(1);
    const x = r.exchanges[0] as TrafficExchange;
    expect(x.request).toMatchObject({
      method: 'POST',
      url: '/other/base/api/x?a=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(x.request.headers[':authority']).toBeUndefined();
    expect(x.request.body.toString('utf8')).toBe('hé');
    expect(x.response.headers['set-cookie']).toBe('a=1, b=2');
    expect(x.response.body.toString()).toBe('<a/');
  });
  test('a mitmproxy-like export: base64 content and a body shorter than its size (truncated)', () => {
    const latin1 = Buffer.from('<r>Café</r>', 'latin1');
    const e = entry({
      response: {
        status: 400,
        headers: [],
        content: { size: 100, text: latin1.toString('base64'), encoding: 'base64' },
      },
    });
    const x = readHar(JSON.stringify({ log: { version: '1.2', entries: [e] } }), 'f.har', () => true, 'v')
      .exchanges[0];
    expect(x?.response.body.equals(latin1)).toBe(true);
    expect(x?.response.truncated).toBe(true);
  });
  test('not HAR, or nothing of the vendor: a usage error naming the file', () => {
    const bad = (text: string) => () =>
      readHar(text, 'f.har', (q) => q.url.includes('/api/'), 'textmarketer');
    expect(bad('not json')).toThrow(UsageError);
    expect(bad('{"log":{}}')).toThrow(/no log.entries/);
    expect(bad('{"log":{"version":"2.0","entries":[]}}')).toThrow(/HAR version 2.0/);
    expect(
      bad(
        JSON.stringify({
          log: { version: '1.2', entries: [entry({ request: { url: 'https://h/other' } })] },
        }),
      ),
    ).toThrow(/none of its 1 entries is a textmarketer API call/);
  });
});

describe('the traffic judge', () => {
  const judge = () =>
    new TrafficJudge({
      vendor: { id: 'v', title: 'V', source: 's', secretPaths: ['credentials.password'], readings: [] },
      rules: anyRules(['R1', 'R2', 'R3']),
      section: { credentials: { password: 's3cret-pw' } },
      tool: TOOL,
      baseUrl: 'https://t.example/base',
      source: 'har',
    });
  const x = (status: number, url = '/api/a'): TrafficExchange => ({
    request: { method: 'GET', url: `${url}?password=s3cret-pw`, headers: {}, body: Buffer.alloc(0) },
    response: { status, headers: {}, body: Buffer.from('x'.repeat(10_000)) },
  });
  test('keeps counts and at most the first few exchanges per requirement, redacted', () => {
    const j = judge();
    for (let i = 0; i < 500; i++) j.add(x(i % 2 ? 500 : 200));
    j.add(x(200, '/elsewhere'));
    const r = j.report();
    expect(r.traffic).toMatchObject({
      exchanges: 500,
      ignored: 1,
      judged: { R1: 500, R2: 500 },
      violations: { R1: 250 },
    });
    const r1 = r.checks.find((c) => c.requirements[0] === 'R1');
    expect(r1?.outcome).toBe('failed');
    expect(r1?.exchanges.length).toBe(TRAFFIC_KEEP.failedExchanges);
    expect(r.checks.find((c) => c.requirements[0] === 'R2')?.exchanges.length).toBe(
      TRAFFIC_KEEP.passedExchanges,
    );
    expect(JSON.stringify(r)).not.toContain('s3cret-pw');
    expect(r.exitCode).toBe(1);
  });
  test('a requirement never seen has no check (not judged); no traffic at all is never conformant', () => {
    const j = judge();
    const empty = j.report();
    expect(empty.checks).toEqual([]);
    expect(empty.exitCode).not.toBe(0);
    j.add(x(200));
    const one = j.report();
    expect(one.exitCode).toBe(0);
    expect(one.requirements.every((q) => q.outcome === 'passed')).toBe(true);
  });
  test('a violation line names the requirement and never the secret', () => {
    const [line] = judge().add(x(500));
    expect(line).toMatch(/^traffic GET \/api\/a -> 500: R1 \(MUST\)/);
    expect(line).not.toContain('s3cret-pw');
  });
});
