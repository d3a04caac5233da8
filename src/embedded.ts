// The embedded mock serves a suite from the suite's own thread. The engine starts one instance per
// vendor (its config is checked against it, and the contracts are verified against it); the
// SuiteRunner's entry file then starts another instance of the same mock, with the same faults, in
// the worker, before the suite file, and the suite talks to that one. A loopback request to another
// thread pays that thread's wake-up in every write (about 0.2 ms here, 1,900 times a run --all);
// within one thread it does not, and the engine's thread has nothing to serve while the suites run.
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';
import { EMBEDDED_KEY, type RunningMock, type SuiteContext } from './types.ts';
import type { MockDefinition } from './vendor.ts';

/**
 * The context against this thread's instance: every string of the engine's instance that differs in
 * this one (its URLs: the base URL, ePrize's fixtures) is swapped wherever the context holds it; the
 * user's own values and everything else stay.
 */
export function rebase(ctx: SuiteContext, mine: Pick<RunningMock, 'url' | 'targetConfig'>): SuiteContext {
  const e = ctx.embedded;
  if (!e) return ctx;
  const moved = new Map<string, string>([[e.url, mine.url.replace(/\/+$/, '')]]);
  const pair = (a: unknown, b: unknown): void => {
    if (typeof a === 'string' && typeof b === 'string') {
      if (a !== b) moved.set(a, b);
    } else if (a && b && typeof a === 'object' && typeof b === 'object')
      for (const [k, v] of Object.entries(a)) pair(v, (b as Record<string, unknown>)[k]);
  };
  pair(e.targetConfig, mine.targetConfig);
  const swap = <T>(v: T): T =>
    (typeof v === 'string'
      ? (moved.get(v) ?? v)
      : Array.isArray(v)
        ? v.map(swap)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]))
          : v) as T;
  return { ...ctx, baseUrl: swap(ctx.baseUrl), config: swap(ctx.config), secrets: ctx.secrets.map(swap) };
}

/**
 * Called by an entry file before its suite file: starts the target's mock in this thread (closed
 * after the file) and leaves the context against it for the suite (src/suite.ts suiteContext). The
 * file's task meta names the instance's URL, for the report.
 */
export async function embedInThisThread(key: string): Promise<void> {
  const ctx = (inject('conformance') as Record<string, SuiteContext> | undefined)?.[key];
  const e = ctx?.embedded;
  if (!ctx || !e) return;
  const { mock } = (await import(pathToFileURL(e.module).href)) as { mock: MockDefinition };
  const running = await mock.start({ faults: e.faults });
  afterAll(() => running.close());
  const mine = rebase(ctx, running);
  const g = globalThis as Record<string, unknown>;
  g[EMBEDDED_KEY] = { ...(g[EMBEDDED_KEY] as Record<string, SuiteContext> | undefined), [key]: mine };
  // biome-ignore lint/correctness/noEmptyPattern: vitest wants a destructuring pattern first; the file is second
  beforeAll(({}, file) => {
    file.meta.conformanceBaseUrl = mine.baseUrl;
  });
}
