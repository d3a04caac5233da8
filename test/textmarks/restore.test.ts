// A real TextMark is left as the suite found it: the group_callback_url and private_token the suite
// changes are put back (afterAll), as integration_config() reads them.
import { expect, test } from 'vitest';
import { start } from '../../mocks/textmarks/index.ts';
import { runByUrl } from '../runner.ts';

test('textmarks: after a run the TextMark reads back exactly as before', async () => {
  const mock = await start();
  const cfg = mock.targetConfig as { auth_user: string; auth_pass: string; tm: string };
  const read = async () => {
    const res = await fetch(`${mock.url}/TextMarkManager/integration_config/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        auth_user: cfg.auth_user,
        auth_pass: cfg.auth_pass,
        tm: cfg.tm,
      }).toString(),
    });
    return res.text();
  };
  try {
    const before = await read();
    expect(JSON.parse(before)).toMatchObject({
      head: { rescode: 0 },
      body: { group_callback_url: expect.stringMatching(/^http/), private_token: expect.any(String) },
    });
    // The signature check changes private_token and triggers a callback: run it too.
    const report = await runByUrl('textmarks', mock, {
      ...mock.targetConfig,
      readings: { signerModule: 'builtin:hmac-sha256' },
    });
    expect(report.verdict).toBe('conformant');
    expect(report.requirements.find((q) => q.id === 'TXM-SIGNATURE')?.outcome).toBe('passed');
    expect(await read()).toBe(before);
  } finally {
    await mock.close();
  }
});
