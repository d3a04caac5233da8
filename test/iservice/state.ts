// The state the iService suite changes, read straight from a mock through the API's own calls (the
// kill, restore and concurrency proofs compare it before and after).
import type { RunningMock } from '../../src/types.ts';

export interface Section {
  agent: { emailAddress: string; password: string };
  customerContactID: number;
  otherContactID: number;
}

export async function agentCookie(mock: RunningMock): Promise<string> {
  const cfg = mock.targetConfig as unknown as Section;
  const login = await fetch(`${mock.url}/webapp-api-login?api=login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ emailAddress: cfg.agent.emailAddress, Password: cfg.agent.password }),
  });
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('the agent login set no cookie');
  return cookie;
}

export async function detailsOfId(
  mock: RunningMock,
  cookie: string,
  id: number,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${mock.url}/webapp-api-custinfo?api=details`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ contactID: id }),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** Both contacts the suite writes, as the agent reads them through the API's own details call. */
export async function contacts(mock: RunningMock): Promise<unknown[]> {
  const cfg = mock.targetConfig as unknown as Section;
  const cookie = await agentCookie(mock);
  return Promise.all([cfg.customerContactID, cfg.otherContactID].map((id) => detailsOfId(mock, cookie, id)));
}
