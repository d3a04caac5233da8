// A cancelled or killed run leaves the account as found (test/kill.ts): SIGTERM puts it back in
// process, SIGKILL through `conformance restore`. Both accounts the suite changes are compared.
import { expect, test } from 'vitest';
import type { RunningMock } from '../../src/types.ts';
import { killProof } from '../kill.ts';

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

test('textmarketer: killed at any point, the accounts read back as before', async () => {
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
}, 600_000);
