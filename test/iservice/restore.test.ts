// A real tenant is left as the suite found it: both contacts the suite writes (the customer's own and
// the other one) read back through the API's own details call exactly as before the run, and the
// unknown contact ID still names no contact.
import { expect, test } from 'vitest';
import { start } from '../../mocks/iservice/index.ts';
import { runByUrl } from '../runner.ts';

interface Section {
  agent: { emailAddress: string; password: string };
  customerContactID: number;
  otherContactID: number;
  unknownContactID: number;
}

test('iservice: after a run both contacts read back through details exactly as before', async () => {
  const mock = await start();
  const cfg = mock.targetConfig as unknown as Section;
  /** The agent's session cookie, from the API's own login. */
  const login = async (): Promise<string> => {
    const res = await fetch(`${mock.url}/webapp-api-login?api=login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ emailAddress: cfg.agent.emailAddress, Password: cfg.agent.password }),
    });
    const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
    if (!cookie) throw new Error('the agent login set no cookie');
    return cookie;
  };
  /** Each contact's details answer, as the API gives it to the agent. */
  const read = async (): Promise<Record<number, unknown>> => {
    const cookie = await login();
    const out: Record<number, unknown> = {};
    for (const id of [cfg.customerContactID, cfg.otherContactID, cfg.unknownContactID]) {
      const res = await fetch(`${mock.url}/webapp-api-custinfo?api=details`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ contactID: id }),
      });
      out[id] = await res.json();
    }
    return out;
  };
  try {
    const before = await read();
    expect(JSON.stringify(before[cfg.otherContactID])).toContain('"properties"');
    expect(JSON.stringify(before[cfg.unknownContactID])).toContain('Contact not found');
    const report = await runByUrl('iservice', mock);
    expect(report.verdict).toBe('conformant');
    expect(await read()).toEqual(before);
  } finally {
    await mock.close();
  }
});
