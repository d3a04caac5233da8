// A real account is left as the suite found it: every field the suite changes is put back. One mock,
// started once and long-lived like a real target, is passed to the suite by its base URL; the
// accounts the suite changes (accountId, and subAccountId for TMR-MASTER-ACCESS) are read through the
// API's own read-back (GET account/{id}) before and after the run, every element compared.
import { expect, test } from 'vitest';
import { start } from '../../mocks/textmarketer/index.ts';
import { runByUrl } from '../runner.ts';

test('textmarketer: after a run the accounts it changed read back exactly as before', async () => {
  const mock = await start();
  const cfg = mock.targetConfig as {
    accountId: string;
    subAccountId: string;
    credentials: { username: string; password: string };
  };
  const read = async (id: string) => {
    const q = new URLSearchParams(cfg.credentials).toString();
    const res = await fetch(`${mock.url}/account/${id}?${q}`);
    expect(res.status).toBe(200);
    // processed_date is the time of the answer, not state.
    return (await res.text()).replace(/processed_date="[^"]*"/, '');
  };
  const readAll = async () => ({ account: await read(cfg.accountId), sub: await read(cfg.subAccountId) });
  try {
    const before = await readAll();
    expect(before.account).toContain('<company_name>');
    expect(before.sub).toContain('<company_name>');
    const report = await runByUrl('textmarketer', mock);
    expect(report.verdict).toBe('conformant');
    // The run did change them (else the comparison proves nothing): TMR-MASTER-ACCESS passed.
    expect(report.requirements.find((q) => q.id === 'TMR-MASTER-ACCESS')?.outcome).toBe('passed');
    expect(await readAll()).toEqual(before);
  } finally {
    await mock.close();
  }
});

test('textmarketer: a sub-account without a company name is left untouched (one set there could not be put back)', async () => {
  const mock = await start();
  const cfg = mock.alternatives?.bareSubAccount as {
    subAccountId: string;
    credentials: { username: string; password: string };
  };
  const read = async () => {
    const q = new URLSearchParams(cfg.credentials).toString();
    const res = await fetch(`${mock.url}/account/${cfg.subAccountId}?${q}`);
    expect(res.status).toBe(200);
    return (await res.text()).replace(/processed_date="[^"]*"/, '');
  };
  try {
    const before = await read();
    expect(before).not.toContain('<company_name>');
    const report = await runByUrl('textmarketer', mock, cfg);
    expect(report.warnings ?? []).toEqual([]);
    const master = report.requirements.find((q) => q.id === 'TMR-MASTER-ACCESS');
    expect([master?.outcome, master?.needs]).toEqual(['not-applicable', ['subAccountId']]);
    expect(report.checks.find((c) => c.requirements.includes('TMR-MASTER-ACCESS'))?.message).toContain(
      'shows no company name',
    );
    expect(await read()).toEqual(before);
  } finally {
    await mock.close();
  }
});
