// Two runs at once against one Sociotoco set, from two "machines" (test/concurrent.ts: the real CLI
// twice, each with its own CONFORMANCE_STATE_DIR, against one long-lived mock): no false failure (a
// check that meets the other run's writes is errored "changed by another client"), and the set reads
// back as before both runs (but for its version). Then another client writing during one run, in
// front of the mock (deterministic), and the pure decisions of suites/sociotoco/ownership.ts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CheckFailure, PreconditionLost } from '../../src/check.ts';
import { CHANGED_BY_ANOTHER, isLeftToAnother, leftToAnother } from '../../src/concurrent.ts';
import type { RunningMock, VendorReport } from '../../src/types.ts';
import { checkReadback, type SetView } from '../../suites/sociotoco/checks.ts';
import {
  anothersIn,
  explainedBy,
  judgeRead,
  movedBetween,
  repeatedStep,
  restoreSetStep,
  setLog,
} from '../../suites/sociotoco/ownership.ts';
import { putBackSet } from '../../suites/sociotoco/requests.ts';
import { type Algorithm, type Param, queryString, sign } from '../../suites/sociotoco/sign.ts';
import { VENDORS } from '../../vendors.ts';
import { concurrentProof, runOnce } from '../concurrent.ts';
import { cleanEnv, tempDir } from '../engine/cli-helper.ts';
import { exchange } from '../exchange.ts';
import { frontProxy } from '../front-proxy.ts';

type Cfg = { apiKey: string; secret: string; algorithm: Algorithm; sid: string; profileIds: string[] };

/** A signed request straight to the mock (another client, with the same key). */
async function direct(mock: RunningMock, method: string, extra: Param[] = []): Promise<string> {
  const cfg = mock.targetConfig as Cfg;
  const params: Param[] = [
    ['method', method],
    ['key', cfg.apiKey],
    ['sid', cfg.sid],
    ...extra,
    ['time', String(Math.floor(Date.now() / 1000))],
  ];
  const sig = sign(params, { secret: cfg.secret, algorithm: cfg.algorithm });
  return (await fetch(`${mock.url}?${queryString([...params, ['sig', sig]])}`)).text();
}

/** The set, but for its version (every change moves it, putting back included). */
const set = async (mock: RunningMock): Promise<string> =>
  (await direct(mock, 'sociotoco.sets.get')).replace(/version="\d+"/, '');

test('sociotoco: two runs at once against one set: no false failure, nothing left changed', async () => {
  const out = await concurrentProof({ vendor: 'sociotoco', state: set, endsAsBefore: true });
  console.log(JSON.stringify(out));
  expect(out.overlapped, 'the two runs overlapped').toBe(true);
}, 600_000);

test('sociotoco: another client sets the profiles during a run: errored, never failed, and its set is left', async () => {
  const def = VENDORS.find((v) => v.id === 'sociotoco');
  if (!def) throw new Error('no sociotoco');
  const mock = await def.startMock({});
  const dir = tempDir('conformance-meddled-');
  const cfg = mock.targetConfig as Cfg;
  // A list the set never holds in the run's own steps: the first configured profile with the one
  // found in the set at start-up (mocks/sociotoco FIXTURES.initialProfile).
  const theirs = [cfg.profileIds[0] as string, 'FEDCBA98765432100123456789ABCDEF'];
  // Once the run has changed the set, another client sets its own list just before each read the
  // run sends: a proxy in front of the mock writes first, then forwards the read (deterministic).
  let changed = false;
  let meddled = 0;
  const methodOf = (url: string | undefined) =>
    new URL(url ?? '/', 'http://x').searchParams.get('method')?.toLowerCase();
  const proxy = await frontProxy(mock, {
    before: async (req) => {
      if (changed && methodOf(req.url) === 'sociotoco.sets.get') {
        await direct(mock, 'sociotoco.sets.setProfiles', [['profiles', theirs.join(',')]]);
        meddled += 1;
      }
    },
    after: (req, _status, body) => {
      if (methodOf(req.url) === 'sociotoco.sets.setprofiles' && body.includes('<sociotocoSet'))
        changed = true;
    },
  });
  try {
    const via = proxy.url;
    const config = join(dir, 'target.json');
    writeFileSync(config, JSON.stringify({ sociotoco: { ...mock.targetConfig, baseUrl: via } }));
    const stateDir = join(dir, 'state');
    const env = { ...cleanEnv(), CONFORMANCE_STATE_DIR: stateDir, PACT_DO_NOT_TRACK: 'true' };
    const reports = join(dir, 'reports');
    const { code, stderr } = await runOnce(
      ['run', 'sociotoco', '--config', config, '--report-dir', reports, '--quiet'],
      env,
    );
    const report = JSON.parse(
      readFileSync(join(reports, 'sociotoco', 'report.json'), 'utf8'),
    ) as VendorReport;
    expect(meddled, 'the other client wrote during the run').toBeGreaterThan(0);
    expect(report.checks.filter((c) => c.outcome === 'failed').map((c) => c.id)).toEqual([]);
    const errored = report.checks.filter((c) => c.outcome === 'errored');
    expect(errored.filter((c) => !c.message?.includes(CHANGED_BY_ANOTHER)).map((c) => c.message)).toEqual([]);
    expect(
      errored.some((c) => c.id.startsWith('[SOC-READBACK]')),
      'the read-back met the other writer',
    ).toBe(true);
    expect(code, stderr).toBe(1); // errored checks: never a pass
    expect(stderr).not.toMatch(/\n\s+at /);
    // The other client's set stands (said in the report), and the journal entry is finished.
    expect(await set(mock)).toMatch(
      new RegExp(`<profiles>\\s*<profile id="${theirs[0]}">[^]*<profile id="${theirs[1]}">`),
    );
    expect(report.warnings?.filter(isLeftToAnother).join('\n')).toContain(`the set ${cfg.sid}`);
    expect(readdirSync(stateDir)).toEqual([]);
  } finally {
    await proxy.close();
    await mock.close();
  }
}, 600_000);

// ---------------------------------------------------------------- the pure decisions

const A = '5B2C22279AA3A4E7D4176F3ED1ED29D7';
const B = '3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE';
const FOUND = 'FEDCBA98765432100123456789ABCDEF';
const STRANGER = '0123456789ABCDEF0123456789ABCDEF';
const view = (version: number, ...profiles: string[]): SetView => ({ version, profiles });

/** A run that found FOUND at version 4, then set A (answered 5) and B (answered 6). */
function ran() {
  const log = setLog('rabc1230abc');
  log.found(view(4, FOUND));
  log.sent([A], 5);
  log.sent([B.toLowerCase()], 6);
  return log;
}

describe('sociotoco: whose is what a read of the set shows', () => {
  test("a version newer than the run's last change that no change of it answered is another client's", () => {
    const { own } = ran().own();
    expect(anothersIn(view(7, B), own, 6)).toEqual(['version']);
    // Its own versions, the one found, and an older one (a stale read: the target's) are not.
    for (const v of [4, 5, 6]) expect(anothersIn(view(v, B), own, 6)).toEqual([]);
    expect(anothersIn(view(3, B), own, 6)).toEqual([]);
    // Unknown since (a refused setProfiles since): the version is no evidence.
    expect(anothersIn(view(9, B), own, undefined)).toEqual([]);
  });

  test("a profile the run neither sent nor found is another client's; one it sent or found is not", () => {
    const { own } = ran().own();
    expect(anothersIn(view(6, A, STRANGER), own, 6)).toEqual([`profile ${STRANGER}`]);
    expect(anothersIn(view(6, A.toLowerCase(), B, FOUND), own, 6)).toEqual([]);
  });

  test("a refused setProfiles makes the run's last state unknown; an answered one makes it known again", () => {
    const log = ran();
    expect(log.own().since).toBe(6);
    log.sent([A], undefined);
    expect(log.own().since).toBeUndefined();
    log.sent([A], 9);
    expect(log.own().since).toBe(9);
  });

  test("a failed read-back is errored when the read shows another client's write, failed when it is the run's", () => {
    const own = ran().own();
    const judge = (read: SetView) => () =>
      judgeRead(read, own, 6, 'sociotoco.sets.get', () => checkReadback(read, [B], 6, 'add'));
    // The profile set is missing and the version is the run's own: the target's failure.
    expect(judge(view(6, A))).toThrow(CheckFailure);
    // Missing, and a newer version no change of the run answered: another client wrote since.
    expect(judge(view(8, A))).toThrow(PreconditionLost);
    expect(judge(view(8, A))).toThrow(CHANGED_BY_ANOTHER);
    // A read that passes is never errored, whoever wrote.
    expect(judge(view(8, B))).not.toThrow();
  });
});

describe('sociotoco: a step another client may come between', () => {
  const failing = () => {
    throw new CheckFailure({ title: 'a refused request changed the set' });
  };
  test('failing again when repeated (the set still while the run sends nothing): the target fails', async () => {
    await expect(
      repeatedStep(
        'x',
        async () => failing(),
        async () => false,
      ),
    ).rejects.toBeInstanceOf(CheckFailure);
  });
  test('failing once, passing when repeated: errored, changed by another client', async () => {
    let n = 0;
    const step = async () => {
      if (n++ === 0) failing();
    };
    await expect(repeatedStep('x', step, async () => false)).rejects.toThrow(CHANGED_BY_ANOTHER);
    expect(n).toBe(2);
  });
  test('the set moving while the run sends nothing: errored at once', async () => {
    let n = 0;
    const step = async () => {
      n += 1;
      failing();
    };
    await expect(repeatedStep('x', step, async () => true)).rejects.toBeInstanceOf(PreconditionLost);
    expect(n).toBe(1);
  });
  test('a repetition that cannot run (not applicable, say) leaves the first failure', async () => {
    let n = 0;
    const step = async () => {
      if (n++ === 0) failing();
      throw new Error('not applicable');
    };
    await expect(repeatedStep('x', step, async () => false)).rejects.toBeInstanceOf(CheckFailure);
  });
  test("a change the refused lists explain could be the run's; one they do not is another client's", () => {
    expect(explainedBy([B], [A], [[B]])).toBe(true); // replaced by the refused list
    expect(explainedBy([A, B], [A], [[B]])).toBe(true); // added to
    expect(explainedBy([A], [A], [[B]])).toBe(true); // the same profiles (only the version moved)
    expect(explainedBy([FOUND], [A], [[B]])).toBe(false);
  });
  test('the set moved between two reads: version or profiles', () => {
    expect(movedBetween(view(4, A), view(4, A.toLowerCase()))).toBe(false);
    expect(movedBetween(view(4, A), view(5, A))).toBe(true);
    expect(movedBetween(view(4, A), view(4, B))).toBe(true);
    expect(movedBetween(undefined, view(4, B))).toBe(false);
  });
});

describe('sociotoco restore: the set as found, unless another client wrote it last', () => {
  const found = view(4, FOUND);
  test("another client's write is left (with the run's own); the run's own state is put back", () => {
    const own = ran().own();
    expect(restoreSetStep(view(9, A), found, own)).toBe('another-client');
    expect(restoreSetStep(view(6, B), found, own)).toBe('put-back');
    expect(restoreSetStep(view(9, FOUND), found, own)).toBe('unchanged');
  });
  test('without what the run did (the journal after a kill), whatever changed is put back', () => {
    expect(restoreSetStep(view(9, A), found)).toBe('put-back');
  });
  test('after a refused setProfiles the last state is unknown: put back, never left on a guess', () => {
    const log = ran();
    log.sent([A], undefined);
    expect(restoreSetStep(view(9, A), found, log.own())).toBe('put-back');
  });

  // The target as scripted answers: the run's own state (B at 6), the put-back answered at 7, then
  // the read after it shows `after`.
  const scripted = (after: SetView) => {
    const xml = (v: SetView, list: string) =>
      `<?xml version="1.0" encoding="utf-8"?><response><sociotocoSet sociotocoId="s" version="${v.version}"><name>n</name><urlName>u</urlName><${list}>${v.profiles.map((p) => `<profile id="${p}"><network id="1">x</network></profile>`).join('')}</${list}></sociotocoSet></response>`;
    const answers = [
      xml(view(6, B), 'profiles'),
      xml(view(7, FOUND), 'addedProfiles'),
      xml(after, 'profiles'),
    ];
    return async (_p: Param[]) =>
      exchange(200, answers.shift() ?? 'no more answers', { 'content-type': 'text/xml' });
  };
  const ctx = {
    http: undefined as never,
    baseUrl: 'http://target.test/',
    section: { apiKey: 'k', secret: 's', algorithm: 'md5', sid: 'S1', profileIds: [A, B] },
  };
  test("a write by another client between the put-back and the read after it is left as that client's", async () => {
    expect(await putBackSet(ctx, found, ran().own(), scripted(view(8, A)))).toEqual([
      leftToAnother('sociotoco', 'the set S1'),
    ]);
  });
  test("a put-back the target answered but did not apply is the target's: not put back, said", async () => {
    const [w, ...more] = await putBackSet(ctx, found, ran().own(), scripted(view(7, B)));
    expect(more).toEqual([]);
    expect(w).toMatch(
      /^sociotoco: the set S1 was not put back as it was before the run: its profiles read back as/,
    );
    expect(isLeftToAnother(w ?? '')).toBe(false);
    // without what the run did (the journal), a set that reads otherwise is never taken as another's
    const [j] = await putBackSet(ctx, found, undefined, scripted(view(8, A)));
    expect(isLeftToAnother(j ?? 'none')).toBe(false);
  });
});
