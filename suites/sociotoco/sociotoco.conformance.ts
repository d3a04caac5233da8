// Sociotoco "sociotoco.sets.setProfiles" conformance suite. A plain vitest file: the engine (or the
// root vitest config) provides the target; each check names the requirement(s) it enforces.
import { afterAll } from 'vitest';
import requestSchema from '../../schemas/sociotoco/setprofiles-request.schema.json' with { type: 'json' };
import {
  CheckFailure,
  checkStatus,
  fail,
  listReading,
  notApplicable,
  uniqueValues,
} from '../../src/check.ts';
import { changedByAnother } from '../../src/concurrent.ts';
import { explore } from '../../src/generate.ts';
import type { Exchange, HttpClient } from '../../src/http.ts';
import { defineSuite } from '../../src/suite.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  type AddedRule,
  checkAddedProfiles,
  checkErrorCode,
  checkErrorEnvelope,
  checkFormat,
  checkMediaTypes,
  checkNameAsExample,
  checkOneOfCodes,
  checkReadback,
  checkRefused,
  checkSetId,
  checkSuccessShape,
  checkUnchanged,
  checkVersionIncreased,
  evidence,
  type Format,
  isErrorAnswer,
  type SetView,
  setOf,
} from './checks.ts';
import { type SociotocoConfig, withDefaults } from './config.ts';
import {
  applySigEdit,
  describeSigEdit,
  profilesInvalidSide,
  profilesValidSide,
  sidCaseSide,
  sidUnknownSide,
  sigInvalidSide,
} from './domains.ts';
import {
  anothersIn,
  explainedBy,
  judgeRead,
  movedBetween,
  repeatedStep,
  setBusy,
  setLog,
} from './ownership.ts';
import {
  endpoint,
  noRepeats,
  notIn as notInConfigured,
  notRestored,
  putBackSet,
  readSet as readSetWith,
  type SetProfilesArgs,
  setProfilesParams as setProfilesParamsOf,
  setTo,
  signOptions as signOptionsOf,
  unixTime,
} from './requests.ts';
import { ERROR_CODES, type ErrorCode, errorRequirementId } from './requirements.ts';
import { ALGORITHMS, type Param, type SignOptions, sign } from './sign.ts';
import { UUID, unknownKeyFor, unknownSidFor } from './values.ts';

const suite = defineSuite<SociotocoConfig>('sociotoco');
const cfg = withDefaults(suite.config);
const r = cfg.readings;
const { check } = suite;
const run = suite.context.runId;
const FORMATS: Format[] = ['xml', 'json'];

// Values unique to this run and to each use (the run id plus a counter), so a stale answer never
// passes by luck and two runs never collide.
const unique = uniqueValues(run);

/** A sid of no set (values.ts): the configured unknownSid, or a fresh one of the sid's shape. */
const unknownSid = (): string => unknownSidFor(cfg, unique);

/** A key that is not registered (values.ts): the configured unknownKey, or a fresh one of the key's shape. */
const unknownKey = (): string => unknownKeyFor(cfg, unique);

const now = unixTime;

// No two requests of a run are the same signed request (requests.ts: the contract's driver keeps the
// same rule for its own requests).
const unrepeated = noRepeats();

interface CallOptions {
  format?: Format;
  /** Send (and sign) the commas of profiles raw rather than as %2C. */
  rawCommas?: boolean;
  /** 'none' sends no sig; otherwise overrides of the configured signing (a wrong secret, order…). */
  sig?: 'none' | Partial<SignOptions>;
  /** A wrong signature made from the right one (generated inputs: domains.ts applySigEdit). */
  editSig?: (sig: string) => string;
}

/** The configured signing as the readings say (requests.ts: the contract's driver signs the same way). */
const signOptions = (over: Partial<SignOptions> = {}): SignOptions => signOptionsOf(cfg, over);

// Two runs at once against one set (ownership.ts): what this run sent to the set and the versions its
// changes answered, so a read showing another client's write is errored, never failed, and the
// restore leaves that write. The set carries no run id: a run that finds the set moving before it
// changes anything (busy) changes nothing there.
const log = setLog(run);
let busy = false;
/**
 * Why the set, empty before the run, could not be emptied again (the target refused profiles=): then
 * the run sends nothing that could change it, since it could not put it back.
 */
let emptyRefused: string | undefined;

/** The set a request names is the configured one (a UUID sid in any letter case). */
const toOurSet = (params: readonly Param[]): boolean =>
  params.some(([name, value]) => name === 'sid' && value.toLowerCase() === cfg.sid.toLowerCase());

/** Notes a request that could change the set: the profiles it sent and the version it answered (none: refused). */
function noteChange(params: readonly Param[], ex: Exchange): void {
  const method = params.find(([name]) => name === 'method')?.[1] ?? '';
  let answered: number | undefined;
  try {
    answered = setOf(ex, 'a change').version;
  } catch {
    answered = undefined;
  }
  // A refused request of another method cannot have been applied silently: what the run knows stands.
  if (answered === undefined && method.toLowerCase() !== 'sociotoco.sets.setprofiles') return;
  const profiles = params.find(([name]) => name === 'profiles')?.[1] ?? '';
  log.sent(profiles.split(',').filter(Boolean), answered);
}

/** One GET to the endpoint: the parameters in the order given, format=json if asked, then sig. */
async function call(http: HttpClient, params: Param[], opts: CallOptions = {}): Promise<Exchange> {
  if (http !== suite.http) await originalSet();
  const changing = toOurSet(params) && !params.some(([n, v]) => n === 'method' && v === 'sociotoco.sets.get');
  if (changing && busy) throw setBusy(cfg.sid);
  if (changing && emptyRefused !== undefined)
    notApplicable(
      `the set ${cfg.sid} held no profile before the run, and the target refuses an empty profiles list (${emptyRefused}): a profile set there could not be taken out again, so this run sends nothing that could change it. Configure a sid whose set holds at least one profile`,
      { needs: 'sid' },
    );
  const ex = await send(http, params, opts);
  if (changing) noteChange(params, ex);
  return ex;
}

async function send(http: HttpClient, params: Param[], opts: CallOptions): Promise<Exchange> {
  const base: Param[] = opts.format === 'json' ? [...params, ['format', 'json']] : [...params];
  const sig = opts.sig;
  const raw = opts.rawCommas ? ['profiles'] : [];
  const edit = opts.editSig ?? ((s: string) => s);
  const all = unrepeated(base, (p) =>
    sig === 'none' ? undefined : edit(sign(p, { ...signOptions(sig ?? {}), rawCommas: raw })),
  );
  return http.send({ method: 'GET', url: endpoint(suite.context.baseUrl, all, raw) });
}

/** The setProfiles parameters (requests.ts) at the current time. */
const setProfilesParams = (a: SetProfilesArgs = {}): Param[] => setProfilesParamsOf(cfg, a, now());

/** A request the suite means to be valid must be valid by the page (guards the suite itself). */
function valid(params: Param[], format: Format): Param[] {
  const probe: Record<string, string> = Object.fromEntries(params);
  probe.sig = '0'.repeat(32);
  if (format === 'json') probe.format = 'json';
  const errs = schemaErrors(requestSchema, probe);
  if (errs.length > 0) throw new Error(`the suite built an invalid request: ${errs.join('; ')}`);
  return params;
}

function setProfiles(
  http: HttpClient,
  profiles: readonly string[],
  format: Format = 'xml',
  over: SetProfilesArgs = {},
): Promise<Exchange> {
  return call(http, valid(setProfilesParams({ ...over, profiles: profiles.join(',') }), format), { format });
}

async function readSet(http: HttpClient, what: string): Promise<SetView> {
  return readSetWith((p) => call(http, p), cfg, what);
}

// The set as it was before the suite touched it, to put its profiles back afterwards (putBackSet,
// requests.ts, as the contract's driver and the restore journal use it).
const restoreContext = { http: suite.http, section: suite.context.config, baseUrl: suite.context.baseUrl };
let original: Promise<SetView | undefined> | undefined;
/**
 * An embedded mock serves this run alone: the run started it (src/target.ts), and under the CLI this
 * suite file has an instance of its own (src/embedded.ts), on a port no other client is told. No
 * other client can change its set, so the reads that watch for one are still made and judged, but not
 * spaced in time (the wait was 250 ms of every run --all). A target given by URL keeps the windows.
 */
const ownInstance = suite.context.embedded !== undefined;
/** The least time between the two reads before the run: longer than a run's pauses between changes. */
const BUSY_WINDOW_MS = ownInstance ? 0 : 250;
function originalSet(): Promise<SetView | undefined> {
  const at = Date.now();
  // Read with the suite's own sender (its requests never repeat one another), so no wait for the
  // next second: the engine's journal read, another sender, already waited for it.
  original ??= readSet(suite.http, 'reading the set before the run').then(
    async (found) => {
      log.found(found);
      const wait = at + BUSY_WINDOW_MS - Date.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      const again = await readSetWith((p) => call(suite.http, p), cfg, 'reading the set again').catch(
        () => undefined,
      );
      busy = movedBetween(found, again);
      if (!busy && found.profiles.length === 0 && r.setSemantics !== 'add') {
        // An empty set is put back with an empty list: the page does not say whether profiles=
        // empties a set or is refused, so the run asks first, on the empty set (no change).
        const put = await setTo((p) => call(suite.http, p), cfg, [], 'an empty list, on the empty set');
        if ('why' in put) emptyRefused = put.why;
      }
      return found;
    },
    () => undefined,
  );
  return original;
}

afterAll(async () => {
  if (!original) return; // no check reached the target: the set was not touched
  const saved = await original;
  if (busy) return; // nothing was changed
  if (saved === undefined) {
    console.warn(
      suite.redactor.text(notRestored(cfg, 'sociotoco.sets.get could not read it before the run')),
    );
    return;
  }
  const own = log.own();
  const sender = (p: Param[]) => call(suite.http, p);
  for (const w of await putBackSet(restoreContext, saved, own, sender)) console.warn(suite.redactor.text(w));
});

const FULL = cfg.profileIds;
const FIRST = [cfg.profileIds[0] as string];
const LAST = [cfg.profileIds[cfg.profileIds.length - 1] as string];
/** What holds under every reading: the profiles new to the set are listed, nothing that was not sent. */
const LENIENT: AddedRule = { semantics: 'add', listing: 'sent' };

/** The configured profiles that are not in `profiles` (a set as read back), in the configured order. */
const notIn = (profiles: readonly string[]) => notInConfigured(cfg, profiles);

// ---------------------------------------------------------------- the error table
// One request per code that gets only that one thing wrong, signed with the configured secret.

const PROVOKE: Record<ErrorCode, (http: HttpClient, format: Format) => Promise<Exchange>> = {
  100: (h, format) => call(h, setProfilesParams({ key: null }), { format }),
  101: (h, format) => call(h, setProfilesParams(), { format, sig: 'none' }),
  200: (h, format) => call(h, setProfilesParams({ key: r.invalidKey }), { format }),
  201: (h, format) => call(h, setProfilesParams({ key: unknownKey() }), { format }),
  210: (h, format) =>
    call(h, setProfilesParams(), { format, sig: { secret: unique.next(`${cfg.secret}-wrong`) } }),
  220: (h, format) =>
    call(
      h,
      setProfilesParams({ method: `sociotoco.sets.${unique.next('conformance').replace(/\W/g, '')}` }),
      {
        format,
      },
    ),
  304: (h, format) => call(h, setProfilesParams({ sid: null }), { format }),
  305: (h, format) => call(h, setProfilesParams({ profiles: null }), { format }),
  402: (h, format) => call(h, setProfilesParams({ sid: r.invalidSid }), { format }),
  403: (h, format) => call(h, setProfilesParams({ sid: unknownSid() }), { format }),
  406: (h, format) => call(h, setProfilesParams({ profiles: r.invalidProfiles }), { format }),
};

for (const e of ERROR_CODES) {
  for (const format of FORMATS) {
    check(
      errorRequirementId(e.code),
      `${e.name} (${format === 'xml' ? 'XML, no format' : 'JSON, format=json'}): refused with error ${e.code}`,
      async ({ http }) => {
        checkErrorCode(await PROVOKE[e.code](http, format), e.code, `${e.name} request (${format})`);
      },
    );
  }
}

// Generated inputs (domains.ts): values nobody picked, at each boundary of the rule first. A refused
// request changes nothing on a correct target; what a faulty one accepted is put back with the rest.

check('SOC-ERR-210', 'generated: a sig that is not the digest is refused with 210', async (c) => {
  await explore(
    c,
    sigInvalidSide(),
    async (edit) => {
      const ex = await call(c.http, valid(setProfilesParams(), 'xml'), {
        editSig: (s) => applySigEdit(edit, s),
      });
      checkErrorCode(ex, 210, 'a setProfiles with that sig');
    },
    { describe: describeSigEdit },
  );
});

check('SOC-ERR-403', 'generated: a well-formed sid of no set is refused with 403', async (c) => {
  const side = sidUnknownSide(cfg.sid);
  if (!side)
    notApplicable(
      'the configured sid is not a UUID: the page states no form for a SociotocoId, and a value near one of another form may name a real set',
    );
  await explore(c, side, async (sid) => {
    checkErrorCode(await call(c.http, setProfilesParams({ sid })), 403, 'a setProfiles of that sid');
  });
});

check(
  'SOC-ERR-406',
  'generated: a profile list with one malformed item, anywhere, is refused with 406',
  async (c) => {
    await explore(c, profilesInvalidSide(FULL, r.invalidProfiles), async (list) => {
      const profiles = list.join(',');
      checkErrorCode(await call(c.http, setProfilesParams({ profiles })), 406, 'a setProfiles of that list');
    });
  },
);

for (const format of FORMATS) {
  const id = format === 'xml' ? 'SOC-ERROR-ENVELOPE-XML' : 'SOC-ERROR-ENVELOPE-JSON';
  check(id, `every ${format.toUpperCase()} error answer is in the documented envelope`, async ({ http }) => {
    let refused = 0;
    for (const e of ERROR_CODES) {
      const ex = await PROVOKE[e.code](http, format);
      // A request the target wrongly accepted is SOC-ERR-<code>'s business, not the envelope's.
      if (!isErrorAnswer(ex)) continue;
      refused += 1;
      checkErrorEnvelope(ex, format, `the answer to the ${e.name} request`);
    }
    if (refused === 0) {
      fail('none of the eleven isolating requests was refused: no error envelope to check', {
        documented: 'an error answer for each of them',
      });
    }
  });
}

check('SOC-ERROR-STATUS', 'errors come with the HTTP status of readings.errorStatus', async ({ http }) => {
  if (r.errorStatus === 'any')
    notApplicable('readings.errorStatus is "any": the status of an error is not documented', {
      needs: 'readings.errorStatus',
    });
  const allowed = r.errorStatus.split(',').map(Number);
  for (const code of [101, 220, 304] as const) {
    checkStatus(
      await PROVOKE[code](http, 'xml'),
      allowed,
      `the error ${code} request: unexpected HTTP status`,
      {
        received: evidence,
        documented: `HTTP ${allowed.join(' or ')} (readings.errorStatus)`,
      },
    );
  }
});

// ---------------------------------------------------------------- two faults at once

interface Combo {
  what: string;
  /** The errors that apply, in the page's order. */
  codes: ErrorCode[];
  send: (http: HttpClient) => Promise<Exchange>;
}

const wrongSecret = () => ({ secret: unique.next(`${cfg.secret}-wrong`) });

/** Pairs of faults; `changing` is a profile list that would change the set were the request accepted. */
function combos(changing: readonly string[]): Combo[] {
  return [
    {
      what: 'a request without key and without sig',
      codes: [100, 101],
      send: (h) => call(h, setProfilesParams({ key: null }), { sig: 'none' }),
    },
    {
      what: 'a request without sid and without profiles',
      codes: [304, 305],
      send: (h) => call(h, setProfilesParams({ sid: null, profiles: null })),
    },
    {
      what: 'a wrong signature and a malformed sid',
      codes: [210, 402],
      send: (h) => call(h, setProfilesParams({ sid: r.invalidSid }), { sig: wrongSecret() }),
    },
    {
      what: 'a sid of no set and a malformed profiles argument',
      codes: [403, 406],
      send: (h) => call(h, setProfilesParams({ sid: unknownSid(), profiles: r.invalidProfiles })),
    },
    {
      what: `a wrong signature and a profile list with one malformed item (${changing.join(',')} and readings.invalidProfiles)`,
      codes: [210, 406],
      send: (h) =>
        call(h, setProfilesParams({ profiles: [...changing, r.invalidProfiles].join(',') }), {
          sig: wrongSecret(),
        }),
    },
  ];
}

/** A list that would change the set read as `before`: a profile not in it, or else a shorter list. */
function aChangeOf(before: readonly string[]): readonly string[] {
  const missing = notIn(before);
  if (missing.length > 0) return missing.slice(0, 1);
  const same = (a: readonly string[], b: readonly string[]) =>
    a
      .map((x) => x.toUpperCase())
      .sort()
      .join() ===
    b
      .map((x) => x.toUpperCase())
      .sort()
      .join();
  return same(before, FIRST) ? FULL : FIRST;
}

/** How long the set is watched, this run sending nothing, after a step on it failed (ownership.ts repeatedStep). */
const WATCH_MS = ownInstance ? 0 : 100;

/** Does the set move while this run sends nothing (two reads WATCH_MS apart)? Unread: no evidence. */
async function movesAlone(http: HttpClient): Promise<boolean> {
  const read = () => readSet(http, 'reading the set while sending nothing').catch(() => undefined);
  const first = await read();
  await new Promise((done) => setTimeout(done, WATCH_MS));
  return movedBetween(first, await read());
}

/** A step on the set another client's write may come between: ownership.ts repeatedStep. */
const settled = (http: HttpClient, what: string, step: () => Promise<void>): Promise<void> =>
  repeatedStep(what, step, () => movesAlone(http));

/**
 * checkUnchanged on a set another client may change: a change that no list this step sent explains
 * (applied by a target that refuses and applies anyway) is that client's (errored, not failed).
 */
function checkUnchangedBy(
  before: SetView,
  after: SetView,
  sent: readonly (readonly string[])[],
  what: string,
): void {
  try {
    checkUnchanged(before, after);
  } catch (e) {
    const others = anothersIn(after, log.own().own, undefined);
    if (
      e instanceof CheckFailure &&
      (others.length > 0 || !explainedBy(after.profiles, before.profiles, sent))
    )
      throw changedByAnother(others.length > 0 ? others : ['the set'], what);
    throw e;
  }
}

check(
  'SOC-ERROR-COMBINED',
  'with two faults at once, the answer carries one of the errors that apply and the set is unchanged',
  async ({ http }) => {
    const what = 'the set after requests with two faults at once';
    await settled(http, what, async () => {
      const before = await readSet(http, 'reading the set before');
      const changing = aChangeOf(before.profiles);
      for (const c of combos(changing)) checkOneOfCodes(await c.send(http), c.codes, c.what);
      const after = await readSet(http, 'reading the set after the refused requests');
      checkUnchangedBy(before, after, [FULL, changing], what);
    });
  },
);

check(
  'SOC-ERROR-PRECEDENCE',
  'with two faults at once, the error readings.errorPrecedence names wins',
  async ({ http }) => {
    if (r.errorPrecedence === 'any')
      notApplicable('readings.errorPrecedence is "any": the page does not say which error wins', {
        needs: 'readings.errorPrecedence',
      });
    for (const c of combos(FIRST)) checkOneOfCodes(await c.send(http), c.codes.slice(0, 1), c.what);
  },
);

check(
  'SOC-ERROR-NO-CHANGE',
  'a setProfiles with a wrong signature leaves the set as it was',
  async ({ http }) => {
    const what = 'the set after a setProfiles with a wrong signature';
    await settled(http, what, async () => {
      const before = await readSet(http, 'reading the set before');
      const attempt = aChangeOf(before.profiles);
      await call(http, valid(setProfilesParams({ profiles: attempt.join(',') }), 'xml'), {
        sig: wrongSecret(),
      });
      const after = await readSet(http, 'reading the set after the refused request');
      checkUnchangedBy(before, after, [attempt], what);
    });
  },
);

// ---------------------------------------------------------------- what a setProfiles changes
// Robust under either reading of "set" (replace or add): each change sends a profile not yet in the
// set, read with sociotoco.sets.get just before. Under "add" the set fills up, so these come before
// the checks that set the full list.

/**
 * The set read just before a call, with one configured profile in it and one not: a profile alone is
 * set first when the set holds none of them or all of them (under "replace" that empties the rest).
 */
async function mixedSet(
  http: HttpClient,
  what: string,
): Promise<{ before: string[]; missing: string; present: string }> {
  let before = (await readSet(http, `reading the set before ${what}`)).profiles;
  let since: number | undefined;
  let read: SetView | undefined;
  if (notIn(before).length === 0 || notIn(before).length === FULL.length) {
    since = setOf(await setProfiles(http, FIRST), `setting ${FIRST[0]} alone before ${what}`).version;
    read = await readSet(http, `reading the set before ${what}`);
    before = read.profiles;
  }
  const missing = notIn(before);
  const present = FULL.filter((p) => !missing.includes(p));
  if (missing[0] === undefined || present[0] === undefined) {
    const others = read ? anothersIn(read, log.own().own, since) : [];
    if (others.length > 0) throw changedByAnother(others, `the set after setting ${FIRST[0]} alone`);
    // Under either reading of "set" (replace or add) the set holds a profile just set. When it does
    // not, SOC-READBACK fails that; this check cannot arrange the set it needs, and says why.
    if (present[0] === undefined)
      notApplicable(
        `setting ${FIRST[0]} alone was answered as a success, but the set read right after does not hold it (profiles ${JSON.stringify(before)}; SOC-READBACK judges that): the set this check needs, holding one configured profile and not another, could not be arranged`,
      );
    notApplicable(
      `every configured profile is in the set even after setting ${FIRST[0]} alone (a target that adds rather than replaces): nothing would be added. Configure profileIds not yet in the set`,
      { needs: 'profileIds' },
    );
  }
  return { before, missing: missing[0], present: present[0] };
}

check('SOC-SET-SEMANTICS', 'the set afterwards, as readings.setSemantics says', async ({ http }) => {
  if (r.setSemantics === 'any')
    notApplicable('readings.setSemantics is "any": the page does not say whether "set" replaces or adds', {
      needs: 'readings.setSemantics',
    });
  const what = 'sociotoco.sets.get after a setProfiles';
  await settled(http, what, async () => {
    const { before, missing } = await mixedSet(http, 'a setProfiles');
    const set = setOf(await setProfiles(http, [missing]), `setting ${missing} alone`);
    const after = await readSet(http, 'sociotoco.sets.get');
    const want = r.setSemantics === 'replace' ? [missing] : [...before, missing];
    judgeRead(after, log.own(), set.version, what, () => checkReadback(after, want, set.version, 'replace'));
  });
});

check(
  'SOC-ADDED-LISTING',
  'addedProfiles lists the profiles already in the set as readings.addedProfilesListing says',
  async ({ http }) => {
    if (r.addedProfilesListing === 'any')
      notApplicable(
        'readings.addedProfilesListing is "any": the page does not say whether a profile already in the set is "added"',
        { needs: 'readings.addedProfilesListing' },
      );
    const listing = r.addedProfilesListing;
    await settled(http, 'addedProfiles', async () => {
      const { before, missing, present } = await mixedSet(http, 'a setProfiles');
      const list = [present, missing];
      const what = `setting ${present} (in the set) and ${missing} (not in it)`;
      checkAddedProfiles(
        setOf(await setProfiles(http, list), what),
        list,
        before,
        {
          semantics: 'replace',
          listing,
        },
        what,
      );
    });
  },
);

check(
  'SOC-ADDED-PROFILES',
  'addedProfiles lists the profiles new to the set, nothing that was not sent, in any order',
  async ({ http }) => {
    for (const format of FORMATS) {
      await settled(http, `addedProfiles (${format})`, async () => {
        const { before, missing, present } = await mixedSet(http, `a setProfiles (${format})`);
        const list = [present, missing];
        const what = `setting ${present} (in the set) and ${missing} (not in it), ${format}`;
        checkAddedProfiles(setOf(await setProfiles(http, list, format), what), list, before, LENIENT, what);
      });
    }
  },
);

check('SOC-VERSION-INCREMENTS', 'the version grows when a setProfiles changes the set', async ({ http }) => {
  const one = setOf(await setProfiles(http, FIRST), `the first setProfiles (${FIRST[0]} alone)`);
  const read = await readSet(http, 'reading the set after it');
  const missing = notIn(read.profiles)[0];
  const others = anothersIn(read, log.own().own, one.version);
  if (missing === undefined && others.length > 0)
    throw changedByAnother(others, `the set after setting ${FIRST[0]} alone`);
  if (missing === undefined)
    notApplicable(
      `every configured profile is in the set even after setting ${FIRST[0]} alone (a target that adds rather than replaces): no call would change it. Configure profileIds not yet in the set`,
      { needs: 'profileIds' },
    );
  const two = setOf(
    await setProfiles(http, [missing]),
    `the second setProfiles (${missing}, not in the set)`,
  );
  checkVersionIncreased(one, two);
});

// ---------------------------------------------------------------- the success answer

for (const format of FORMATS) {
  check(
    format === 'xml' ? 'SOC-SUCCESS-XML' : 'SOC-SUCCESS-JSON',
    `the ${format.toUpperCase()} success body has the example's shape`,
    async ({ http }) => {
      checkSuccessShape(await setProfiles(http, FULL, format), format);
    },
  );
}

check('SOC-FORMAT-XML-DEFAULT', 'without format, success and error answers are XML', async ({ http }) => {
  checkFormat(await setProfiles(http, FULL, 'xml'), 'xml', 'setProfiles without format');
  checkFormat(await PROVOKE[220](http, 'xml'), 'xml', 'an unsupported method without format');
});

check('SOC-FORMAT-XML-EXPLICIT', 'with format=xml, the answer is XML', async ({ http }) => {
  const params = setProfilesParams({ profiles: FULL.join(',') });
  checkFormat(await call(http, [...params, ['format', 'xml']]), 'xml', 'setProfiles with format=xml');
});

check('SOC-FORMAT-JSON', 'with format=json, success and error answers are JSON', async ({ http }) => {
  checkFormat(await setProfiles(http, FULL, 'json'), 'json', 'setProfiles with format=json');
  checkFormat(await PROVOKE[220](http, 'json'), 'json', 'an unsupported method with format=json');
});

check('SOC-SET-ID', 'sociotocoId is the sid of the request, in XML and JSON', async ({ http }) => {
  for (const format of FORMATS) {
    checkSetId(setOf(await setProfiles(http, FULL, format), `setProfiles (${format})`), cfg.sid, format);
  }
});

check('SOC-READBACK', 'sociotoco.sets.get reads back the profiles just set', async ({ http }) => {
  for (const list of [LAST, FULL]) {
    const set = setOf(await setProfiles(http, list), `setting ${list.length} profile(s)`);
    // Under every reading the profiles sent are there; whether others stay is SOC-SET-SEMANTICS.
    const read = await readSet(http, 'sociotoco.sets.get');
    judgeRead(read, log.own(), set.version, 'sociotoco.sets.get after setProfiles', () =>
      checkReadback(read, list, set.version, 'add'),
    );
  }
});

check(
  'SOC-ADDED-PROFILES',
  'generated: any list of configured profiles is accepted, its new profiles listed in addedProfiles',
  async (c) => {
    await explore(c, profilesValidSide(FULL), async (list) => {
      const what = 'a setProfiles of that list';
      await settled(c.http, `addedProfiles of ${what}`, async () => {
        const before = await readSet(c.http, 'reading the set before');
        checkAddedProfiles(
          setOf(await setProfiles(c.http, list), what),
          list,
          before.profiles,
          LENIENT,
          what,
        );
      });
    });
  },
);

check('SOC-NAME-EXAMPLE', 'an unnamed set: <name /> in XML, null in JSON', async ({ http }) => {
  if (r.setName !== 'unnamed')
    notApplicable('readings.setName is "any": the configured set may have a name', {
      needs: 'readings.setName',
    });
  for (const format of FORMATS) checkNameAsExample(await setProfiles(http, FULL, format), format);
});

check(
  'SOC-METHOD-EXAMPLE',
  "sociotoco.sets.setprofiles, as the page's example request spells it, is accepted",
  async ({ http }) => {
    const method = 'sociotoco.sets.setprofiles';
    setOf(await setProfiles(http, FULL, 'xml', { method }), `method=${method}`);
  },
);

check(
  'SOC-METHOD-CASE',
  'sociotoco.sets.setprofiles (the example) and sociotoco.sets.setProfiles (the title) are both accepted',
  async ({ http }) => {
    if (r.methodNames !== 'both')
      notApplicable(
        'readings.methodNames is "example": whether the title\'s spelling is accepted too is open',
        { needs: 'readings.methodNames' },
      );
    for (const method of ['sociotoco.sets.setprofiles', 'sociotoco.sets.setProfiles']) {
      setOf(await setProfiles(http, FULL, 'xml', { method }), `method=${method}`);
    }
  },
);

// ---------------------------------------------------------------- written forms of the arguments

check(
  'SOC-PROFILES-RAW-COMMAS',
  'profiles with raw commas (A,B) is accepted as well as with %2C',
  async ({ http }) => {
    // One profile in the set and one not: the one not in it must be listed (SOC-ADDED-PROFILES' rule),
    // which a list misread as one ID (or refused) cannot be.
    await settled(http, 'addedProfiles with raw commas', async () => {
      const { before, missing, present } = await mixedSet(http, 'a setProfiles with raw commas');
      const list = [missing, present];
      const what = `setProfiles with profiles=${list.join(',')} (raw commas)`;
      const params = valid(setProfilesParams({ profiles: list.join(',') }), 'xml');
      checkAddedProfiles(
        setOf(await call(http, params, { rawCommas: true }), what),
        list,
        before,
        LENIENT,
        what,
      );
    });
  },
);

check('SOC-SID-CASE', 'a UUID sid in upper case names the same set', async ({ http }) => {
  if (!UUID.test(cfg.sid)) notApplicable('the configured sid is not a UUID: its letter case may matter');
  const sid = cfg.sid === cfg.sid.toUpperCase() ? cfg.sid.toLowerCase() : cfg.sid.toUpperCase();
  setOf(await setProfiles(http, FULL, 'xml', { sid }), `setProfiles with sid=${sid}`);
});

check('SOC-SID-CASE', 'generated: a UUID sid in any mix of letter cases names the same set', async (c) => {
  const side = sidCaseSide(cfg.sid);
  if (!side) notApplicable('the configured sid is not a UUID with letters: its letter case may matter');
  await explore(c, side, async (sid) => {
    setOf(await setProfiles(c.http, FULL, 'xml', { sid }), 'a setProfiles of that sid');
  });
});

// ---------------------------------------------------------------- signing

for (const algorithm of ALGORITHMS) {
  check('SOC-SIG-ALGORITHMS', `a request signed with ${algorithm} is accepted`, async ({ http }) => {
    if (!cfg.checkAlgorithms.includes(algorithm)) notApplicable(`${algorithm} is not in checkAlgorithms`);
    const ex = await call(http, valid(setProfilesParams(), 'xml'), { sig: { algorithm } });
    setOf(ex, `a request signed with ${algorithm}`);
  });
}

check('SOC-SIG-HEX-CASE', 'a sig in upper-case hex is accepted as well as lower case', async ({ http }) => {
  if (r.sigHexCase !== 'either')
    notApplicable(`readings.sigHexCase is "${r.sigHexCase}": the letter case of sig is open`, {
      needs: 'readings.sigHexCase',
    });
  for (const hexCase of ['lower', 'upper'] as const) {
    const ex = await call(http, valid(setProfilesParams(), 'xml'), { sig: { hexCase } });
    setOf(ex, `a request signed in ${hexCase}-case hex`);
  }
});

check('SOC-SIG-SORTED', 'a signature over the unsorted query order is refused with 210', async ({ http }) => {
  checkErrorCode(
    await call(http, setProfilesParams(), { sig: { order: 'as-given' } }),
    210,
    'a signature over method, key, sid, profiles, time in that order',
  );
});

check(
  'SOC-SIG-ALL-PARAMS',
  'a signature leaving out any one parameter is refused with 210',
  async ({ http }) => {
    for (const left of ['method', 'key', 'time', 'sid', 'profiles']) {
      checkErrorCode(
        await call(http, setProfilesParams(), { sig: { exclude: [left] } }),
        210,
        `a signature that leaves out ${left}`,
      );
    }
  },
);

// ---------------------------------------------------------------- the required time

check('SOC-TIME-REQUIRED', 'a setProfiles without time is refused', async ({ http }) => {
  if (r.missingTime !== 'refused')
    notApplicable(
      'the page gives no error code or behaviour for a missing time (readings.missingTime = "any")',
      {
        needs: 'readings.missingTime',
      },
    );
  const params = setProfilesParams().filter(([name]) => name !== 'time');
  checkRefused(await call(http, params), 'a setProfiles without time (the rest signed)');
});

// ---------------------------------------------------------------- media types (last: it judges every answer)

check(
  'SOC-MEDIA-TYPE',
  'every XML or JSON answer the suite received is labelled with its media type',
  async ({ http }) => {
    // Its own answers first (a success in each format and an error), so it never judges nothing.
    await setProfiles(http, FULL, 'xml');
    await setProfiles(http, FULL, 'json');
    await PROVOKE[220](http, 'json');
    const accept = listReading(r.legacyMediaTypes);
    checkMediaTypes(suite.seen(), accept);
  },
);
