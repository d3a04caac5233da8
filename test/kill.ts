// The restore journal proven the hard way: the real CLI (spawned, as CI runs it) against a mock that
// outlives it, killed with SIGTERM (it puts back what it changed, then exits 143) and with SIGKILL
// (nothing runs in process: `conformance restore` puts it back from the journal alone), at points
// spread over the part of the run that changes the target. After each, the target must read back
// exactly as before the run. KILL_POINTS=n kills at n points per signal (default 2: npm test);
// a bench-style run sets it to 30 or more.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunningMock } from '../src/types.ts';
import { VENDORS } from '../vendors.ts';
import { BIN, type CliResult, cleanEnv, tempDir } from './engine/cli-helper.ts';

export interface KillTarget {
  vendor: string;
  /** The state the suite changes, as the vendor's API reads it (what no client can restore left out). */
  state: (mock: RunningMock) => Promise<unknown>;
  /** Config over the mock's own section. */
  section?: Record<string, unknown>;
}

export interface KillCounts {
  vendor: string;
  signal: NodeJS.Signals;
  points: number;
  /** Kills that found the target changed (so the put-back had work to do). */
  changedAtKill: number;
  /** Points the run had already finished by (a slow machine): nothing to prove there, not counted. */
  missed: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
}

/** When `cond` first holds while the child runs (undefined: it ended, or the limit passed, first). */
async function when(
  cond: () => Promise<boolean> | boolean,
  child: ChildProcess,
  limitMs = 90_000,
): Promise<number | undefined> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    if (await cond()) return Date.now();
    if (child.exitCode !== null) return undefined;
    await sleep(15);
  }
  return undefined;
}

/** Kill points per signal: KILL_POINTS, else 2 (npm test). */
export const KILL_POINTS = Number(process.env.KILL_POINTS ?? 2);

/**
 * Generated values per domain side in the killed runs: a few in npm test (the same kinds of change,
 * put back the same way, in a shorter run), the default (20) when KILL_POINTS asks for more points.
 */
const EXAMPLES = process.env.KILL_POINTS === undefined ? ['--examples', '3'] : [];

/** A kill test's time limit: a whole run, then a run, a kill and a restore per point and signal. */
export const KILL_TIMEOUT = 120_000 + KILL_POINTS * 2 * 45_000;

export async function killProof(t: KillTarget, points = KILL_POINTS): Promise<KillCounts[]> {
  const def = VENDORS.find((v) => v.id === t.vendor);
  if (!def) throw new Error(`no vendor ${t.vendor}`);
  const mock = await def.startMock({});
  const dir = tempDir('conformance-kill-');
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir, { mode: 0o700 });
  const config = join(dir, 'target.json');
  writeFileSync(
    config,
    JSON.stringify({ [t.vendor]: { ...mock.targetConfig, ...t.section, baseUrl: mock.url } }),
  );
  // The CLI's temporary files go here: a run stopped by SIGTERM must leave none of its own behind.
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const env = { ...cleanEnv(), CONFORMANCE_STATE_DIR: stateDir, TMPDIR: tmp };
  const ownTemp = () => readdirSync(tmp).filter((n) => n.startsWith('conformance-'));
  const start = () =>
    spawn(
      process.execPath,
      [
        BIN,
        'run',
        t.vendor,
        '--config',
        config,
        '--report-dir',
        join(dir, 'reports'),
        '--quiet',
        ...EXAMPLES,
      ],
      {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  const restore = () =>
    new Promise<CliResult>((done) =>
      execFile(
        process.execPath,
        [BIN, 'restore', '--config', config],
        { env, timeout: 60_000 },
        (err, stdout, stderr) =>
          done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      ),
    );
  const counts: KillCounts[] = [];
  try {
    const before = await t.state(mock);
    const journalled = () => readdirSync(stateDir).some((n) => n.endsWith('.json'));
    const same = async () => JSON.stringify(await t.state(mock)) === JSON.stringify(before);
    // A whole run first: it must leave the target as found, and it times the part that changes it
    // (from the first change seen to the last).
    const whole = start();
    const journalAt = await when(journalled, whole);
    const firstAt = await when(async () => !(await same()), whole);
    const lastAt = await when(same, whole);
    const code = await exited(whole);
    let changing = (lastAt ?? Date.now()) - (firstAt ?? Date.now());
    expect(journalAt, 'the run wrote its journal entry').toBeDefined();
    expect(firstAt, 'the run changed the target').toBeDefined();
    expect(code).toBe(0);
    expect(readdirSync(stateDir)).toEqual([]);
    expect(await t.state(mock)).toEqual(before);

    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const c: KillCounts = { vendor: t.vendor, signal, points: 0, changedAtKill: 0, missed: 0 };
      // Until `points` kills have landed mid-run (at most twice as many tries): a point the run had
      // already finished by is a miss, and the changing part is taken as that run's, shorter.
      for (let tries = 0; c.points < points && tries < points * 2; tries++) {
        const i = c.points;
        const child = start();
        let endedAt: number | undefined;
        child.once('exit', () => {
          endedAt = Date.now();
        });
        let stderr = '';
        child.stderr?.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        // The first point falls just before the first change (journalled, nothing sent yet); the
        // second at the first change seen (so some kill always finds the target changed, however
        // fast the machine); the others spread over the changing part of the run, up to its end.
        const at = await when(i === 0 ? journalled : async () => !(await same()), child);
        expect(at, `${signal} #${i}: the run reached its first change`).toBeDefined();
        if (i > 1) await sleep(Math.floor((changing * (i - 1) * 0.9) / Math.max(1, points - 1)));
        const changed = !(await same());
        const missed = () => {
          c.missed += 1;
          changing = Math.min(changing, (endedAt ?? Date.now()) - (at ?? Date.now()));
        };
        if (!child.kill(signal) || child.exitCode !== null) {
          missed();
          expect(await exited(child)).toBe(0);
          expect(await t.state(mock)).toEqual(before);
          continue;
        }
        const exit = await exited(child);
        if (exit === 0 || (signal === 'SIGTERM' && exit === null)) {
          // It ended between the last look and the signal (a zombie still takes a kill), or the signal
          // came after the CLI's handlers were gone (the run over, the process exiting): a whole run.
          missed();
          expect(await t.state(mock)).toEqual(before);
          expect(readdirSync(stateDir)).toEqual([]);
          continue;
        }
        c.points += 1;
        if (changed) c.changedAtKill += 1;
        if (signal === 'SIGTERM') {
          // It put back what it changed itself, before exiting with the signal's code.
          expect(exit, stderr).toBe(143);
          expect(stderr).not.toMatch(/\n\s+at /); // never a stack trace
          expect(await t.state(mock), `${signal} #${i}: put back in process`).toEqual(before);
          expect(readdirSync(stateDir)).toEqual([]);
          expect(ownTemp(), 'no temporary directory left').toEqual([]);
        } else if (changed) expect(readdirSync(stateDir), 'the journal outlives SIGKILL').toHaveLength(1);
        const restored = await restore();
        expect(restored.code, `${restored.stdout}${restored.stderr}`).toBe(0);
        expect(await t.state(mock), `${signal} #${i} after ${changed ? 'a change' : 'no change'}`).toEqual(
          before,
        );
        expect(readdirSync(stateDir)).toEqual([]);
      }
      expect(c.points, `${signal}: kills that landed mid-run (${c.missed} missed)`).toBe(points);
      counts.push(c);
    }
    return counts;
  } finally {
    await mock.close();
  }
}
