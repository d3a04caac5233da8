// A real target keeps its state between runs: the suite must pass it twice in a row (values unique
// per run, no collision with what the last run created, what it changed put back).
import { describe, expect, test } from 'vitest';
import { runConformance } from '../src/runner.ts';
import { VENDORS } from '../vendors.ts';
import { testRunner } from './runner.ts';

const runner = testRunner();

describe('the same target, twice', () => {
  for (const vendor of VENDORS) {
    test(`${vendor.id}: two runs in a row against one long-lived target both pass`, async () => {
      const mock = await vendor.startMock({});
      try {
        for (let run = 1; run <= 2; run++) {
          const { reports } = await runConformance(
            {
              allVendors: VENDORS,
              vendors: [vendor.id],
              baseUrl: mock.url,
              config: { [vendor.id]: mock.targetConfig },
            },
            runner,
          );
          const r = reports[0];
          const broken = r?.requirements
            .filter((q) => q.outcome === 'failed' || q.outcome === 'errored')
            .map((q) => q.id);
          expect({ run, verdict: r?.verdict, broken }).toEqual({ run, verdict: 'conformant', broken: [] });
        }
      } finally {
        await mock.close();
      }
    });
  }
});
