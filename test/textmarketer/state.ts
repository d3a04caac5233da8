// The state the TextMarketer suite changes: both accounts as the API reads them (the kill and
// concurrency proofs compare it before and after; processed_date is the time of the answer, not state).
import type { RunningMock } from '../../src/types.ts';

export async function accounts(mock: RunningMock): Promise<string[]> {
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
