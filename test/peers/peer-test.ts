// One harness for the peer implementations (test/peers/<vendor>/server.ts): independent
// implementations written from page.txt and related.txt alone. The suite, configured honestly for a
// peer (its credentials, fixtures and the readings matching the choices in its header comment),
// must pass it with nothing failed or errored, with and without --strict.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runConformance } from '../../src/runner.ts';
import type { VendorReport } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

export interface Peer {
  url: string;
  close(): Promise<void>;
  fixtures: Record<string, unknown>;
}

export function peerTest(
  vendor: string,
  startPeer: () => Promise<Peer>,
  sectionFor: (fixtures: Record<string, unknown>) => Record<string, unknown>,
): void {
  describe(`${vendor}: the suite passes an independent implementation (test/peers/${vendor})`, () => {
    let peer: Peer;
    const runner = testRunner();
    beforeAll(async () => {
      peer = await startPeer();
    });
    afterAll(async () => {
      await peer.close();
    });

    const run = async (strict: boolean, pact = false): Promise<VendorReport> => {
      const { reports } = await runConformance(
        {
          allVendors: VENDORS,
          vendors: [vendor],
          baseUrl: peer.url,
          config: { [vendor]: sectionFor(peer.fixtures) },
          strict,
          ...(pact ? { suite: false, pact: true } : {}),
        },
        runner,
      );
      const report = reports[0];
      if (!report) throw new Error('no report');
      return report;
    };
    const broken = (r: VendorReport) =>
      r.requirements
        .filter((q) => q.outcome === 'failed' || q.outcome === 'errored')
        .map(
          (q) =>
            `${q.id}: ${
              r.checks
                .find(
                  (c) => c.requirements.includes(q.id) && (c.outcome === 'failed' || c.outcome === 'errored'),
                )
                ?.message?.split('\n')
                .slice(0, 3)
                .join(' | ') ?? ''
            }`,
        );

    test('conformant: nothing failed or errored, exit 0', async () => {
      const r = await run(false);
      expect(r.errors).toEqual([]);
      expect(broken(r)).toEqual([]);
      expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
    });

    test('conformant under --strict too (the peer runs long-lived: a second run passes as well)', async () => {
      const r = await run(true);
      expect(r.errors).toEqual([]);
      expect(broken(r)).toEqual([]);
      expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
    });

    test('its contract verifies with only its target config: every interaction passed or not applicable with a reason, exit 0', async () => {
      const r = await run(false, true);
      expect(r.errors).toEqual([]);
      const checks = r.checks.filter((c) => c.origin === 'contract');
      expect(checks.length).toBe(r.contract?.interactions);
      expect(
        checks
          .filter((c) => c.outcome !== 'passed' && c.outcome !== 'not-applicable')
          .map((c) => `${c.title}: ${c.outcome}: ${c.message?.split('\n').slice(0, 4).join(' | ')}`),
      ).toEqual([]);
      for (const c of checks.filter((k) => k.outcome === 'not-applicable'))
        expect(c.message).toMatch(/^not replayed: /);
      expect(r.contract?.providerStates).toBe('target-config');
      expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
    });
  });
}
