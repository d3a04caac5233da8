// The probe before the checks (src/probe.ts): a target that does not look like the API stops the
// run with one line and exit 4, no check run; a certificate not trusted is said once (exit 3) with
// how to trust it, and --ca trusts it. The clean mocks pass the probe (the proofs run them all).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { start } from '../../mocks/textmarketer/index.ts';
import { start as startTextMarks } from '../../mocks/textmarks/index.ts';
import { HttpClient } from '../../src/http.ts';
import { byShape, probeTarget } from '../../src/probe.ts';
import { Redactor } from '../../src/redact.ts';
import type { VendorReport } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';
import { run, tempDir } from './cli-helper.ts';

const STACK = /\n\s+at .+:\d+:\d+/;
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
});

async function serve(
  answer: (res: import('node:http').ServerResponse) => void,
  tls?: { key: string; cert: string },
): Promise<string> {
  const handler = (_req: unknown, res: import('node:http').ServerResponse) => answer(res);
  const server = (tls ? createHttps(tls, handler) : createServer(handler)) as Server;
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/services/rest`;
}

const readReport = (dir: string, v = 'textmarketer'): VendorReport =>
  JSON.parse(readFileSync(join(dir, v, 'report.json'), 'utf8'));

async function runAt(base: string, extra: string[] = []) {
  const mock = await start();
  const dir = tempDir();
  const config = join(dir, 'config.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(config, JSON.stringify({ textmarketer: mock.targetConfig }));
  await mock.close();
  const r = await run([
    'run',
    'textmarketer',
    '--base-url',
    base,
    '--config',
    config,
    '--report-dir',
    dir,
    ...extra,
  ]);
  return { r, dir };
}

describe('the probe: "this is not that API"', () => {
  test('a server that answers 404 text everywhere: exit 4, one line, no check run', async () => {
    const base = await serve((res) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    });
    const { r, dir } = await runAt(base);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(
      /the probe GET \/services\/rest\/account\/\S+ got HTTP 404 text\/plain \(HTTP 404\): this does not look like TextMarketer.* is the base path right\? like https:\/\/host\/services\/rest/,
    );
    const report = readReport(dir);
    expect([report.verdict, report.exitCode, report.checks.length]).toEqual(['errored', 4, 0]);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });

  test('an HTML page (a web server, a login portal): exit 4', async () => {
    const base = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Welcome</title>');
    });
    const { r } = await runAt(base);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/got an HTML page: this does not look like TextMarketer/);
  });

  test("another vendor's API (TextMarks' mock given as TextMarketer's base URL): exit 4", async () => {
    const other = await startTextMarks();
    try {
      const { r } = await runAt(other.url);
      expect(r.code).toBe(4);
      expect(r.stdout).toMatch(/this does not look like TextMarketer/);
    } finally {
      await other.close();
    }
  });

  test('answers any server may give (401, 405, 503, no body) cannot tell: the checks judge them', () => {
    const own = () => false;
    for (const status of [401, 403, 405, 429, 503])
      expect(byShape({ status, headers: { 'content-type': 'text/plain' }, body: 'no' }, own)).toBeUndefined();
    expect(byShape({ status: 404, headers: {}, body: '' }, own)).toBeUndefined();
    expect(byShape({ status: 404, headers: {}, body: 'Not Found' }, own)).toBe(false);
    expect(byShape({ status: 404, headers: {}, body: '<response/>' }, () => true)).toBe(true);
  });
});

describe("each vendor's probe recognises its clean mock reached by URL (the peers' tests probe theirs)", () => {
  for (const v of VENDORS) {
    test(v.id, async () => {
      const mock = await v.startMock({});
      try {
        const http = new HttpClient({ timeoutMs: 5000, maxBodyBytes: 1 << 20, redactor: new Redactor([]) });
        expect(await probeTarget(v, { http, section: mock.targetConfig, baseUrl: mock.url })).toEqual({
          ok: true,
        });
      } finally {
        await mock.close();
      }
    });
  }
});

describe('TLS: a certificate not trusted is said once, with how to trust it', () => {
  const certDir = tempDir('tls-');
  const key = join(certDir, 'key.pem');
  const cert = join(certDir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };

  test('self-signed: exit 3 before any check, naming --ca; with --ca the run goes on', async () => {
    const base = await serve((res) => {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>nope</html>');
    }, tls);
    const { r, dir } = await runAt(base);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /TLS: the certificate of 127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): .*--ca FILE/,
    );
    expect(readReport(dir).checks).toEqual([]);
    // trusted: the probe now reaches the server (whose HTML page is not the API: exit 4)
    const trusted = await runAt(base, ['--ca', cert]);
    expect(trusted.r.code).toBe(4);
    expect(trusted.r.stdout).toMatch(/got an HTML page/);
  });

  test('--ca that is no certificate: exit 2 naming it', async () => {
    const { r } = await runAt('http://127.0.0.1:9/services/rest', ['--ca', key]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ca .*key\.pem: not a PEM certificate/);
  });
});
