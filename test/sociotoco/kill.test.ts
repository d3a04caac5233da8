// A cancelled or killed run leaves the set as found (test/kill.ts): SIGTERM puts it back in process,
// SIGKILL through `conformance restore`. Only the version moves on: every change bumps it, and
// putting the profiles back is a change, so no client can restore it.
import { expect, test } from 'vitest';
import type { RunningMock } from '../../src/types.ts';
import { KILL_TIMEOUT, killProof } from '../kill.ts';
import { readSet, type Section } from './read-set.ts';

/** The set as found, but for its version. */
const set = async (mock: RunningMock): Promise<string> =>
  (await readSet(mock, mock.targetConfig as Section)).rest;

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
