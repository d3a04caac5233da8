// The Rust verifier runs with an empty root store (src/pact/roots.ts): it never speaks TLS, and
// loading the system's certificates for every HTTP client it builds cost most of a verification's
// CPU. The variables are the user's again once the last verification ends, whatever happened.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { withoutRootStore } from '../src/pact/roots.ts';
import { runConformance } from '../src/runner.ts';
import type { ContractProvider } from '../src/types.ts';
import { loadProvider } from '../src/vendor.ts';
import { VENDORS } from '../vendors.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const USER = { SSL_CERT_FILE: process.env.SSL_CERT_FILE, SSL_CERT_DIR: process.env.SSL_CERT_DIR };
const now = () => ({ SSL_CERT_FILE: process.env.SSL_CERT_FILE, SSL_CERT_DIR: process.env.SSL_CERT_DIR });
const put = (values: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
};
afterEach(() => put(USER));

/** Both variables name an empty store: an empty file and a directory with nothing in it. */
function expectEmptyStore(): void {
  const { SSL_CERT_FILE: file, SSL_CERT_DIR: dir } = now();
  expect(file).toBeTypeOf('string');
  expect(dir).toBeTypeOf('string');
  expect(readFileSync(file as string, 'utf8')).toBe('');
  expect(readdirSync(dir as string)).toEqual([]);
}

describe('withoutRootStore', () => {
  test('empty while it runs; the values set before are back after, and unset ones unset', async () => {
    put({ SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt', SSL_CERT_DIR: '/etc/ssl/certs' });
    expect(
      await withoutRootStore(async () => {
        expectEmptyStore();
        return 7;
      }),
    ).toBe(7);
    expect(now()).toEqual({
      SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt',
      SSL_CERT_DIR: '/etc/ssl/certs',
    });
    put({ SSL_CERT_FILE: undefined, SSL_CERT_DIR: undefined });
    await withoutRootStore(async () => expectEmptyStore());
    expect('SSL_CERT_FILE' in process.env).toBe(false);
    expect('SSL_CERT_DIR' in process.env).toBe(false);
  });

  test('overlapping verifications: empty until the last one ends; a failed one puts back too', async () => {
    put({ SSL_CERT_FILE: '/x/file.pem', SSL_CERT_DIR: '/x/dir' });
    let endFirst = () => {};
    const first = withoutRootStore(() => new Promise<void>((done) => (endFirst = done)));
    const second = withoutRootStore(async () => {
      throw new Error('verifier crashed');
    });
    await expect(second).rejects.toThrow('verifier crashed');
    expectEmptyStore();
    endFirst();
    await first;
    expect(now()).toEqual({ SSL_CERT_FILE: '/x/file.pem', SSL_CERT_DIR: '/x/dir' });
  });

  test('a contract verification runs inside it (seen from a provider state set-up), and passes', async () => {
    const seen: ReturnType<typeof now>[] = [];
    const allVendors = VENDORS.map((v) =>
      v.id === 'textmarketer'
        ? {
            ...v,
            provider: async () => {
              const p = (await loadProvider(v)) as ContractProvider;
              const name = 'an account ID that does not exist';
              const state = p.states[name];
              const setup: NonNullable<NonNullable<typeof state>['setup']> = async (...args) => {
                seen.push(now());
                expectEmptyStore();
                return (await state?.setup?.(...args)) ?? {};
              };
              return { ...p, states: { ...p.states, [name]: { ...state, setup } } };
            },
          }
        : v,
    );
    const before = now();
    const { reports } = await runConformance({
      allVendors,
      vendors: ['textmarketer'],
      suite: false,
      pact: true,
    });
    expect(reports[0]?.exitCode).toBe(0);
    expect(seen.length).toBe(1);
    expect(seen[0]).not.toEqual(before);
    expect(now()).toEqual(before);
  });

  test("Node's own TLS keeps the user's certificates under --use-openssl-ca (it reads the variables once, when it first builds its store)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roots-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'].concat([
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          key,
          '-out',
          cert,
        ]),
        { stdio: 'ignore' },
      );
      mkdirSync(join(dir, 'certs'));
      const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_q, r) =>
        r.end('ok'),
      );
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      // A request from within a verification, in a process that trusts the server through SSL_CERT_FILE.
      const client = join(dir, 'client.mts');
      writeFileSync(
        client,
        `import { get } from 'node:https';\n` +
          `import { withoutRootStore } from ${JSON.stringify(join(process.cwd(), 'src/pact/roots.ts'))};\n` +
          `console.log(await withoutRootStore(() => new Promise((done) => get(process.argv[2], { agent: false }, ` +
          `(r) => { r.resume(); done(String(r.statusCode)); }).on('error', (e) => done(e.code)))));\n`,
      );
      const { NODE_EXTRA_CA_CERTS: _extra, ...env } = process.env;
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--use-openssl-ca', '--import', 'tsx', client, url],
          { env: { ...env, SSL_CERT_FILE: cert, SSL_CERT_DIR: join(dir, 'certs') }, timeout: 60_000 },
        );
        expect(stdout.trim()).toBe('200');
      } finally {
        server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
