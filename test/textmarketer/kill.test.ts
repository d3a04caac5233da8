// A cancelled or killed run leaves the account as found (test/kill.ts): SIGTERM puts it back in
// process, SIGKILL through `conformance restore`. Both accounts the suite changes are compared.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { VENDORS } from '../../vendors.ts';
import { BIN, cleanEnv, tempDir } from '../engine/cli-helper.ts';
import { frontProxy } from '../front-proxy.ts';
import { KILL_TIMEOUT, killProof } from '../kill.ts';
import { accounts } from './state.ts';

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
  const front = await frontProxy(mock, {
    before: async (req) => {
      if (req.method === 'POST' && killedAt === 0 && child) {
        killedAt = Date.now();
        child.kill('SIGTERM');
        await new Promise((done) => setTimeout(done, 5000));
      }
    },
  });
  try {
    const via = front.url;
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
    await front.close();
    await mock.close();
  }
}, 120_000);
