// Two runs at once against one account, from two "machines" (test/concurrent.ts): no false failure,
// and both accounts read back as before both runs. The API credentials stay as configured: a run
// that changes the login another run uses locks that run out (README: never with
// mutateApiCredentials on a shared account).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CHANGED_BY_ANOTHER, isLeftToAnother } from '../../src/concurrent.ts';
import type { VendorReport } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';
import { concurrentProof, runOnce } from '../concurrent.ts';
import { cleanEnv, tempDir } from '../engine/cli-helper.ts';
import { frontProxy } from '../front-proxy.ts';
import { accounts } from './state.ts';

test('textmarketer: two runs at once against one account: no false failure, nothing left changed', async () => {
  const out = await concurrentProof({
    vendor: 'textmarketer',
    state: accounts,
    section: { mutateApiCredentials: false },
    endsAsBefore: true,
  });
  console.log(JSON.stringify(out));
  expect(out.overlapped, 'the two runs overlapped').toBe(true);
  // The run that ends first may leave the other's values (said in its report); the other puts back
  // its own, so the accounts end as before both.
}, 600_000);

test('textmarketer: another client writes the company name during a run: errored, never failed, and its value is left', async () => {
  const def = VENDORS.find((v) => v.id === 'textmarketer');
  if (!def) throw new Error('no textmarketer');
  const mock = await def.startMock({});
  const dir = tempDir('conformance-meddled-');
  try {
    const cfg = mock.targetConfig as { accountId: string; credentials: Record<string, string> };
    const env = { ...cleanEnv(), CONFORMANCE_STATE_DIR: join(dir, 'state'), PACT_DO_NOT_TRACK: 'true' };
    const reports = join(dir, 'reports');
    // A person (no run id in what they write) renames the company just before each read the run
    // sends: a proxy in front of the mock writes first, then forwards the read (deterministic).
    let last = '';
    let n = 0;
    const proxy = await frontProxy(mock, {
      before: async (req) => {
        if (req.method === 'GET' && req.url?.includes(`/account/${cfg.accountId}`)) {
          last = `Someone Else Ltd ${++n}`;
          await fetch(`${mock.url}/account/${cfg.accountId}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ company_name: last, ...cfg.credentials }).toString(),
          });
        }
      },
    });
    const config = join(dir, 'target.json');
    const via = proxy.url;
    writeFileSync(
      config,
      JSON.stringify({ textmarketer: { ...mock.targetConfig, mutateApiCredentials: false, baseUrl: via } }),
    );
    const running = runOnce(
      ['run', 'textmarketer', '--config', config, '--report-dir', reports, '--quiet'],
      env,
    );
    const { code, stderr } = await running;
    await proxy.close();
    const report = JSON.parse(
      readFileSync(join(reports, 'textmarketer', 'report.json'), 'utf8'),
    ) as VendorReport;
    expect(report.checks.filter((c) => c.outcome === 'failed').map((c) => c.id)).toEqual([]);
    const errored = report.checks.filter((c) => c.outcome === 'errored');
    expect(errored.filter((c) => !c.message?.includes(CHANGED_BY_ANOTHER)).map((c) => c.message)).toEqual([]);
    expect(errored.length, 'some check met the other writer').toBeGreaterThan(0);
    expect(code, stderr).toBe(1); // errored checks: never a pass
    // The other writer's value stands (said in the report); what the run wrote elsewhere is put back.
    const q = new URLSearchParams(cfg.credentials).toString();
    const now = await (await fetch(`${mock.url}/account/${cfg.accountId}?${q}`)).text();
    expect(now).toContain(`<company_name>${last}</company_name>`);
    expect(now).toContain('<notification_email>bill@billsbakery.com</notification_email>');
    expect(now).toContain('<notification_mobile>447777777777</notification_mobile>');
    expect(report.warnings?.filter(isLeftToAnother).join('\n')).toContain('company_name');
  } finally {
    await mock.close();
  }
}, 600_000);
