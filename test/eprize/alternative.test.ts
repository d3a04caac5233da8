// The reference mock serves two promotions: one that enforces a CAPTCHA (targetConfig) and one that
// does not (alternatives.open), as a trusted server-side client such as the public PHP client uses
// it. A promotion with CAPTCHA off is normal (related.txt), not a fault: configured as such
// (captcha.enforced false), the suite passes it clean, also under --strict.
import { expect, test } from 'vitest';
import { OPEN_PROMOTION, start } from '../../mocks/eprize/index.ts';
import { runConformance } from '../../src/runner.ts';
import type { VendorReport } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';
import { broken } from '../proof.ts';
import { testRunner } from '../runner.ts';

test('eprize: the embedded mock offers the CAPTCHA-off promotion as an alternative section', async () => {
  const mock = await start();
  try {
    expect(mock.targetConfig.captcha).toMatchObject({ enforced: true });
    const open = mock.alternatives?.open;
    expect(open).toMatchObject({ apikey: OPEN_PROMOTION.apikey, captcha: { enforced: false } });
    // A create without CAPTCHA headers: refused by the one promotion, taken by the other.
    const post = (apikey: string) =>
      fetch(`${mock.url}/v1/${apikey}/profile`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        body: `email:trusted.${apikey}@example.com\nbirthdate:1990-01-31`,
      });
    expect((await post(mock.targetConfig.apikey as string)).status).toBe(400);
    expect((await post(OPEN_PROMOTION.apikey)).status).toBe(201);
  } finally {
    await mock.close();
  }
});

test('eprize: the suite passes the CAPTCHA-off promotion of the embedded mock, also under --strict', async () => {
  const probe = await start();
  const open = probe.alternatives?.open;
  await probe.close();
  if (!open) throw new Error('the mock offers no alternative section "open"');
  for (const strict of [false, true]) {
    const { reports } = await runConformance(
      { allVendors: VENDORS, vendors: ['eprize'], strict, config: { eprize: open } },
      testRunner(),
    );
    const r = reports[0] as VendorReport;
    expect(r.errors).toEqual([]);
    expect(broken(r)).toEqual([]);
    expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
    // The CAPTCHA requirements are not applicable (the promotion offers none), never failed.
    const captcha = r.requirements.filter((q) => q.id.startsWith('EPZ-CAPTCHA-'));
    expect(captcha.map((q) => q.outcome)).toEqual(captcha.map(() => 'not-applicable'));
  }
});
