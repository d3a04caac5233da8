// A cancelled or killed run leaves the set as found (test/kill.ts): SIGTERM puts it back in process,
// SIGKILL through `conformance restore`. Only the version moves on: every change bumps it, and
// putting the profiles back is a change, so no client can restore it.
import { expect, test } from 'vitest';
import type { RunningMock } from '../../src/types.ts';
import { type Algorithm, type Param, queryString, sign } from '../../suites/sociotoco/sign.ts';
import { KILL_TIMEOUT, killProof } from '../kill.ts';

async function set(mock: RunningMock): Promise<string> {
  const cfg = mock.targetConfig as { apiKey: string; secret: string; algorithm: Algorithm; sid: string };
  const params: Param[] = [
    ['method', 'sociotoco.sets.get'],
    ['key', cfg.apiKey],
    ['sid', cfg.sid],
    ['time', String(Math.floor(Date.now() / 1000))],
  ];
  const sig = sign(params, { secret: cfg.secret, algorithm: cfg.algorithm });
  const body = await (await fetch(`${mock.url}?${queryString([...params, ['sig', sig]])}`)).text();
  return body.replace(/version="\d+"/, '');
}

test(
  'sociotoco: killed at any point, the set reads back as before (but for its version)',
  async () => {
    const counts = await killProof({ vendor: 'sociotoco', state: set });
    console.log(JSON.stringify(counts));
    expect(
      counts.reduce((n, c) => n + c.changedAtKill, 0),
      'some kill found the set changed',
    ).toBeGreaterThan(0);
  },
  KILL_TIMEOUT,
);
