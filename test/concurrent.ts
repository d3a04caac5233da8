// Two runs at once against one target, as two CI machines run them: the real CLI, spawned twice at
// the same moment against one mock that outlives both (reached by URL), each with its own state
// directory, so neither run's lease (the restore journal) can see the other. Neither may report a
// failure of the target (errored "changed by another client" is allowed, failed is not), and the
// target must read back as before both, except a field a restore left to the other writer (said in
// that run's report).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CHANGED_BY_ANOTHER, isLeftToAnother } from '../src/concurrent.ts';
import type { RunningMock, VendorReport } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';
import { BIN, cleanEnv, tempDir } from './engine/cli-helper.ts';

export interface ConcurrentTarget {
  vendor: string;
  /**
   * The state the suite changes, as the vendor's API reads it; absent where a run changes nothing
   * it could put back (ePrize only creates profiles, each under its own run id, and reads none).
   */
  state?: (mock: RunningMock) => Promise<unknown>;
  /** Config over the mock's own section. */
  section?: Record<string, unknown>;
  /**
   * The target must end as before both runs even when a run left the other's values (the other
   * then put back its own): true where every field a restore may leave is one the other run writes.
   */
  endsAsBefore?: boolean;
}

export interface ConcurrentOutcome {
  codes: number[];
  /** Per run, the checks errored because another client changed the target. */
  byAnother: number[];
  /** Per run, the warnings of fields a restore left to the other writer. */
  leftToAnother: string[][];
  /** Did the two runs overlap in time (from their reports)? */
  overlapped: boolean;
}

export function runOnce(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('exit', (code) => done({ code: code ?? -1, stderr }));
  });
}

export async function concurrentProof(t: ConcurrentTarget): Promise<ConcurrentOutcome> {
  const def = VENDORS.find((v) => v.id === t.vendor);
  if (!def) throw new Error(`no vendor ${t.vendor}`);
  const mock = await def.startMock({});
  const dir = tempDir('conformance-concurrent-');
  const config = join(dir, 'target.json');
  writeFileSync(
    config,
    JSON.stringify({ [t.vendor]: { ...mock.targetConfig, ...t.section, baseUrl: mock.url } }),
  );
  try {
    const before = await t.state?.(mock);
    const runs = [1, 2].map((n) => {
      const stateDir = join(dir, `state-${n}`);
      mkdirSync(stateDir, { mode: 0o700 });
      const env = { ...cleanEnv(), CONFORMANCE_STATE_DIR: stateDir, PACT_DO_NOT_TRACK: 'true' };
      const reports = join(dir, `reports-${n}`);
      const args = ['run', t.vendor, '--config', config, '--report-dir', reports, '--quiet'];
      return runOnce(args, env).then((r) => ({ ...r, stateDir, reports }));
    });
    const done = await Promise.all(runs);
    const out: ConcurrentOutcome = { codes: [], byAnother: [], leftToAnother: [], overlapped: false };
    const windows: [number, number][] = [];
    for (const r of done) {
      expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
      const report = JSON.parse(
        readFileSync(join(r.reports, t.vendor, 'report.json'), 'utf8'),
      ) as VendorReport & { run: { startedAt: string; finishedAt: string } };
      const failed = report.checks.filter((c) => c.outcome === 'failed');
      expect(
        failed.map((c) => `${c.id}: ${c.failure ? JSON.stringify(c.failure) : c.message}`),
        'no failure of the target',
      ).toEqual([]);
      const errored = report.checks.filter((c) => c.outcome === 'errored');
      // Errored only because another client changed the target, never for another reason.
      expect(
        errored.filter((c) => !c.message?.includes(CHANGED_BY_ANOTHER)).map((c) => `${c.id}: ${c.message}`),
      ).toEqual([]);
      expect(errored.every((c) => c.errorKind === 'precondition')).toBe(true);
      // A run with errored checks is never 0, one without is conformant.
      expect(r.code, r.stderr).toBe(errored.length > 0 ? 1 : 0);
      expect(
        readdirSync(r.stateDir),
        `the journal entry is finished (warnings: ${JSON.stringify(report.warnings ?? [])}; ${r.stderr})`,
      ).toEqual([]);
      out.codes.push(r.code);
      out.byAnother.push(errored.length);
      out.leftToAnother.push((report.warnings ?? []).filter(isLeftToAnother));
      windows.push([Date.parse(report.run.startedAt), Date.parse(report.run.finishedAt)]);
    }
    const [a, b] = windows as [[number, number], [number, number]];
    out.overlapped = a[0] < b[1] && b[0] < a[1];
    const left = out.leftToAnother.flat();
    if (t.state && (left.length === 0 || t.endsAsBefore))
      expect(await t.state(mock), 'the target reads back as before both runs').toEqual(before);
    return out;
  } finally {
    await mock.close();
  }
}
