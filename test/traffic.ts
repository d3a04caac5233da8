// The passive proof's harness (issue 14): a vendor's reference mock (faults on, if any), the traffic
// proxy in front of it as `conformance proxy` starts it, and a client session driven through the
// proxy. Answers the HAR the proxy recorded and the traffic report (checks of origin 'traffic').
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { DEFAULTS } from '../src/config.ts';
import type { Har } from '../src/har.ts';
import { TOOL } from '../src/tool.ts';
import { TrafficJudge } from '../src/traffic.ts';
import { startProxy } from '../src/traffic-proxy.ts';
import type { VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';

export type Drive = (baseUrl: string, section: Record<string, unknown>) => Promise<void>;

export interface Recorded {
  har: Har;
  report: VendorReport;
  /** The console lines the judge printed (one per violation) and the proxy's own. */
  lines: string[];
  /** The vendor section the session was judged with (the mock's fixtures, the readings). */
  section: Record<string, unknown>;
  /** Requirement IDs that failed in the report, sorted. */
  failed: string[];
  /** Requirement IDs the traffic judged (passed or failed), sorted. */
  judged: string[];
}

/** The vendor section a session drives: the mock's fixtures, the readings merged over its own. */
export function sectionOf(
  targetConfig: Record<string, unknown>,
  readings: Record<string, unknown> = {},
): Record<string, unknown> {
  const own = (targetConfig.readings ?? {}) as Record<string, unknown>;
  return { ...targetConfig, readings: { ...own, ...readings } };
}

export async function recordSession(
  vendorId: string,
  opts: { faults?: string[]; readings?: Record<string, unknown> },
  drive: Drive,
): Promise<Recorded> {
  const vendor = VENDORS.find((v) => v.id === vendorId);
  if (!vendor) throw new Error(`no vendor ${vendorId}`);
  const mock = await vendor.startMock({ faults: opts.faults ?? [] });
  try {
    const section = sectionOf(mock.targetConfig, opts.readings);
    return await recordAgainst(vendorId, String(mock.targetConfig.baseUrl ?? mock.url), section, drive);
  } finally {
    await mock.close();
  }
}

/**
 * A session driven through the proxy in front of any running target (a mock, a peer): judged with
 * `section` (its fixtures and readings) as `conformance proxy --target baseUrl` judges it.
 */
export async function recordAgainst(
  vendorId: string,
  baseUrl: string,
  section: Record<string, unknown>,
  drive: Drive,
): Promise<Recorded> {
  const vendor = VENDORS.find((v) => v.id === vendorId);
  if (!vendor?.passive) throw new Error(`${vendorId}: no passive rules`);
  const rules = await vendor.passive();
  const lines: string[] = [];
  const judge = new TrafficJudge({
    vendor,
    rules,
    section,
    tool: TOOL,
    baseUrl,
    source: 'proxy',
  });
  let observed = 0;
  const proxy = await startProxy({
    target: baseUrl,
    timeoutMs: DEFAULTS.timeoutMs,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    observe: (x, meta) => {
      observed++;
      lines.push(...judge.add(x, meta));
    },
    report: () => JSON.stringify(judge.report()),
    log: (l) => lines.push(l),
    har: {},
  });
  try {
    await drive(proxy.url, { ...section, baseUrl: proxy.url });
    // The judge sees an exchange just after its answer: wait until it has seen every one.
    await vi.waitFor(() => {
      if (observed < proxy.stats().forwarded) throw new Error('not judged yet');
    });
    const report = judge.report();
    const ids = (pred: (o: string) => boolean) =>
      report.requirements
        .filter((r) => pred(r.outcome))
        .map((r) => r.id)
        .sort();
    return {
      har: proxy.har(),
      report,
      section,
      lines,
      failed: ids((o) => o === 'failed' || o === 'errored'),
      judged: ids((o) => o === 'failed' || o === 'errored' || o === 'passed'),
    };
  } finally {
    await proxy.close();
  }
}

/** Writes a HAR where `conformance check --har` can read it; answers the path. */
export function writeHar(har: Har, name: string): string {
  const path = join(tmpdir(), `conformance-${process.pid}-${name}.har`);
  writeFileSync(path, JSON.stringify(har));
  return path;
}
