// A second independent implementation per vendor (test/peers/<vendor>/second/server.mjs): plain
// JavaScript written by a helper that saw only page.txt, related.txt and the examples, deciding every
// open point its own way (each decision numbered in its header). Its target config (peer.json) was
// written afterwards from its fixtures and those decisions, readings included. The suite must pass it
// with nothing failed or errored and nothing left changed (no warning), on a fresh server and again on
// the same server. These peers found the faults behind five of the suite's fixes: a change that could
// not be put back (an empty Sociotoco set, a TextMarketer sub-account without a company name) and
// checks a broken variant of theirs passed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { runConformance } from '../../src/runner.ts';
import type { VendorReport } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

interface PeerFile {
  /** The API's base path on the peer's origin. */
  path: string;
  /** Target config sections for it, by name (one server each). */
  sections: Record<string, Record<string, unknown>>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Starts the peer on a free port: its base URL, and a way to stop it. */
async function startSecond(vendor: string, path: string): Promise<{ url: string; close: () => void }> {
  const port = await freePort();
  const server = new URL(`./${vendor}/second/server.mjs`, import.meta.url).pathname;
  const child = spawn(process.execPath, [server, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROKEN: '' },
  });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the ${vendor} peer exited (${code}): ${err}`)));
  });
  return { url: `http://127.0.0.1:${port}${path}`, close: () => child.kill() };
}

export function secondPeerTest(vendor: string, extra?: Record<string, (r: VendorReport) => void>): void {
  const file = JSON.parse(
    readFileSync(new URL(`./${vendor}/second/peer.json`, import.meta.url), 'utf8'),
  ) as PeerFile;
  for (const [name, section] of Object.entries(file.sections)) {
    describe(`${vendor}: the suite passes a second independent implementation (test/peers/${vendor}/second, ${name})`, () => {
      let peer: { url: string; close: () => void } | undefined;
      afterAll(() => peer?.close());
      const run = async (): Promise<VendorReport> => {
        peer ??= await startSecond(vendor, file.path);
        const { reports } = await runConformance(
          { allVendors: VENDORS, vendors: [vendor], baseUrl: peer.url, config: { [vendor]: section } },
          testRunner(),
        );
        const r = reports[0];
        if (!r) throw new Error('no report');
        return r;
      };
      const broken = (r: VendorReport) =>
        r.checks
          .filter((c) => c.outcome === 'failed' || c.outcome === 'errored')
          .map((c) => `${c.id}: ${c.message?.split('\n')[0] ?? ''}`);
      for (const when of ['a fresh server', 'the same server again']) {
        test(`conformant on ${when}: nothing failed or errored, nothing left changed`, async () => {
          const r = await run();
          expect(r.errors).toEqual([]);
          expect(broken(r)).toEqual([]);
          expect(r.warnings ?? []).toEqual([]);
          expect([r.verdict, r.exitCode]).toEqual(['conformant', 0]);
          extra?.[name]?.(r);
        });
      }
    });
  }
}
