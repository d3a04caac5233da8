// Every contract verifies against its reference mock run as an ordinary target (started apart, no
// hook into it: the runner sees only a base URL and the mock's target config), twice in a row as a
// long-lived target would be: the vendor's provider driver sets every state up from the config; no
// secret of the config reaches the report.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runConformance } from '../src/runner.ts';
import type { RunningMock, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';
import { limited } from './limit.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

/** The values at the vendor's secret paths (`credentials.password`) of a config section. */
function secretsOf(section: Record<string, unknown>, paths: readonly string[]): string[] {
  return paths
    .map((path) =>
      path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], section),
    )
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

// The runs of the correct targets below, every vendor's started together before the first test,
// four at a time (test/limit.ts); each test awaits its own.
const queued = limited(4);
const starters: (() => void)[] = [];
beforeAll(() => {
  for (const start of starters) start();
});

for (const vendor of VENDORS) {
  describe(`${vendor.id}: the contract verifies against the reference mock as a real target`, () => {
    let mock: RunningMock;
    beforeAll(async () => {
      mock = await vendor.startMock({});
    });
    afterAll(() => mock.close());

    const verify = async (): Promise<VendorReport> => {
      const { reports } = await runConformance({
        allVendors: VENDORS,
        vendors: [vendor.id],
        baseUrl: mock.url,
        config: { [vendor.id]: mock.targetConfig },
        suite: false,
        pact: true,
      });
      const r = reports[0];
      if (!r) throw new Error('no report');
      return r;
    };

    test('every interaction passes (or is not applicable, saying why), twice in a row, from the target config alone', async () => {
      for (const r of [await verify(), await verify()]) {
        expect(r.target.embeddedMock).toBe(false);
        expect(r.errors).toEqual([]);
        expect(r.warnings ?? []).toEqual([]);
        expect(r.contract?.providerStates).toBe('target-config');
        const checks = r.checks.filter((c) => c.origin === 'contract');
        expect(checks.length).toBe(r.contract?.interactions);
        expect(
          checks
            .filter(
              (c) =>
                c.outcome !== 'passed' &&
                !(c.outcome === 'not-applicable' && /^not replayed: /.test(c.message ?? '')),
            )
            .map((c) => `${c.title}: ${c.outcome}: ${c.message}`),
        ).toEqual([]);
        expect(checks.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(checks.length / 2);
        expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
        const json = JSON.stringify(r);
        const secrets = secretsOf(mock.targetConfig, vendor.secretPaths);
        expect(secrets.length).toBeGreaterThan(0);
        expect(secrets.filter((secret) => json.includes(secret))).toEqual([]);
      }
    }, 120_000);
  });
}

// Fair as well as sharp: the mock behaving another documented way (a reading variant, under its
// reading), or breaking only requirements that a reading switches on (a fault proven under such a
// reading, run here under the defaults), is a correct target: its contract must not fail.
for (const vendor of VENDORS) {
  const gated = new Set(vendor.requirements.filter((q) => q.reading !== undefined).map((q) => q.id));
  const correct = [
    ...vendor.variants.map((v) => ({ id: v.id, variants: [v.id], faults: [] as string[], readings: {} })),
    ...vendor.faults
      .filter(
        (f) =>
          !f.chaos &&
          f.readings &&
          Object.keys(f.readings).length > 0 &&
          f.breaks.every((id) => gated.has(id)),
      )
      .map((f) => ({
        id: `${f.id} (under the default readings)`,
        variants: [] as string[],
        faults: [f.id],
        // The defaults of the readings the fault is proven under (else it brings them along).
        readings: Object.fromEntries(
          Object.keys(f.readings ?? {}).map((k) => [
            k,
            vendor.readings.find((r) => r.configKey === k)?.default,
          ]),
        ),
      })),
  ];
  if (correct.length === 0) continue;
  describe(`${vendor.id}: the contract passes a correct target that reads an open point another way`, () => {
    const runs = new Map<string, Promise<VendorReport>>();
    const verified = (c: (typeof correct)[number]) => {
      let r = runs.get(c.id);
      if (!r) {
        r = queued(() =>
          runConformance({
            allVendors: VENDORS,
            vendors: [vendor.id],
            suite: false,
            pact: true,
            variants: c.variants,
            faults: c.faults,
            ...(c.faults.length ? { config: { [vendor.id]: { readings: c.readings } } } : {}),
          }),
        ).then((o) => o.reports[0] as VendorReport);
        runs.set(c.id, r);
        // Awaited by its test; until then a failure is not an unhandled rejection.
        r.catch(() => undefined);
      }
      return r;
    };
    starters.push(() => {
      for (const c of correct) verified(c);
    });
    for (const c of correct) {
      test(c.id, async () => {
        const r = await verified(c);
        expect(r.errors).toEqual([]);
        const broken = r.checks
          .filter((k) => k.origin === 'contract' && (k.outcome === 'failed' || k.outcome === 'errored'))
          .map((k) => `${k.title}: ${k.message?.split('\n').slice(0, 3).join(' | ')}`);
        expect(broken).toEqual([]);
      });
    }
  });
}
