// Reproducers (src/curl.ts): the curl line of a failing check's exchange sends what was recorded.
// Proven by running the generated line with the real curl against a loopback server that records
// what reaches it; and on a real failing run of the TextMarketer mock, where secrets stay redacted.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { curlOf, withReproducers } from '../../src/curl.ts';
import type { CheckResult, RecordedExchange, VendorReport } from '../../src/types.ts';
import { sharedRun, tempDir } from './cli-helper.ts';

// One vitest instance for the suites of every run here (test/runner.ts).
const run = sharedRun();

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    // A redirect the reproducer must not follow.
    res.writeHead(302, { location: '/elsewhere' }).end();
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Runs the command line through sh, as a user pasting it would. */
function sh(line: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('sh', ['-c', line], { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
}

const curlHere = existsSync('/usr/bin/curl') || existsSync('/bin/curl');

describe.runIf(curlHere)('the curl line sends what was recorded', () => {
  test("quotes, newlines, $(…), brackets and a body's CRLF reach the server unchanged; no redirect followed", async () => {
    const body = `it's a "body"\r\nwith $(echo no) \`no\` and \\ and [] {}\n`;
    const e: Pick<RecordedExchange, 'request'> = {
      request: {
        method: 'PUT',
        url: `${base}/a/[b]/{c}?q=it's&x=$HOME`,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'x-quote': `a'b "c"`,
          'content-length': '999',
        },
        body,
      },
    };
    seen.length = 0;
    const out = await sh(curlOf(e));
    expect(seen).toHaveLength(1);
    const got = seen[0] as Seen;
    expect(got.method).toBe('PUT');
    expect(got.url).toBe("/a/[b]/{c}?q=it's&x=$HOME");
    expect(got.headers['x-quote']).toBe(`a'b "c"`);
    expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(got.body).toBe(body);
    expect(out).toMatch(/^HTTP\/1\.1 302/);
    expect(out.match(/^HTTP\//gm)).toHaveLength(1);
  });

  test('a GET without body stays a GET; HEAD is --head', async () => {
    seen.length = 0;
    await sh(curlOf({ request: { method: 'GET', url: `${base}/r?a=1`, headers: { accept: 'text/xml' } } }));
    await sh(curlOf({ request: { method: 'HEAD', url: `${base}/h`, headers: {} } }));
    expect(seen.map((s) => `${s.method} ${s.url} ${s.body.length}`)).toEqual(['GET /r?a=1 0', 'HEAD /h 0']);
    expect(seen[0]?.headers.accept).toBe('text/xml');
  });
});

describe('which checks carry reproducers', () => {
  const check = (outcome: CheckResult['outcome']): CheckResult => ({
    id: outcome,
    title: outcome,
    requirements: ['X'],
    outcome,
    durationMs: 1,
    notes: [],
    exchanges: [{ request: { method: 'GET', url: 'http://t/x', headers: {} }, durationMs: 1 }],
  });
  test('failed and errored checks, on every exchange; passing, skipped and n/a ones none', () => {
    for (const o of ['failed', 'errored'] as const)
      expect(withReproducers(check(o)).exchanges[0]?.curl).toBe("curl -g -i 'http://t/x'");
    for (const o of ['passed', 'skipped', 'not-applicable'] as const)
      expect(withReproducers(check(o)).exchanges[0]?.curl).toBeUndefined();
  });
});

describe('a real failing run', () => {
  test('report.json, HTML and Markdown carry the curl lines; the password stays redacted', async () => {
    const dir = tempDir();
    // Every hand-picked check runs, failing and passing ones, with the credentials in their
    // requests: generated values add more of the same exchanges, and the fault is not theirs to find.
    const r = await run([
      'run',
      'textmarketer',
      '--mock-faults',
      'wrong-public-id',
      '--report-dir',
      dir,
      '--quiet',
      '--examples',
      '0',
    ]);
    expect(r.code).toBe(1);
    const text = (f: string) => readFileSync(join(dir, 'textmarketer', f), 'utf8');
    const report = JSON.parse(text('report.json')) as VendorReport;
    const failing = report.checks.filter((c) => c.outcome === 'failed');
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing) for (const e of c.exchanges) expect(e.curl).toMatch(/^curl -g -i /);
    expect(
      report.checks.filter((c) => c.outcome === 'passed').flatMap((c) => c.exchanges.filter((e) => e.curl)),
    ).toEqual([]);
    const line = failing[0]?.exchanges[0]?.curl as string;
    expect(line).toContain('[REDACTED]');
    for (const f of ['report.json', 'index.html', 'report.md'])
      expect(text(f)).not.toContain('mock_api_pass1');
    expect(text('report.md')).toContain('## Reproducers');
    expect(text('report.md')).toContain(line);
    expect(text('index.html')).toContain('<pre class="curl">curl -g -i ');
  });
});
