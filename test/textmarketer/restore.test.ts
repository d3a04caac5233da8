// A real account is left as the suite found it: every field the suite changes is put back.
import { expect, test } from 'vitest';
import { start } from '../../mocks/textmarketer/index.ts';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';

test('textmarketer: after a run the account reads back exactly as before', async () => {
  const mock = await start();
  const cfg = mock.targetConfig as { accountId: string; credentials: { username: string; password: string } };
  const read = async () => {
    const q = new URLSearchParams(cfg.credentials).toString();
    const body = await (await fetch(`${mock.url}/account/${cfg.accountId}?${q}`)).text();
    return body.replace(/processed_date="[^"]*"/, '');
  };
  try {
    const before = await read();
    expect(before).toContain('<company_name>');
    const { reports } = await runConformance({
      allVendors: VENDORS,
      vendors: ['textmarketer'],
      baseUrl: mock.url,
      config: { textmarketer: mock.targetConfig },
    });
    expect(reports[0]?.verdict).toBe('conformant');
    expect(await read()).toBe(before);
  } finally {
    await mock.close();
  }
});
