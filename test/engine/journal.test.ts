// The restore journal (src/journal.ts, src/restore.ts) and the signal guard (src/signals.ts) on their
// own, with a restorer over an in-memory target: the file is private and durable, a run is refused
// while an entry is unfinished, a put-back that works finishes the entry and one that fails keeps it,
// and nothing a restore prints carries a secret. The real thing (the CLI killed against a mock) is in
// test/<vendor>/kill.test.ts.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  entryPath,
  findEntry,
  type JournalEntry,
  journalDir,
  parseEntry,
  readJournal,
  refusal,
  writeEntry,
} from '../../src/journal.ts';
import {
  closeJournal,
  type JournalTarget,
  openJournal,
  refuseUnfinished,
  replayJournal,
} from '../../src/restore.ts';
import { guardSignals } from '../../src/signals.ts';
import type { Restorer, VendorDefinition } from '../../src/types.ts';
import { run, tempDir } from './cli-helper.ts';

const SECRET = 'hunter2-journal-secret';

/** A target held in memory: `state` is what the run changes; `fail` makes every put-back fail. */
function fakeVendor(id = 'fake') {
  const target = { state: { name: 'as found' } as Record<string, string>, fail: false, reads: 0 };
  const restorer: Restorer = {
    async read() {
      target.reads += 1;
      return { ...target.state };
    },
    async putBack(_ctx, saved) {
      if (target.fail) return [`${id}: name not put back: the target refused the password ${SECRET}`];
      target.state = { ...(saved as Record<string, string>) };
      return [];
    },
  };
  const def = { id, restorer } as unknown as VendorDefinition;
  const t: JournalTarget = {
    def,
    section: { credentials: { password: SECRET } },
    context: { baseUrl: `http://127.0.0.1:1/${id}`, secrets: [SECRET] },
  };
  return { target, def, t };
}

function entry(over: Partial<JournalEntry> = {}): JournalEntry {
  return {
    version: 1,
    vendor: 'fake',
    baseUrl: 'http://127.0.0.1:1/fake',
    section: { credentials: { password: SECRET } },
    secrets: [SECRET],
    limits: { timeoutMs: 1000, maxBodyBytes: 1024 },
    saved: { name: 'as found' },
    restored: false,
    runId: 'rtest',
    pid: process.pid,
    startedAt: new Date(0).toISOString(),
    ...over,
  };
}

/** A pid that no process has any more (a child that ran and exited). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((done) => child.once('exit', done));
  return child.pid as number;
}

const limits = { runId: 'rtest', timeoutMs: 1000, maxBodyBytes: 1024 };

describe('the journal file', () => {
  test('is private, durable and named without the URL', () => {
    const dir = join(tempDir(), 'state');
    const path = writeEntry(dir, entry());
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual([path.slice(dir.length + 1)]); // no temporary file left
    expect(path).not.toContain('127.0.0.1');
    expect(entryPath(dir, 'fake', 'http://a')).not.toBe(entryPath(dir, 'fake', 'http://b'));
    expect(parseEntry(readFileSync(path, 'utf8'))).toEqual(entry());
  });

  test('a damaged file is said, never a crash', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fake-0.json'), '{"version": 1, "vendor": "x"');
    writeFileSync(join(dir, 'other-0.json'), '{"version": 2}');
    expect(readJournal(dir).damaged.map((d) => d.why)).toEqual([
      'not JSON',
      'not a journal entry of this tool (version 1)',
    ]);
  });

  test('lives under CONFORMANCE_STATE_DIR, else XDG_STATE_HOME, else ~/.local/state', () => {
    expect(journalDir({ CONFORMANCE_STATE_DIR: '/x', XDG_STATE_HOME: '/y' })).toBe('/x');
    expect(journalDir({ XDG_STATE_HOME: '/y' })).toBe('/y/legacy-api-conformance');
    expect(journalDir({})).toMatch(/\.local\/state\/legacy-api-conformance$/);
  });

  test('refuses a run while an entry is unfinished: a run that ended, or one still going', async () => {
    const dir = tempDir();
    const ended = { path: 'p', entry: entry({ pid: await deadPid() }) };
    expect(refusal(ended, ' --config t.json')).toMatch(
      /ended before it put back what it changed; put it back first: npx conformance restore --config t\.json$/,
    );
    const going = { path: 'p', entry: entry({ pid: process.ppid }) };
    expect(refusal(going, '')).toMatch(/another run rtest \(pid \d+, .*\) is changing this target now/);
    expect(refusal({ path: 'p', entry: entry({ restored: true }) }, '')).toBeUndefined();
    expect(refusal(undefined, '')).toBeUndefined();
    const { t } = fakeVendor();
    writeEntry(dir, entry({ pid: await deadPid() }));
    expect(() => refuseUnfinished([t], '', dir)).toThrow(/npx conformance restore/);
    // The embedded mock dies with the run: never journalled, never refused.
    expect(() => refuseUnfinished([{ ...t, mock: {} }], '', dir)).not.toThrow();
  });
});

describe('a run', () => {
  test('journals what it read before anything is changed, and finishes the entry when all went well', async () => {
    const dir = tempDir();
    const { target, t } = fakeVendor();
    const { held, warnings } = await openJournal([t], limits, dir);
    expect(warnings.size).toBe(0);
    const file = findEntry(dir, 'fake', t.context.baseUrl);
    expect(file?.entry).toMatchObject({ saved: { name: 'as found' }, restored: false, pid: process.pid });
    expect(file?.entry.section).toEqual(t.section); // the credentials a restore logs in with
    target.state.name = 'changed by the run';
    expect(await closeJournal(held, () => false, dir)).toEqual(new Map());
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a run that warned is put back from the journal; one whose put-back fails keeps its entry', async () => {
    const dir = tempDir();
    const ok = fakeVendor('ok');
    const bad = fakeVendor('bad');
    const { held } = await openJournal([ok.t, bad.t], limits, dir);
    ok.target.state.name = 'changed';
    bad.target.state.name = 'changed';
    bad.target.fail = true;
    const said = await closeJournal(held, () => true, dir);
    expect(ok.target.state.name).toBe('as found');
    expect(said.get('ok')).toEqual(['ok: put back from the restore journal']);
    expect(said.get('bad')?.join('\n')).toMatch(/\[REDACTED\][\s\S]*npx conformance restore/);
    expect(said.get('bad')?.join('\n')).not.toContain(SECRET);
    expect(findEntry(dir, 'ok', ok.t.context.baseUrl)).toBeUndefined();
    expect(findEntry(dir, 'bad', bad.t.context.baseUrl)?.entry.restored).toBe(false);
  });

  test('a target that cannot be read first is not journalled, and the run is told', async () => {
    const dir = tempDir();
    const { t, def } = fakeVendor();
    (def.restorer as Restorer).read = async () => {
      throw new Error(`login refused for ${SECRET}`);
    };
    const { held, warnings } = await openJournal([t], limits, dir);
    expect(held).toEqual([]);
    expect(warnings.get('fake')?.[0]).toMatch(/not in the restore journal/);
    expect(warnings.get('fake')?.[0]).not.toContain(SECRET);
  });
});

describe('conformance restore (replayJournal)', () => {
  test('puts back what an ended run left, leaves a live run alone, and says why not', async () => {
    const dir = tempDir();
    const ok = fakeVendor('ok');
    const held = fakeVendor('held');
    const gone = fakeVendor('gone');
    ok.target.state.name = 'left changed';
    const dead = await deadPid();
    writeEntry(dir, entry({ vendor: 'ok', baseUrl: ok.t.context.baseUrl, pid: dead }));
    writeEntry(dir, entry({ vendor: 'held', baseUrl: held.t.context.baseUrl, pid: process.ppid }));
    writeEntry(dir, entry({ vendor: 'gone', baseUrl: gone.t.context.baseUrl, pid: dead }));
    const { replayed } = await replayJournal([ok.def, held.def], { only: () => true }, dir);
    expect(ok.target.state.name).toBe('as found');
    expect(replayed.map((r) => [r.vendor, r.restored])).toEqual([
      ['gone', false],
      ['held', false],
      ['ok', true],
    ]);
    expect(replayed.find((r) => r.vendor === 'held')?.lines[0]).toMatch(/still running against it/);
    expect(replayed.find((r) => r.vendor === 'gone')?.lines[0]).toMatch(/no restorer/);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  test('a put-back that fails keeps the entry and prints no secret', async () => {
    const dir = tempDir();
    const bad = fakeVendor('bad');
    bad.target.fail = true;
    writeEntry(dir, entry({ vendor: 'bad', baseUrl: bad.t.context.baseUrl, pid: await deadPid() }));
    const { replayed } = await replayJournal([bad.def], { only: () => true }, dir);
    expect(replayed[0]?.restored).toBe(false);
    expect(JSON.stringify(replayed)).not.toContain(SECRET);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

describe('signals', () => {
  const listeners = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s));
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  test('the first puts back, then exits with the signal code; a second exits at once', async () => {
    const before = listeners();
    const exits: number[] = [];
    const said: string[] = [];
    let finishRestore: (lines: string[]) => void = () => {};
    remove = guardSignals({
      restore: () => new Promise((done) => (finishRestore = done)),
      boundMs: 10_000,
      err: (l) => said.push(l),
      exit: (c) => exits.push(c),
    });
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([]); // still putting back
    process.emit('SIGHUP', 'SIGHUP');
    expect(exits).toEqual([129]); // the second one: at once
    finishRestore(['fake: put back']);
    await new Promise((done) => setTimeout(done, 10));
    expect(exits).toEqual([129, 143]);
    expect(said.join('\n')).toMatch(
      /SIGTERM: stopping the run[\s\S]*SIGHUP again: exiting now[\s\S]*fake: put back/,
    );
    remove();
    remove = undefined;
    expect(listeners()).toEqual(before);
  });

  test('a restore that hangs is cut off at the bound (SIGINT: 130)', async () => {
    const exits: number[] = [];
    const said: string[] = [];
    remove = guardSignals({
      restore: () => new Promise(() => {}),
      boundMs: 50,
      err: (l) => said.push(l),
      exit: (c) => exits.push(c),
    });
    process.emit('SIGINT', 'SIGINT');
    await new Promise((done) => setTimeout(done, 120));
    expect(exits).toEqual([130]);
    expect(said.at(-1)).toMatch(/longer than 50 ms: npx conformance restore finishes it/);
  });
});

describe('the CLI', () => {
  test('a run against a target with an unfinished entry is refused (exit 2) with the command; restore and --forget', async () => {
    const dir = tempDir();
    const previous = process.env.CONFORMANCE_STATE_DIR;
    process.env.CONFORMANCE_STATE_DIR = dir;
    try {
      const baseUrl = 'http://127.0.0.1:9/services/rest';
      const config = join(tempDir(), 'target.json');
      const { start } = await import('../../mocks/textmarketer/index.ts');
      const mock = await start();
      await mock.close(); // only its section: the run is refused before any request
      writeFileSync(config, JSON.stringify({ textmarketer: { ...mock.targetConfig, baseUrl } }));
      writeEntry(dir, entry({ vendor: 'textmarketer', baseUrl, pid: await deadPid() }));
      const refused = await run(['run', 'textmarketer', '--config', config, '--report-dir', tempDir()]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`npx conformance restore --config ${config}`);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      // Restoring needs the target (down here): said per target, exit 1, the entry kept, no secret.
      const failed = await run(['restore', '--config', config]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(
        /^not restored: textmarketer at http:\/\/127\.0\.0\.1:9\/services\/rest$/m,
      );
      expect(failed.stdout).not.toContain(SECRET);
      expect(readdirSync(dir)).toHaveLength(1);
      const forgotten = await run(['restore', '--forget', '--config', config]);
      expect([forgotten.code, forgotten.stdout]).toEqual([
        0,
        expect.stringMatching(/^forgotten: textmarketer/),
      ]);
      expect(readdirSync(dir)).toEqual([]);
      expect((await run(['restore'])).stdout).toMatch(/^nothing to restore/);
    } finally {
      if (previous === undefined) delete process.env.CONFORMANCE_STATE_DIR;
      else process.env.CONFORMANCE_STATE_DIR = previous;
    }
  });
});
