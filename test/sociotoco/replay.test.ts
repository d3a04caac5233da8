// --seed replays the generated values: two runs of the Sociotoco suite with the same seed send the
// same generated requests (only time, and so sig, move on).
import { describe, expect, test } from 'vitest';
import { start } from '../../mocks/sociotoco/index.ts';
import { runConformance } from '../../src/runner.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

/** The generated checks' requirements (the hand-picked checks of these run too). */
const GENERATED = ['SOC-ERR-210', 'SOC-ERR-403', 'SOC-ERR-406', 'SOC-SID-CASE', 'SOC-ADDED-PROFILES'];

/** The requests one run sends to a fresh mock, without time and sig (they depend on the clock). */
async function requestsOf(seed: number): Promise<string[]> {
  const seen: string[] = [];
  const mock = await start({
    inspector: {
      observe: (request) => {
        const url = new URL(request.url, 'http://mock');
        url.searchParams.delete('time');
        // a wrong sig is an edit of the right one: keep only whether it is a digest's length
        const sig = url.searchParams.get('sig');
        url.searchParams.delete('sig');
        seen.push(`${url.search} sig:${sig?.length ?? 'none'}`);
      },
    },
  });
  try {
    const { reports } = await runConformance(
      {
        allVendors: VENDORS,
        vendors: ['sociotoco'],
        baseUrl: mock.url,
        // the hand-picked checks' per-run values fixed, so only the generated ones could differ
        config: { sociotoco: { ...mock.targetConfig, unknownSid: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' } },
        filter: { only: GENERATED, exclude: [] },
        seed,
        examples: 20,
      },
      testRunner(),
    );
    expect(reports[0]?.verdict).toBe('conformant');
    return seen;
  } finally {
    await mock.close();
  }
}

describe('sociotoco: the seed replays the generated requests', () => {
  // (that another seed gives other values is test/sociotoco/domains.test.ts', without two more runs)
  test('same seed, same requests', async () => {
    const a = await requestsOf(20240601);
    const b = await requestsOf(20240601);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
  });
});
