// A cancelled or killed run leaves both contacts as found (test/kill.ts): SIGTERM puts them back in
// process, SIGKILL through `conformance restore`.
import { expect, test } from 'vitest';
import { KILL_TIMEOUT, killProof } from '../kill.ts';
import { contacts } from './state.ts';

test(
  'iservice: killed at any point, both contacts read back as before',
  async () => {
    const counts = await killProof({ vendor: 'iservice', state: contacts });
    console.log(JSON.stringify(counts));
    expect(
      counts.reduce((n, c) => n + c.changedAtKill, 0),
      'some kill found a contact changed',
    ).toBeGreaterThan(0);
  },
  KILL_TIMEOUT,
);
