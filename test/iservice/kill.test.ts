// A cancelled or killed run leaves both contacts as found (test/kill.ts): SIGTERM puts them back in
// process, SIGKILL through `conformance restore`.
import { expect, test } from 'vitest';
import type { RunningMock } from '../../src/types.ts';
import { KILL_TIMEOUT, killProof } from '../kill.ts';

interface Section {
  agent: { emailAddress: string; password: string };
  customerContactID: number;
  otherContactID: number;
}

async function contacts(mock: RunningMock): Promise<unknown[]> {
  const cfg = mock.targetConfig as unknown as Section;
  const login = await fetch(`${mock.url}/webapp-api-login?api=login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ emailAddress: cfg.agent.emailAddress, Password: cfg.agent.password }),
  });
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('the agent login set no cookie');
  return Promise.all(
    [cfg.customerContactID, cfg.otherContactID].map(async (id) => {
      const res = await fetch(`${mock.url}/webapp-api-custinfo?api=details`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ contactID: id }),
      });
      return res.json();
    }),
  );
}

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
