// The passive rules (suites/<vendor>/passive.ts) on the peer implementations (issue 14's fairness):
// a rule that only our mock satisfies is a false failure. The vendor's own well-behaved client
// session (test/<vendor>/traffic-session.ts) is driven through the traffic proxy against the peer,
// judged with the peer's honest section (test/peers/<vendor>/target.ts: its fixtures, and the
// readings its header states): nothing may fail, and the requirements judged are the ones listed.
// `conformance check <vendor> --har` on the HAR the proxy recorded must agree. A peer that cannot
// start skips both tests visibly (the reason in the skip note and on the console), never passes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Drive, type Recorded, recordAgainst } from '../traffic.ts';
import { checkHar } from '../traffic-proof.ts';
import type { Peer } from './peer-test.ts';

export interface PeerSession {
  startPeer: () => Promise<Peer>;
  sectionFor: (fixtures: Record<string, unknown>) => Record<string, unknown>;
  /** The session to drive, given the peer's fixtures (the vendor's traffic-session drive, bound where it needs them). */
  drive: (fixtures: Record<string, unknown>) => Drive;
  /** The requirements the session judges on this peer, sorted or not. */
  judged: readonly string[];
  /**
   * Traffic of the peer's own documented choices that the vendor's session does not send (each a rule
   * found unfair on it, then fixed): no violation, and at least the requirements named are judged.
   */
  more?: readonly {
    title: string;
    drive: (fixtures: Record<string, unknown>) => Drive;
    judges: readonly string[];
  }[];
}

export function peerPassiveTest(vendor: string, p: PeerSession): void {
  describe(`${vendor}: the passive rules on an independent implementation (test/peers/${vendor})`, () => {
    let peer: Peer | undefined;
    let unavailable = '';
    let recording: Promise<Recorded> | undefined;
    beforeAll(async () => {
      try {
        peer = await p.startPeer();
      } catch (e) {
        unavailable = `the ${vendor} peer did not start: ${e instanceof Error ? e.message : String(e)}`;
        console.warn(`SKIPPED ${unavailable}`);
      }
    });
    afterAll(() => peer?.close());

    /** The session through the proxy, recorded once for both tests. */
    const record = (running: Peer): Promise<Recorded> => {
      recording ??= recordAgainst(
        vendor,
        running.url,
        p.sectionFor(running.fixtures),
        p.drive(running.fixtures),
      );
      return recording;
    };

    test('a correct session through the proxy: no violation, and the requirements judged are the listed ones', async (ctx) => {
      if (!peer) return ctx.skip(unavailable);
      const r = await record(peer);
      expect(r.failed, r.lines.join('\n')).toEqual([]);
      expect(r.report.errors).toEqual([]);
      expect(r.judged).toEqual([...p.judged].sort());
      expect(r.report.traffic?.exchanges).toBe(r.har.log.entries.length);
      expect([r.report.verdict, r.report.exitCode]).toEqual(['conformant', 0]);
    });

    test('conformance check --har on the recorded HAR agrees: nothing failed, the same requirements judged, exit 0', async (ctx) => {
      if (!peer) return ctx.skip(unavailable);
      const r = await record(peer);
      const har = await checkHar(vendor, r, 'peer');
      expect(har.failed, har.out.join('\n')).toEqual([]);
      expect(Object.keys(har.report.traffic?.judged ?? {}).sort()).toEqual(r.judged);
      expect(har.report.traffic?.exchanges).toBe(r.har.log.entries.length);
      expect(har.code).toBe(0);
    });

    for (const m of p.more ?? [])
      test(`${m.title}: no violation, and ${m.judges.join(', ')} judged`, async (ctx) => {
        if (!peer) return ctx.skip(unavailable);
        const r = await recordAgainst(vendor, peer.url, p.sectionFor(peer.fixtures), m.drive(peer.fixtures));
        expect(r.failed, r.lines.join('\n')).toEqual([]);
        expect(r.judged).toEqual(expect.arrayContaining([...m.judges]));
      });
  });
}
