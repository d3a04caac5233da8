// A cancelled or killed run leaves the account as found (test/kill.ts): SIGTERM puts it back in
// process, SIGKILL through `conformance restore`. Both accounts the suite changes are compared.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { RunningMock } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';
import { BIN, cleanEnv, tempDir } from '../engine/cli-helper.ts';
import { KILL_TIMEOUT, killProof } from '../kill.ts';

async function accounts(mock: RunningMock): Promise<string[]> {
  const cfg = mock.targetConfig as {
    accountId: string;
    subAccountId: string;
    credentials: Record<string, string>;
  };
  const q = new URLSearchParams(cfg.credentials).toString();
  return Promise.all(
    [cfg.accountId, cfg.subAccountId].map(async (id) => {
      const res = await fetch(`${mock.url}/account/${id}?${q}`);
      // processed_date is the time of the answer, not state.
      return `${res.status} ${(await res.text()).replace(/processed_date="[^"]*"/, '')}`;
    }),
  );
}

test(
  'textmarketer: killed at any point, the accounts read back as before',
  async () => {
    // The API credentials the suite logs in with stay as configured (see README: the journal does not
    // cover a credential change under mutateApiCredentials).
    const counts = await killProof({
      vendor: 'textmarketer',
      state: accounts,
      section: { mutateApiCredentials: false },
    });
    console.log(JSON.stringify(counts));
    expect(
      counts.reduce((n, c) => n + c.changedAtKill, 0),
      'some kill found the account changed',
    ).toBeGreaterThan(0);
  },
  KILL_TIMEOUT,
);

// The Pact verifier runs in a native thread and sends every request through this process: a signal
// during `pact verify` halts that proxy (src/pact/halt.ts), so the verifier ends at once and the
// exit does not wait for its requests to time out (91 s measured before).
test('textmarketer: SIGTERM during the Pact verifier: put back and exit 143 in seconds, not after the verifier', async () => {
  const def = VENDORS.find((v) => v.id === 'textmarketer');
  if (!def) throw new Error('no textmarketer');
  const mock = await def.startMock({});
  const dir = tempDir('conformance-pact-kill-');
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir, { mode: 0o700 });
  let child: ChildProcess | undefined;
  let killedAt = 0;
  // In front of the mock: the first change the contract sends is held 5 s, and the CLI is sent
  // SIGTERM as it arrives: the verifier waits on this very request while the signal is handled (so
  // the change lands after the put back unless the handler waits for the verifier to end).
  const front = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method === 'POST' && killedAt === 0 && child) {
        killedAt = Date.now();
        child.kill('SIGTERM');
        await new Promise((done) => setTimeout(done, 5000));
      }
      const path = new URL(mock.url).pathname;
      const upstream = await fetch(`${mock.url}${(req.url ?? '/').slice(path.length)}`, {
        method: req.method ?? 'GET',
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
        ) as Record<string, string>,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  try {
    await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
    const via = `http://127.0.0.1:${(front.address() as AddressInfo).port}${new URL(mock.url).pathname}`;
    const config = join(dir, 'target.json');
    writeFileSync(
      config,
      JSON.stringify({ textmarketer: { ...mock.targetConfig, mutateApiCredentials: false, baseUrl: via } }),
    );
    const before = await accounts(mock);
    child = spawn(
      process.execPath,
      [BIN, 'pact', 'verify', 'textmarketer', '--config', config, '--report-dir', join(dir, 'reports')],
      {
        env: { ...cleanEnv(), CONFORMANCE_STATE_DIR: stateDir, PACT_DO_NOT_TRACK: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((done) => child?.once('exit', (c) => done(c)));
    expect(killedAt, 'the contract sent a change').toBeGreaterThan(0);
    expect(code, stderr).toBe(143);
    expect(Date.now() - killedAt, 'exited within seconds of the signal').toBeLessThan(20_000);
    expect(stderr).toContain('SIGTERM: stopping the run');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(stateDir), 'the journal entry is finished').toEqual([]);
    expect(await accounts(mock)).toEqual(before);
  } finally {
    child?.kill('SIGKILL');
    front.close();
    await mock.close();
  }
}, 120_000);
