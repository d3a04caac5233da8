// A cancelled or killed run leaves the TextMark as found (test/kill.ts): SIGTERM puts it back in
// process, SIGKILL through `conformance restore`. The signature check runs too (it changes private_token).
import { expect, test } from 'vitest';
import type { RunningMock } from '../../src/types.ts';
import { KILL_TIMEOUT, killProof } from '../kill.ts';

async function settings(mock: RunningMock): Promise<string> {
  const cfg = mock.targetConfig as { auth_user: string; auth_pass: string; tm: string };
  const res = await fetch(`${mock.url}/TextMarkManager/integration_config/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ auth_user: cfg.auth_user, auth_pass: cfg.auth_pass, tm: cfg.tm }).toString(),
  });
  return `${res.status} ${await res.text()}`;
}

test(
  'textmarks: killed at any point, the TextMark reads back as before',
  async () => {
    const counts = await killProof({
      vendor: 'textmarks',
      state: settings,
      section: { readings: { signerModule: 'builtin:hmac-sha256' } },
    });
    console.log(JSON.stringify(counts));
    expect(
      counts.reduce((n, c) => n + c.changedAtKill, 0),
      'some kill found the TextMark changed',
    ).toBeGreaterThan(0);
  },
  KILL_TIMEOUT,
);
