// ePrize "create profile" conformance suite. A plain vitest file: the engine (or the root vitest
// config) provides the target; each check names the requirement(s) it enforces. Every profile the
// suite creates carries the run id in its unique key, so two runs never collide and a real
// promotion shows an obvious trail (the API documents no delete: nothing is cleaned up).
import requestSchema from '../../schemas/eprize/create-request.schema.json' with { type: 'json' };
import { checkStatus, fail, listReading, notApplicable } from '../../src/check.ts';
import { type DomainSide, type ExploreContext, explore } from '../../src/generate.ts';
import type { Exchange, HttpClient } from '../../src/http.ts';
import { defineSuite } from '../../src/suite.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  answerSource,
  apiPath,
  createRequest,
  fixtureAnswer,
  freshValues,
  minimalPairs,
  newChallenge as postChallenge,
  type Solved,
  XML_ACCEPT,
} from './api.ts';
import {
  type BodyFormat,
  challengePathOf,
  checkBadKeyName,
  checkChallenge,
  checkCodeIfNamed,
  checkConflictShape,
  checkCreated201,
  checkDuplicate,
  checkFieldError,
  checkFieldErrorsShape,
  checkFieldsNamed,
  checkIdMatchesLocation,
  checkJsonOffered,
  checkLocation,
  checkLookupRedirect,
  checkMediaTypes,
  checkOneOfErrors,
  checkPrecedence,
  checkSafeValues,
  checkStatusOne,
  checkSuccessShape,
  checkUtf8,
  checkValues,
  checkVer,
  expectCreated,
  fieldErrors,
  type Pairs,
  profileOf,
  readUrlFor,
  WITH_FIELD_ERRORS,
} from './checks.ts';
import { type EprizeConfig, withDefaults } from './config.ts';
import { keyNameDomains, uniqueDomains, valueDomains } from './domains.ts';
import type { EprizeRequirementId } from './requirements.ts';

const suite = defineSuite<EprizeConfig>('eprize');
const cfg = withDefaults(suite.config);
const r = cfg.readings;
const { check } = suite;
const run = suite.context.runId;
const base = suite.context.baseUrl;
const apiRoot = `${base}${apiPath(cfg.apikey)}`;

// ---------------------------------------------------------------- values

/** Fresh per use: the kit's serial, written in the promotion's template for its unique key. */
const nextValue = freshValues(cfg, run);

/** Every unique value this run sent: a fresh one never repeats one, a generated one neither. */
const usedUnique = new Set<string>();

function freshValue(): string {
  let v = nextValue();
  while (usedUnique.has(v)) v = nextValue();
  usedUnique.add(v);
  return v;
}

/** The unique key with a fresh value, then the required keys: the smallest valid profile. */
function minimal(value = freshValue()): Pairs {
  return minimalPairs(cfg, value);
}

/** Every key the config knows a valid value for. */
function full(value = freshValue()): Pairs {
  const pairs = minimal(value);
  for (const [k, v] of Object.entries(cfg.optionalKeys))
    if (!pairs.some(([p]) => p === k)) pairs.push([k, v]);
  return pairs;
}

function withPair(pairs: Pairs, key: string, value: string): Pairs {
  return pairs.some(([k]) => k === key)
    ? pairs.map(([k, v]) => [k, k === key ? value : v])
    : [...pairs, [key, value]];
}

const without = (pairs: Pairs, key: string): Pairs => pairs.filter(([k]) => k !== key);

/** The safe keys among the pairs, as the target should show them. */
function safeOf(pairs: Pairs): Record<string, string> {
  return Object.fromEntries(pairs.filter(([k]) => cfg.safeKeys.includes(k)));
}

/** A request the suite means to be valid must be valid by the page's rules (guards the suite itself). */
function valid(pairs: Pairs): Pairs {
  const errs = schemaErrors(requestSchema, Object.fromEntries(pairs));
  if (errs.length > 0) throw new Error(`the suite built an invalid request: ${errs.join('; ')}`);
  return pairs;
}

// ---------------------------------------------------------------- CAPTCHA

type Captcha = 'auto' | 'none' | Solved;

function requireEnforced(): void {
  if (!cfg.captcha.enforced)
    notApplicable('captcha.enforced is false: the promotion does not ask the suite for a CAPTCHA');
}

function newChallenge(http: HttpClient): Promise<Exchange> {
  return postChallenge(http, cfg, base);
}

async function challengePath(http: HttpClient): Promise<string> {
  const ex = await newChallenge(http);
  const path = challengePathOf(ex, base);
  if (path === undefined) {
    fail('could not obtain a CAPTCHA challenge (POST /v1/{apikey}/captcha)', {
      received: `HTTP ${ex.response.status}, Location: ${ex.response.headers.location ?? '(none)'}`,
      documented: '201 with Location: /v1/{apikey}/captcha/{challenge-id}',
    });
  }
  return path;
}

/** The secret of a challenge, from the test-only fixture or a fixed answer in the config. */
async function answerFor(path: string): Promise<string> {
  const source = answerSource(cfg.captcha, path);
  if (source && 'url' in source) {
    // Set-up traffic with a fixture, not with the vendor's API: sent unrecorded.
    const ex = await suite.http.send({ method: 'GET', url: source.url });
    const secret = fixtureAnswer(ex);
    if (secret === undefined) fail(`the CAPTCHA answer fixture answered HTTP ${ex.response.status}`);
    // The answer travels in a request header of the recorded create: mask it in every report.
    suite.secret(secret);
    return secret;
  }
  if (source) return source.answer;
  return notApplicable(
    'the promotion enforces a CAPTCHA and the config gives no way to answer one (captcha.answerUrl or captcha.answer)',
  );
}

async function solvedCaptcha(http: HttpClient): Promise<Solved> {
  const challenge = await challengePath(http);
  return { challenge, answer: await answerFor(challenge) };
}

// ---------------------------------------------------------------- requests

async function create(
  http: HttpClient,
  pairs: Pairs,
  opts: { captcha?: Captcha; accept?: string; path?: 'profile' | 'profiles'; format?: BodyFormat } = {},
): Promise<Exchange> {
  const captcha = opts.captcha ?? 'auto';
  const solved =
    captcha === 'none' || (captcha === 'auto' && !cfg.captcha.enforced)
      ? undefined
      : captcha === 'auto'
        ? await solvedCaptcha(http)
        : captcha;
  const { accept, path, format } = opts;
  return http.send(createRequest(cfg, base, pairs, { captcha: solved, accept, path, format }));
}

function get(http: HttpClient, url: string): Promise<Exchange> {
  return http.send({ method: 'GET', url, headers: { accept: XML_ACCEPT } });
}

async function created(http: HttpClient, pairs: Pairs, what: string): Promise<Exchange> {
  const ex = await create(http, valid(pairs));
  expectCreated(ex, what);
  return ex;
}

/** A profile the suite creates, then its duplicate (same unique value, fresh CAPTCHA). */
async function duplicate(http: HttpClient): Promise<Exchange> {
  const pairs = minimal();
  await created(http, pairs, 'the first create');
  return create(http, pairs);
}

/**
 * Bad keys for the requests about field errors, each with the pairs that make it bad: values the
 * promotion refuses (other than the unique key's), then required keys left out, then the unique
 * key without a value (always there). Independent rules, so that the checks about a 400's body do
 * not lean on the unique key's own rule (EPZ-UNIQUE-NULL) when the config names another.
 */
function problems(): { key: string; apply: (p: Pairs) => Pairs }[] {
  const out: { key: string; apply: (p: Pairs) => Pairs }[] = [];
  for (const [k, bad] of Object.entries(cfg.invalidValues))
    if (k !== cfg.uniqueKey) out.push({ key: k, apply: (p) => withPair(p, k, bad) });
  for (const k of Object.keys(cfg.requiredKeys))
    if (!out.some((o) => o.key === k)) out.push({ key: k, apply: (p) => without(p, k) });
  out.push({ key: cfg.uniqueKey, apply: (p) => withPair(p, cfg.uniqueKey, '') });
  return out;
}

/** Either documented code: which case gets which is EPZ-ERROR-CODES's business. */
const EITHER = ['NULL', 'VALIDATION'] as const;

/** One bad field, for the checks about a 400's body (there is always one: the empty unique key). */
const oneProblem = () => problems().slice(0, 1);

function twoProblems() {
  const two = problems().slice(0, 2);
  if (two.length < 2)
    notApplicable(
      'only one bad field is known (the empty unique key): name a value the promotion refuses for another key in invalidValues, or a key in requiredKeys',
    );
  return two;
}

/** A fresh, otherwise valid profile with each of the problems applied. */
const withProblems = (list: ReturnType<typeof problems>): Pairs =>
  list.reduce((p, x) => x.apply(p), minimal());

/** One 201 (of the pairs given), one 409 (the same pairs again) and one 400, for the checks about every body. */
async function threeBodies(http: HttpClient, pairs: Pairs = minimal()): Promise<[Exchange, string][]> {
  const ok = await created(http, pairs, 'a valid create');
  const conflict = await create(http, pairs);
  const bad = await create(http, withProblems(oneProblem()));
  return [
    [ok, 'the 201 body'],
    [conflict, 'the 409 body'],
    [bad, 'the 400 body'],
  ];
}

// ---------------------------------------------------------------- the 201 answer

check('EPZ-CREATE-201', 'a valid create is answered 201 Created', async ({ http, note }) => {
  checkCreated201(await create(http, valid(full())));
  // The wiki lists the other path too: report which the target serves (never a failure).
  const other = r.profilePath === 'profile' ? 'profiles' : 'profile';
  const ex = await create(http, valid(minimal()), { path: other });
  note(
    `POST /v1/{apikey}/${other} (the path not configured) was answered HTTP ${ex.response.status}: ` +
      ([404, 405].includes(ex.response.status)
        ? `only /${r.profilePath} is served`
        : `the target serves /${other} too`),
  );
  // The other encodings of the body (the page's lines with and without its commas, form fields):
  // which the target takes is open (reading EPZ-O2); reported, never judged here (form: EPZ-FORM-BODY).
  for (const format of (['page', 'lines', 'form'] as const).filter((f) => f !== r.bodyFormat)) {
    const other = await create(http, valid(full()), { format });
    note(`the same create as bodyFormat "${format}" was answered HTTP ${other.response.status}`);
  }
});

check(
  'EPZ-LOCATION',
  'the 201 carries Location /v1/{apikey}/profile/{uid} on the target',
  async ({ http }) => {
    checkLocation(await created(http, minimal(), 'a valid create'), base, cfg.apikey);
  },
);

check('EPZ-LOCATION-ID', "the profile id is the Location's uid", async ({ http }) => {
  checkIdMatchesLocation(await created(http, minimal(), 'a valid create'));
});

check('EPZ-SUCCESS-SHAPE', 'the 201 body has the documented shape', async ({ http }) => {
  checkSuccessShape(await created(http, full(), 'a valid create'));
});

check('EPZ-SAFE-VALUES', 'the 201 body shows the safe keys with the values sent', async ({ http }) => {
  const pairs = full();
  checkSafeValues(await created(http, pairs, 'a valid create'), safeOf(pairs));
});

check(
  'EPZ-RESULT-VER',
  'the 201, 409 and 400 bodies carry ver="ePrize Web Services 1.0"',
  async ({ http }) => {
    for (const [ex, what] of await threeBodies(http)) checkVer(ex, what);
  },
);

/** A free-text value with letters outside ASCII (and in ISO-8859-1, so a Latin-1 answer shows them). */
const nonAscii = () => `Zoë Ågren-Çelik ${run}`;

check('EPZ-UTF8', 'the 201, 409 and 400 bodies are XML declared UTF-8', async ({ http }) => {
  // The create carries the non-ASCII value when the config names a key for free text.
  const pairs = cfg.textKey ? withPair(full(), cfg.textKey, nonAscii()) : full();
  for (const [ex, what] of await threeBodies(http, pairs)) checkUtf8(ex, what);
});

check(
  'EPZ-NONASCII-ROUNDTRIP',
  'a safe value with non-ASCII letters comes back exactly: in the 201 body, then on read-back',
  async ({ http, note }) => {
    const key = cfg.textKey;
    if (!key) notApplicable('the config names no textKey (a safe key that takes free text)');
    if (!cfg.safeKeys.includes(key))
      notApplicable(`textKey ${key} is not among safeKeys: it would not come back`);
    const text = nonAscii();
    const ex = await created(http, withPair(full(), key, text), 'a create with a non-ASCII value');
    // The page shows the 201 echoing the safe values: compare that first, when it shows the key at
    // all (that it does is EPZ-SAFE-VALUES's business).
    const shown = profileOf(ex, 'the 201');
    if (shown[key] === undefined) note(`the 201 body does not show ${key}: compared on the read-back only`);
    else checkValues(shown, { [key]: text }, 'the non-ASCII value in the 201 body is not the value sent');
    const back = await get(http, readUrlFor(ex, base, cfg.apikey).url);
    checkStatus(back, [200], 'reading the profile back was not answered 200', WITH_FIELD_ERRORS);
    checkValues(
      profileOf(back, 'the read-back'),
      { [key]: text },
      'the non-ASCII value did not come back as sent',
    );
  },
);

// ---------------------------------------------------------------- request encodings and values

check(
  'EPZ-FORM-BODY',
  'a create as form POST variables (UTF-8) is answered 201 with the values sent',
  async ({ http, note }) => {
    const pairs = cfg.textKey ? withPair(full(), cfg.textKey, nonAscii()) : full();
    const ex = await create(http, valid(pairs), { format: 'form' });
    expectCreated(ex, 'a create sent as form POST variables');
    const shown = profileOf(ex, 'the 201');
    // Compare what the 201 shows (which safe keys it shows at all is EPZ-SAFE-VALUES's business).
    const expected = Object.fromEntries(
      Object.entries(safeOf(pairs)).filter(([k]) => shown[k] !== undefined),
    );
    if (Object.keys(expected).length === 0)
      note('the 201 body shows no safe key: the values are not compared');
    checkValues(shown, expected, 'the form values did not come back as sent');
  },
);

check(
  'EPZ-VALID-VALUES',
  'each value the promotion accepts (config validValues) creates a profile',
  async ({ http }) => {
    const entries = Object.entries(cfg.validValues ?? {});
    if (entries.length === 0)
      notApplicable('the config names no validValues (the written forms the promotion accepts)', {
        needs: 'validValues',
      });
    for (const [k, values] of entries) {
      for (const v of values) {
        const pairs = k === cfg.uniqueKey ? minimal(v) : withPair(minimal(), k, v);
        expectCreated(await create(http, pairs), `a create with ${k} ${JSON.stringify(v)}`);
      }
    }
  },
);

check(
  'EPZ-SIZE-LIMIT',
  'a value at its size limit is accepted, one character more is a field error',
  async ({ http }) => {
    const entries = Object.entries(cfg.sizeLimits ?? {}).filter(([k]) => k !== cfg.uniqueKey);
    if (entries.length === 0)
      notApplicable('the config names no sizeLimits (for a key other than the unique key)', {
        needs: 'sizeLimits',
      });
    for (const [k, n] of entries) {
      expectCreated(
        await create(http, withPair(minimal(), k, 'x'.repeat(n))),
        `a create with ${k} of ${n} characters (the limit)`,
      );
      checkFieldError(
        await create(http, withPair(minimal(), k, 'x'.repeat(n + 1))),
        k,
        EITHER,
        `${k} of ${n + 1} characters (one over the limit)`,
      );
    }
  },
);

// ---------------------------------------------------------------- reading back

check('EPZ-READBACK', 'GET on the Location answers 200 with the id and the safe values', async ({ http }) => {
  const pairs = full();
  const ex = await created(http, pairs, 'a valid create');
  const { url, uid } = readUrlFor(ex, base, cfg.apikey);
  const back = await get(http, url);
  checkStatus(back, [200], 'reading the profile back was not answered 200', WITH_FIELD_ERRORS);
  checkValues(
    profileOf(back, 'the read-back'),
    { id: uid, ...safeOf(pairs) },
    'the read-back does not show the profile created',
  );
});

check('EPZ-READBACK-404', 'GET of a uid that does not exist answers 404', async ({ http }) => {
  checkStatus(
    await get(http, `${apiRoot}/profile/${encodeURIComponent(cfg.unknownUid)}`),
    [404],
    'a profile that does not exist was not answered 404',
    WITH_FIELD_ERRORS,
  );
});

check('EPZ-LOOKUP-BY-KEY', 'GET profile({key})/{value} answers 303 to the profile', async ({ http }) => {
  const value = freshValue();
  const ex = await created(http, minimal(value), 'a valid create');
  const { uid } = readUrlFor(ex, base, cfg.apikey);
  const lookup = await get(
    http,
    `${apiRoot}/profile(${encodeURIComponent(cfg.uniqueKey)})/${encodeURIComponent(value)}`,
  );
  checkLookupRedirect(lookup, base, uid);
});

// ---------------------------------------------------------------- 409

check(
  'EPZ-DUPLICATE-409',
  'the same unique value twice: the second is 409 duplicate_account',
  async ({ http }) => {
    checkDuplicate(await duplicate(http));
  },
);

check('EPZ-CONFLICT-SHAPE', 'the 409 body has the documented shape', async ({ http }) => {
  checkConflictShape(await duplicate(http));
});

// ---------------------------------------------------------------- 400

check(
  'EPZ-UNIQUE-NULL',
  'the unique key left out is a NULL field error; empty, a NULL or VALIDATION one',
  async ({ http }) => {
    const k = cfg.uniqueKey;
    checkFieldError(
      await create(http, withPair(minimal(), k, '')),
      k,
      ['NULL', 'VALIDATION'],
      `${k} with an empty value`,
    );
    checkFieldError(await create(http, without(full(), k)), k, EITHER, `a create without ${k}`);
  },
);

check('EPZ-VALIDATION', 'each value the promotion refuses is a VALIDATION field error', async ({ http }) => {
  const entries = Object.entries(cfg.invalidValues);
  if (entries.length === 0) notApplicable('the config names no invalidValues');
  for (const [k, bad] of entries) {
    checkFieldError(
      await create(http, withPair(minimal(), k, bad)),
      k,
      EITHER,
      `${k} ${JSON.stringify(bad)}`,
    );
  }
});

check('EPZ-REQUIRED-KEY', 'each required key left out is a NULL field error', async ({ http }) => {
  const keys = Object.keys(cfg.requiredKeys);
  if (keys.length === 0) notApplicable('the config names no requiredKeys');
  for (const k of keys)
    checkFieldError(await create(http, without(minimal(), k)), k, EITHER, `a create without ${k}`);
});

check(
  'EPZ-ERROR-CODES',
  'NULL for a key without a value, VALIDATION for a refused value',
  async ({ http, note }) => {
    const k = cfg.uniqueKey;
    const cases: [Pairs, string, 'NULL' | 'VALIDATION', string][] = [
      [without(full(), k), k, 'NULL', `a create without ${k}`],
    ];
    const req = Object.keys(cfg.requiredKeys)[0];
    if (req) cases.push([without(minimal(), req), req, 'NULL', `a create without ${req}`]);
    const refused =
      Object.entries(cfg.invalidValues).find(([key]) => key !== k) ?? Object.entries(cfg.invalidValues)[0];
    if (refused) {
      const [key, bad] = refused;
      cases.push([withPair(minimal(), key, bad), key, 'VALIDATION', `${key} ${JSON.stringify(bad)}`]);
    }
    let judged = 0;
    for (const [pairs, key, code, what] of cases) {
      if (checkCodeIfNamed(await create(http, pairs), key, code, what)) judged += 1;
      else note(`${what}: no 400 with a field error naming ${key}, so its code is not judged here`);
    }
    if (judged === 0) notApplicable('no answer was a 400 with a field error naming the key');
  },
);

check('EPZ-FIELD-PER-ERROR', 'two bad keys give two <field> elements, one naming each', async ({ http }) => {
  const two = twoProblems();
  const ex = await create(http, withProblems(two));
  checkFieldsNamed(
    ex,
    two.map((x) => x.key),
    `a create with ${two.map((x) => x.key).join(' and ')} bad`,
  );
});

check('EPZ-FIELD-ERRORS-SHAPE', 'the 400 body has the documented shape', async ({ http }) => {
  checkFieldErrorsShape(await create(http, withProblems(oneProblem())));
});

check('EPZ-ERROR-NO-CREATE', 'after a 400, the same unique value can still be used', async ({ http }) => {
  const problem = problems().find((x) => x.key !== cfg.uniqueKey);
  if (!problem) notApplicable('the config names no bad field other than the unique key');
  const value = freshValue();
  const refused = await create(http, problem.apply(minimal(value)));
  if (refused.response.status !== 400)
    notApplicable(`the bad ${problem.key} was answered HTTP ${refused.response.status}, not refused`);
  const ex = await create(http, valid(minimal(value)));
  if (ex.response.status === 409) {
    fail('the refused request created the profile: its unique value is now a duplicate', {
      received: `HTTP 400, then HTTP 409 for the same ${cfg.uniqueKey} ${JSON.stringify(value)}`,
      documented: 'a 400 creates nothing',
    });
  }
  expectCreated(ex, `the same ${cfg.uniqueKey} after the 400`);
});

// ---------------------------------------------------------------- two faults at once

/** The stored value of textKey, read back from the profile a create answered (undefined: cannot read). */
async function storedText(http: HttpClient, createdEx: Exchange, key: string): Promise<string | undefined> {
  const back = await get(http, readUrlFor(createdEx, base, cfg.apikey).url);
  if (back.response.status !== 200) return undefined;
  return profileOf(back, 'the read-back')[key];
}

check(
  'EPZ-ERROR-COMBINATION',
  'two faults at once: one of the applicable errors, and nothing changes',
  async ({ http, note }) => {
    const bad = problems().find((x) => x.key !== cfg.uniqueKey);
    // Two bad fields (one of them the empty unique key when nothing else is known): 400, nothing created.
    {
      const value = freshValue();
      const pairs = bad ? bad.apply(minimal(value)) : minimal(value);
      const second = problems().filter((x) => x.key !== cfg.uniqueKey)[1];
      const twoBad = second ? second.apply(pairs) : withPair(pairs, cfg.uniqueKey, '');
      checkOneOfErrors(await create(http, twoBad), [400], 'a create with two bad fields');
      if (second)
        expectCreated(await create(http, valid(minimal(value))), `the same ${cfg.uniqueKey} afterwards`);
    }
    // A bad field and no CAPTCHA (an enforced promotion): 400, nothing created.
    if (cfg.captcha.enforced && bad) {
      const value = freshValue();
      checkOneOfErrors(
        await create(http, bad.apply(minimal(value)), { captcha: 'none' }),
        [400],
        `a create with a bad ${bad.key} and no CAPTCHA`,
      );
      const ex = await create(http, valid(minimal(value)));
      if (ex.response.status === 409)
        fail('the refused request created the profile: its unique value is now a duplicate', {
          received: `HTTP 400, then HTTP 409 for the same ${cfg.uniqueKey}`,
          documented: 'a refused request creates nothing',
        });
      expectCreated(ex, `the same ${cfg.uniqueKey} afterwards`);
    }
    // A duplicate with a bad field, and a duplicate without a CAPTCHA: 400 or 409, the profile unchanged.
    const key = cfg.textKey && cfg.safeKeys.includes(cfg.textKey) ? cfg.textKey : undefined;
    const combos: { what: string; pairs: (p: Pairs) => Pairs; captcha?: Captcha }[] = [];
    if (bad) combos.push({ what: `a duplicate with a bad ${bad.key}`, pairs: bad.apply });
    if (cfg.captcha.enforced)
      combos.push({ what: 'a duplicate without a CAPTCHA', pairs: (p) => p, captcha: 'none' });
    for (const c of combos) {
      const value = freshValue();
      const original = key ? withPair(minimal(value), key, `Before ${run}`) : minimal(value);
      const first = await created(http, original, 'the first create');
      const changed = key ? withPair(minimal(value), key, `After ${run}`) : minimal(value);
      checkOneOfErrors(
        await create(http, c.pairs(changed), c.captcha ? { captcha: c.captcha } : {}),
        [400, 409],
        c.what,
      );
      if (!key) {
        note(`config names no safe textKey: the stored profile is not compared after ${c.what}`);
        continue;
      }
      const stored = await storedText(http, first, key);
      if (stored === undefined) note(`the profile could not be read back after ${c.what} (EPZ-READBACK)`);
      else if (stored !== `Before ${run}`)
        fail(`${c.what} was refused but changed the stored profile`, {
          received: `${key} is now ${JSON.stringify(stored)}`,
          documented: `${key} still ${JSON.stringify(`Before ${run}`)}: a refused request changes nothing`,
        });
    }
  },
);

check(
  'EPZ-ERROR-PRECEDENCE',
  'a duplicate with a bad field (or no CAPTCHA) answers the error readings.errorPrecedence names',
  async ({ http }) => {
    const p = r.errorPrecedence;
    if (p === 'any')
      notApplicable('readings.errorPrecedence is "any": the page gives no precedence between 400 and 409', {
        needs: 'readings.errorPrecedence',
      });
    const bad = problems().find((x) => x.key !== cfg.uniqueKey);
    if (!bad && !cfg.captcha.enforced)
      notApplicable('no bad field other than the unique key is known and the CAPTCHA is not enforced', {
        needs: 'invalidValues',
      });
    if (bad) {
      const pairs = minimal();
      await created(http, pairs, 'the first create');
      checkPrecedence(await create(http, bad.apply(pairs)), p, `a duplicate with a bad ${bad.key}`);
    }
    if (cfg.captcha.enforced) {
      const pairs = minimal();
      await created(http, pairs, 'the first create');
      checkPrecedence(await create(http, pairs, { captcha: 'none' }), p, 'a duplicate without a CAPTCHA');
    }
  },
);

// ---------------------------------------------------------------- key names

const badKeys = {
  'EPZ-KEY-NAME-START': ['2nd_choice', '_private'],
  'EPZ-KEY-NAME-CHARS': ['Nickname', 'fav-colour', 'naïve'],
} as const satisfies Partial<Record<EprizeRequirementId, readonly string[]>>;

for (const [id, keys] of Object.entries(badKeys)) {
  check(id, `key names ${keys.join(', ')} never become profile keys: 400, or left out`, async ({ http }) => {
    // Control: the same body without the bad key is accepted, so a refusal below is about the key.
    expectCreated(await create(http, valid(minimal())), 'the same create without the bad key (control)');
    for (const k of keys)
      checkBadKeyName(await create(http, [...minimal(), [k, 'conformance']]), k, 'ignored');
  });
}

check(
  'EPZ-KEY-NAME-REFUSED',
  'a create with a badly named key is refused with 400 (readings.badKeyNames "refused")',
  async ({ http }) => {
    if (r.badKeyNames !== 'refused')
      notApplicable('readings.badKeyNames is "ignored": the page states the rule, not the answer', {
        needs: 'readings.badKeyNames',
      });
    expectCreated(await create(http, valid(minimal())), 'the same create without the bad key (control)');
    for (const k of Object.values(badKeys).flat())
      checkBadKeyName(await create(http, [...minimal(), [k, 'conformance']]), k, 'refused');
  },
);

// ---------------------------------------------------------------- CAPTCHA

/**
 * Control: the same body with a solved CAPTCHA is accepted, so a refusal is about the CAPTCHA. Without
 * a way to answer one (captcha.answerUrl, captcha.answer) there is no control: the check still fails a
 * target that accepts the create, and says that a refusal is not proven to be about the CAPTCHA.
 */
async function captchaControl(http: HttpClient, note: (text: string) => void): Promise<void> {
  if (cfg.captcha.answerUrl === undefined && cfg.captcha.answer === undefined) {
    note(
      'without control: the config gives no way to answer a CAPTCHA (captcha.answerUrl or captcha.answer), so a 400 below is not proven to be about the CAPTCHA; a create accepted fails',
    );
    return;
  }
  expectCreated(await create(http, valid(minimal())), 'the same create with a solved CAPTCHA (control)');
}

check('EPZ-CAPTCHA-REQUIRED', 'a create without a CAPTCHA is answered 400', async ({ http, note }) => {
  requireEnforced();
  await captchaControl(http, note);
  checkStatus(
    await create(http, valid(minimal()), { captcha: 'none' }),
    [400],
    'a create without CAPTCHA headers was not refused with 400',
    WITH_FIELD_ERRORS,
  );
});

check('EPZ-CAPTCHA-WRONG', 'a wrong CAPTCHA answer is answered 400', async ({ http, note }) => {
  requireEnforced();
  await captchaControl(http, note);
  const challenge = await challengePath(http);
  checkStatus(
    await create(http, valid(minimal()), { captcha: { challenge, answer: `wrong-${run}` } }),
    [400],
    'a create with a wrong CAPTCHA answer was not refused with 400',
    WITH_FIELD_ERRORS,
  );
});

check(
  'EPZ-CAPTCHA-SINGLE-USE',
  'a challenge used once is refused the second time (400)',
  async ({ http }) => {
    requireEnforced();
    const solved = await solvedCaptcha(http);
    expectCreated(await create(http, valid(minimal()), { captcha: solved }), 'the first use of a challenge');
    checkStatus(
      await create(http, valid(minimal()), { captcha: solved }),
      [400],
      'a CAPTCHA challenge was accepted a second time',
      WITH_FIELD_ERRORS,
    );
  },
);

check(
  'EPZ-CAPTCHA-CHALLENGE',
  'POST /v1/{apikey}/captcha answers 201 with the challenge Location',
  async ({ http }) => {
    requireEnforced();
    checkChallenge(await newChallenge(http), base, cfg.apikey);
  },
);

// ---------------------------------------------------------------- representations

check(
  'EPZ-JSON-OPTIONAL',
  'asked for JSON once: reported, and well-formed if offered',
  async ({ http, note }) => {
    note(checkJsonOffered(await create(http, valid(minimal()), { accept: 'application/json' })));
  },
);

check('EPZ-STATUS-ONE', 'status is 1 in the 201, 409 and 400 bodies', async ({ http }) => {
  if (r.statusValue !== 'always-1')
    notApplicable('readings.statusValue is "any": the page prints 1 in every body, so its meaning is open', {
      needs: 'readings.statusValue',
    });
  for (const [ex, what] of await threeBodies(http)) checkStatusOne(ex, what);
});

// ---------------------------------------------------------------- generated inputs (suites/eprize/domains.ts)
// Each input of the page as a domain: boundary values first, then random ones (--examples, --seed).
// The API documents no delete, so nothing is put back: every profile a value creates carries the
// run id in its unique key (as every hand-picked create does), and every side sends at most
// PER_SIDE values, whatever --examples says: each is a create (three requests on a CAPTCHA
// promotion: a challenge, its answer, the create), and on the valid sides a profile that stays.

/** The most values one generated domain side sends (boundary values first): at most as many profiles. */
const PER_SIDE = 10;

/** The check's context with its examples capped at PER_SIDE. */
const bounded = (c: ExploreContext): ExploreContext => ({
  ...c,
  generation: { ...c.generation, examples: Math.min(c.generation.examples, PER_SIDE) },
});

/** Every key the promotion is known to have: a generated key name never takes one of them. */
const knownKeys = [
  cfg.uniqueKey,
  ...Object.keys(cfg.requiredKeys),
  ...Object.keys(cfg.optionalKeys),
  ...cfg.safeKeys,
  ...(cfg.textKey ? [cfg.textKey] : []),
  ...Object.keys(cfg.invalidValues),
  ...Object.keys(cfg.validValues ?? {}),
  ...Object.keys(cfg.sizeLimits ?? {}),
];

const LENIENT =
  'refused with 400, or accepted with the key left out of the profile (the page states the rule, not the answer)';
const names = keyNameDomains({ reserved: knownKeys, refusedOutcome: LENIENT });
const strictNames = keyNameDomains({
  reserved: knownKeys,
  refusedOutcome: 'refused with 400 Bad Request (readings.badKeyNames "refused")',
});

/** A create with one additional pair named `key` (the value every hand-picked bad key carries). */
const withKey = (http: HttpClient, key: string) => create(http, [...minimal(), [key, 'conformance']]);

check(
  'EPZ-KEY-NAME-VALID',
  'generated: key names the rule admits are taken as additional pairs',
  async (c) => {
    // Control: a promotion may refuse every key it does not know; then the rule cannot be judged here.
    const control = 'conformance';
    const ex = await withKey(c.http, control);
    if (ex.response.status === 400 && fieldErrors(ex).some((f) => f.name === control))
      notApplicable(
        `the promotion refuses an additional key it does not know (${control}): the name rule is not judged on them`,
      );
    expectCreated(ex, `a create with the additional key ${control} (control)`);
    await explore(bounded(c), names.valid, async (name) => {
      expectCreated(await withKey(c.http, name), `a create with the additional key ${JSON.stringify(name)}`);
    });
  },
);

const badNames: [EprizeRequirementId, DomainSide<string>][] = [
  ['EPZ-KEY-NAME-START', names.start],
  ['EPZ-KEY-NAME-CHARS', names.chars],
];
for (const [id, side] of badNames) {
  check(
    id,
    `generated: ${side.rule.split(': ').pop()}, or the key never becomes a profile key`,
    async (c) => {
      // The same names are sent once: under "refused", by the stricter generated check below.
      if (r.badKeyNames === 'refused')
        notApplicable(
          'readings.badKeyNames is "refused": the generated check of EPZ-KEY-NAME-REFUSED sends these names and requires the 400',
        );
      await explore(bounded(c), side, async (key) =>
        checkBadKeyName(await withKey(c.http, key), key, 'ignored'),
      );
    },
  );
}

check(
  'EPZ-KEY-NAME-REFUSED',
  'generated: badly named keys are refused with 400 (readings.badKeyNames "refused")',
  async (c) => {
    if (r.badKeyNames !== 'refused')
      notApplicable('readings.badKeyNames is "ignored": the page states the rule, not the answer', {
        needs: 'readings.badKeyNames',
      });
    for (const side of [strictNames.start, strictNames.chars])
      await explore(bounded(c), side, async (key) =>
        checkBadKeyName(await withKey(c.http, key), key, 'refused'),
      );
  },
);

const unique = uniqueDomains({
  template: cfg.uniqueValueTemplate,
  runId: run,
  optionalKeys: Object.keys(cfg.optionalKeys),
});
/** The unique values the generated fresh side created, oldest first: its taken side sends them again. */
const createdUnique: string[] = [];

const withOptional = (pairs: Pairs, keys: readonly string[]): Pairs =>
  keys.reduce((p, k) => withPair(p, k, cfg.optionalKeys[k] ?? ''), pairs);

check(
  'EPZ-DUPLICATE-409',
  'generated: fresh unique values are accepted; each sent again is 409 duplicate_account',
  async (c) => {
    await explore(bounded(c), unique.fresh, async (value) => {
      // A value this run already sent (a repeat, or a shrink) would be a duplicate: not sent again here.
      if (usedUnique.has(value)) return;
      usedUnique.add(value);
      expectCreated(
        await create(c.http, valid(minimal(value))),
        `a create with ${cfg.uniqueKey} ${JSON.stringify(value)}`,
      );
      createdUnique.push(value);
    });
    await explore(bounded(c), unique.taken, async ({ pick, extras }) => {
      const n = createdUnique.length;
      const value = createdUnique[pick < 0 ? n + pick : pick % n];
      if (value === undefined) return notApplicable('no fresh unique value was created to send again');
      checkDuplicate(await create(c.http, withOptional(minimal(value), extras)));
    });
  },
);

check(
  'EPZ-UNIQUE-NULL',
  'generated: the unique key without a value is a field error naming it',
  async (c) => {
    const k = cfg.uniqueKey;
    await explore(bounded(c), unique.empty, async ({ value, extras }) => {
      const pairs = withOptional(minimal(), extras);
      const sent = value === null ? without(pairs, k) : withPair(pairs, k, value);
      checkFieldError(
        await create(c.http, sent),
        k,
        EITHER,
        value === null ? `a create without ${k}` : `${k} empty`,
      );
    });
  },
);

const limits = Object.fromEntries(Object.entries(cfg.sizeLimits ?? {}).filter(([k]) => k !== cfg.uniqueKey));
const values = valueDomains({ limits, textKey: cfg.textKey });

check(
  'EPZ-SIZE-LIMIT',
  'generated: values up to their size limit (in characters) are accepted, longer ones are field errors',
  async (c) => {
    if (Object.keys(limits).length === 0)
      notApplicable('the config names no sizeLimits (for a key other than the unique key)', {
        needs: 'sizeLimits',
      });
    // Every size-limited key in one create: a 400 names the key it refused, so each stays judged alone.
    await explore(bounded(c), values.within, async (record) => {
      const pairs = Object.entries(record).reduce((p, [k, v]) => withPair(p, k, v), minimal());
      expectCreated(await create(c.http, pairs), 'a create with every size-limited key within its limit');
    });
    await explore(bounded(c), values.over, async ({ key, value }) => {
      checkFieldError(
        await create(c.http, withPair(minimal(), key, value)),
        key,
        EITHER,
        `${key} of ${[...value].length} characters (limit ${limits[key]})`,
      );
    });
  },
);

check(
  'EPZ-NONASCII-ROUNDTRIP',
  'generated: free-text values of several scripts come back exactly',
  async (c) => {
    const key = cfg.textKey;
    if (!key || !values.text)
      return notApplicable('the config names no textKey (a safe key that takes free text)');
    if (!cfg.safeKeys.includes(key))
      notApplicable(`textKey ${key} is not among safeKeys: it would not come back`);
    await explore(bounded(c), values.text, async (text) => {
      const ex = await create(c.http, withPair(minimal(), key, text));
      expectCreated(ex, `a create with ${key} ${JSON.stringify(text)}`);
      // The 201 body when it shows the key (one request a value), else the read-back.
      let shown = profileOf(ex, 'the 201');
      if (shown[key] === undefined) {
        const back = await get(c.http, readUrlFor(ex, base, cfg.apikey).url);
        checkStatus(back, [200], 'reading the profile back was not answered 200', WITH_FIELD_ERRORS);
        shown = profileOf(back, 'the read-back');
      }
      checkValues(shown, { [key]: text }, 'the free-text value did not come back as sent');
    });
  },
);

// ---------------------------------------------------------------- media types (declared last)

check(
  'EPZ-MEDIA-TYPE',
  'every answer with a body is labelled with the media type of what it carries',
  ({ note }) => {
    const accept = listReading(r.legacyMediaTypes);
    note(`judged ${checkMediaTypes(suite.seen(), accept)} answers of this run`);
  },
);
