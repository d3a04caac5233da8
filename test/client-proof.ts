// The client-side proof's harness (mock --check-client): a vendor's reference mock started with its
// client rules watching, as the CLI starts it, and a way to send one request and read back what the
// mock answered and which requirements that one request broke.
import { vi } from 'vitest';
import { ClientCheck } from '../src/client-check.ts';
import { TOOL } from '../src/tool.ts';
import type { RunningMock, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';

export interface Sent {
  status: number;
  body: string;
  /** Requirement IDs this request broke, in the order judged. */
  violations: string[];
  /** Requirement IDs it was judged on. */
  judged: string[];
}

export interface JudgedMock {
  mock: RunningMock;
  check: ClientCheck;
  lines: string[];
  send: (url: string, init?: RequestInit) => Promise<Sent>;
  report: () => VendorReport;
  close: () => Promise<void>;
}

export async function startJudged(id: string, faults: string[] = []): Promise<JudgedMock> {
  const vendor = VENDORS.find((v) => v.id === id);
  if (!vendor?.client) throw new Error(`${id}: no client rules`);
  const lines: string[] = [];
  const check = new ClientCheck({
    vendor,
    rules: await vendor.client(),
    tool: TOOL,
    log: (l) => lines.push(l),
  });
  const mock = await vendor.startMock({ faults, inspector: check.inspector });
  check.use({
    url: mock.url,
    faults,
    sections: [mock.targetConfig, ...Object.values(mock.alternatives ?? {})],
  });
  const send = async (url: string, init: RequestInit = {}): Promise<Sent> => {
    const before = check.judgedRequests;
    const res = await fetch(url, { redirect: 'manual', ...init });
    const body = await res.text();
    await vi.waitFor(() => {
      if (check.judgedRequests <= before) throw new Error('not judged yet');
    });
    const n = before + 1;
    const mine = check
      .report()
      .checks.filter((c) => c.id === `client-${n}` || c.id.startsWith(`client-${n}-`));
    return {
      status: res.status,
      body,
      violations: mine.filter((c) => c.outcome === 'failed').flatMap((c) => c.requirements),
      judged: mine.flatMap((c) => c.requirements),
    };
  };
  return { mock, check, lines, send, report: () => check.report(), close: () => mock.close() };
}
