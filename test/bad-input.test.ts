// Bad input a user will meet: a target that answers an HTML page, garbage bytes, a huge body, an
// XXE payload, or answers too slowly. The suite must fail (or error) the affected checks with the
// evidence, never crash, never hang, never pass.
import { beforeAll, describe, expect, test } from 'vitest';
import { runMany } from '../src/runner.ts';
import type { VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';
import { testRunner } from './runner.ts';

// Every vendor's chaos runs share one vitest run (the slow target's, with its short timeout, another).
const CHAOS = ['html-page', 'garbage-body', 'huge-body', 'xxe-body'];
const reports = new Map<string, VendorReport>();
beforeAll(async () => {
  const runner = testRunner();
  for (const [faults, timeoutMs] of [
    [CHAOS, undefined],
    [['slow-responses'], 300],
  ] as const) {
    const plans = VENDORS.flatMap((v) =>
      faults
        .filter((f) => v.faults.some((x) => x.id === f && x.chaos))
        .map((f) => ({ vendor: v.id, fault: f })),
    );
    const outcomes = await runMany(
      plans.map((p) => ({
        allVendors: VENDORS,
        vendors: [p.vendor],
        faults: [p.fault],
        ...(timeoutMs ? { timeoutMs } : {}),
      })),
      runner,
    );
    plans.forEach((p, n) => {
      const r = outcomes[n]?.reports[0];
      if (r) reports.set(`${p.vendor} ${p.fault}`, r);
    });
  }
}, 600_000);

async function chaos(vendor: string, fault: string): Promise<VendorReport> {
  const r = reports.get(`${vendor} ${fault}`);
  if (!r) throw new Error(`no report for ${vendor} ${fault}`);
  return r;
}

function noSuiteCrash(r: VendorReport): void {
  expect(r.errors).toEqual([]);
  const internal = r.checks.filter((c) => c.errorKind === 'internal').map((c) => `${c.title}: ${c.message}`);
  expect(internal).toEqual([]);
  for (const c of r.checks) expect(c.message ?? '').not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.exitCode).not.toBe(0);
  expect(r.verdict).not.toBe('conformant');
}

for (const vendor of VENDORS) {
  const has = (id: string) => vendor.faults.some((f) => f.id === id && f.chaos);
  describe(`${vendor.id}: bad input from the target`, () => {
    test.runIf(has('html-page'))('an HTML page fails the checks with the page as evidence', async () => {
      const r = await chaos(vendor.id, 'html-page');
      noSuiteCrash(r);
      const failed = r.checks.filter((c) => c.outcome === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.some((c) => c.exchanges.some((e) => e.response?.body.includes('<html>')))).toBe(true);
      expect(r.checks.filter((c) => c.outcome === 'passed').length).toBeLessThan(r.checks.length / 2);
    });

    test.runIf(has('garbage-body'))('garbage bytes fail the checks, no crash', async () => {
      const r = await chaos(vendor.id, 'garbage-body');
      noSuiteCrash(r);
      expect(r.checks.filter((c) => c.outcome === 'failed').length).toBeGreaterThan(0);
    });

    test.runIf(has('slow-responses'))(
      'a target slower than the timeout errors, naming the timeout (exit 3)',
      async () => {
        const r = await chaos(vendor.id, 'slow-responses');
        expect(r.verdict).toBe('errored');
        expect(r.exitCode).toBe(3);
        const errored = r.checks.filter((c) => c.outcome === 'errored');
        expect(errored.length).toBeGreaterThan(0);
        expect(errored[0]?.message).toMatch(/timed out after 300 ms/);
        expect(r.checks.filter((c) => c.outcome === 'passed')).toEqual([]);
      },
    );

    test.runIf(has('huge-body'))('a huge body is cut at the cap and fails, no crash', async () => {
      const r = await chaos(vendor.id, 'huge-body');
      noSuiteCrash(r);
      expect(r.checks.some((c) => c.exchanges.some((e) => e.response?.truncated))).toBe(true);
    });

    test.runIf(has('xxe-body'))('an XXE payload is never expanded', async () => {
      const r = await chaos(vendor.id, 'xxe-body');
      noSuiteCrash(r);
      expect(JSON.stringify(r)).not.toMatch(/root:x:0:0/);
    });
  });
}
