// TextMarks "TextMarkManager / set_integration_config()" conformance suite. A plain vitest file: the
// engine (or the root vitest config) provides the target; each check names the requirement(s) it
// enforces. The suite changes group_callback_url and private_token of the configured TextMark and
// puts back what it read at the start (afterAll).
//
// Failed logins: each run sends requests without auth_pass or with a wrong auth_pass for auth_user
// (TXM-AUTH-PASS-REQUIRED, TXM-AUTH-WRONG-PASS, the double errors of TXM-JSONP-ERRORS and
// TXM-ERROR-HTTP-STATUS, and TXM-ERROR-COMBINED's singles and pairs): about a dozen refused logins,
// twice that under readings.errorPrecedence. A target that locks an account after a few failed
// logins may lock auth_user: the suite does not try to avoid it (the error checks need those
// requests); mind it on a real target.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import {
  CheckFailure,
  checkFields,
  checkStatus,
  fail,
  listReading,
  notApplicable,
  uniqueValues,
} from '../../src/check.ts';
import {
  anotherRunFirst,
  anotherRunIn,
  anothersFields,
  changedByAnother,
  checkReadFields,
  type Ownership,
  stringsOf,
  writeLog,
} from '../../src/concurrent.ts';
import { explore } from '../../src/generate.ts';
import type { Exchange, HttpClient } from '../../src/http.ts';
import { defineSuite } from '../../src/suite.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  FORM,
  putBackSettings,
  restoreFields,
  type SavedSettings,
  textMarksCalls,
  tokenChangeRefused as tokenChangeRefusedBy,
} from './api.ts';
import {
  checkCallbackNotEchoed,
  checkCleared,
  checkCombined,
  checkEnvelope,
  checkJsonp,
  checkMediaTypes,
  checkNotWrapped,
  checkPrecedence,
  checkSignature,
  evidence,
  expectRefused,
  expectRescode,
  expectSuccess,
  findRescode,
  judgeMediaTypes,
  phoneForms,
  readLeniently,
  rescodeOf,
  secretsIn,
  settingsOf,
} from './checks.ts';
import { type TextMarksConfig, withDefaults } from './config.ts';
import { DOMAINS, describeNone, describeToken, NONE } from './domains.ts';
import { SCHEMAS } from './schemas.ts';
import { loadSigner } from './signer.ts';

const suite = defineSuite<TextMarksConfig>('textmarks');
const cfg = withDefaults(suite.config);
const r = cfg.readings;
const run = suite.context.runId;
const tokenShown = r.privateTokenReadBack === 'shown';

// Values unique to this run and to each use: two runs never collide, and a target that answers
// with a stale value cannot pass by luck.
const next = uniqueValues(run).serial;
const freshUrl = () => `https://example.com/conformance/${run}-${next()}.php`;
const freshToken = () => `tok_${run}_${next()}`;

// Every value this run sends to tm's settings (src/concurrent.ts): a read-back showing a value that
// is neither one of these, nor the one found before the run, nor one carrying the run id, is another
// client's (two runs at once against one TextMark): the check is errored, never failed, and the
// restore leaves that value as the other client wrote it.
const writes = writeLog();
const SETTINGS = ['group_callback_url', 'private_token'] as const;
const calls = textMarksCalls(suite.context.baseUrl, r.pathStyle);
function recordSet(method: string, fields: Record<string, string>): void {
  if (method !== 'set_integration_config') return;
  if (firstOther !== undefined) throw anotherRunFirst(firstOther, 'tm');
  const shown = SETTINGS.flatMap((k) => (fields[k] !== undefined ? [[k, fields[k]] as const] : []));
  writes.record('tm', Object.fromEntries(shown));
}
const post: typeof calls.post = (http, method, fields, contentType) => {
  recordSet(method, fields);
  return calls.post(http, method, fields, contentType);
};
const get: typeof calls.get = (http, method, fields) => {
  recordSet(method, fields);
  return calls.get(http, method, fields);
};
/** What this run may have put in tm's settings. */
const ownership = (): Ownership => ({ saved: stringsOf(original), wrote: writes.wrote('tm'), runId: run });
/** A read-back field showing another client's value errors the check (`what` names the step). */
function notAnothers(read: Record<string, unknown>, fields: readonly string[], what: string): void {
  const others = anothersFields(stringsOf(read), fields, ownership());
  if (others.length > 0) throw changedByAnother(others, what);
}
/**
 * Judges a read-back of `fields` that another run of this tool may have changed. Its values carry its
 * run id, but what it clears (NONE reads back empty) and its generated values do not: once this run
 * has seen that run's values, a read-back the judge refuses is errored, not failed.
 */
function judgeRead(fields: readonly string[], what: string, judge: () => void): void {
  try {
    judge();
  } catch (e) {
    if (e instanceof CheckFailure && otherRun !== undefined)
      throw changedByAnother(fields, `${what} while run ${otherRun} changes tm`);
    throw e;
  }
}
/** checkFields on a read-back another client may change: errored, not failed, for that client's values. */
const checkRead = (read: Record<string, unknown>, want: Record<string, unknown>, what: string): void =>
  judgeRead(Object.keys(want), what, () => checkReadFields(read, want, what, ownership()));

/** Another run of this tool whose test values (its run id) a read-back of this run showed, if any. */
let otherRun: string | undefined;
/** Set when the settings showed another run's test values before this run changed anything: then nothing is changed. */
let firstOther: string | undefined;

/**
 * Generated values carry no run id: before exploring one field, the other is set to a fresh value
 * that does (one request), so a run starting meanwhile sees this run's id and changes nothing
 * (src/concurrent.ts anotherRunFirst) instead of taking this run's values for the settings as found.
 * private_token only where the suite may change it and the read-back shows it.
 */
async function markRun(http: HttpClient, field: 'group_callback_url' | 'private_token'): Promise<void> {
  if (field === 'private_token' && (tokenChangeRefused() || !tokenShown)) return;
  const value = field === 'group_callback_url' ? freshUrl() : freshToken();
  if (field === 'private_token') suite.secret(value);
  expectSuccessLeniently(await set(http, valid({ ...auth(), [field]: value })));
}

/** Do two reads show the same values in `fields`? */
const sameFields = (a: Record<string, unknown>, b: Record<string, unknown>, fields: readonly string[]) =>
  fields.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));

/**
 * One generated value, set and read back, on a target others may change. Generated values carry no
 * run id and every run sends the same boundary values, so what the run wrote cannot tell its value
 * from another run's (nor from the one another run's restore puts back). A read-back `judge` refuses
 * is therefore judged only when repeating the step reads `fields` back the same (the target's own
 * doing, reproduced) and no other run of this tool was seen; otherwise another client wrote in
 * between: errored, never failed.
 */
async function judgedStep(
  http: HttpClient,
  step: () => Promise<void>,
  fields: readonly string[],
  judge: (read: Record<string, unknown>) => void,
): Promise<void> {
  await step();
  const first = await settings(http);
  const what = 'reading back a generated value';
  try {
    judgeRead(fields, what, () => judge(first));
    return;
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
  }
  await step();
  const again = await settings(http);
  if (sameFields(first, again, fields)) judgeRead(fields, what, () => judge(again));
  throw changedByAnother(fields, `${what}, then again after sending it again`);
}

const auth = () => ({ auth_user: cfg.auth_user, auth_pass: cfg.auth_pass, tm: cfg.tm });

/** A request the suite means to be valid must be valid by the page's Args table (guards the suite). */
function valid(fields: Record<string, string>, schema: object = SCHEMAS.setRequest): Record<string, string> {
  const errs = schemaErrors(schema, fields);
  if (errs.length > 0) throw new Error(`the suite built an invalid request: ${errs.join('; ')}`);
  return fields;
}

let tokenChanged = false;
function set(http: HttpClient, fields: Record<string, string>): Promise<Exchange> {
  if (fields.private_token !== undefined && fields.auth_pass === cfg.auth_pass) tokenChanged = true;
  return post(http, 'set_integration_config', fields);
}

function readBack(http: HttpClient, extra: Record<string, string> = {}): Promise<Exchange> {
  return post(http, 'integration_config', valid({ ...auth(), ...extra }, SCHEMAS.integrationConfigRequest));
}

async function settings(
  http: HttpClient,
  what = 'reading the settings back',
): Promise<Record<string, unknown>> {
  const read = settingsOf(await readBack(http), r.readbackPath, what);
  otherRun ??= anotherRunIn(stringsOf(read), run);
  return read;
}

const tokenRule = { restorePrivateToken: cfg.restorePrivateToken, tokenShown };

/** Why the suite may not change private_token (it could not put it back), or undefined. */
const tokenChangeRefused = (): string | undefined => tokenChangeRefusedBy(original, tokenRule);

function needTokenChange(): void {
  const why = tokenChangeRefused();
  if (why) notApplicable(why, { needs: 'restorePrivateToken' });
}

/** The expected settings, private_token only where the target shows it. */
function expected(url: string, token?: string): Record<string, string> {
  return token !== undefined && tokenShown
    ? { group_callback_url: url, private_token: token }
    : { group_callback_url: url };
}

// ---------------------------------------------------------------- the settings as found, put back at the end

let original: Record<string, unknown> | undefined;

beforeAll(async () => {
  const first = await readBack(suite.http).catch(() => undefined);
  if (!first) return;
  // The original private_token, and whatever else the read-back holds under a key naming a secret
  // (wherever it sits), is a secret the config does not hold: the engine masks it from now on.
  for (const value of secretsIn(readLeniently(first).value)) suite.secret(value);
  try {
    original = settingsOf(first, r.readbackPath, 'reading the settings before the run');
    firstOther = anotherRunIn(stringsOf(original), run);
    otherRun = firstOther;
  } catch {
    original = undefined;
  }
});

// What the suite changed is put back. If the first read-back failed there is nothing to put back
// from: group_callback_url is cleared (NONE) rather than left on a suite URL, and private_token is
// restored only from restorePrivateToken (the token-changing checks ran only if it is configured).
// A token the first read-back showed masked is never written back (the mask is not the token): with
// no restorePrivateToken those checks were not applicable and the token was not changed.
// With the settings read, the vendor's restorer (api.ts, shared with the contract and the restore
// journal) puts them back and reads them again: what is not back is said.
afterAll(async () => {
  if (firstOther !== undefined) return; // nothing was changed
  if (original) {
    const ctx = { http: suite.http, section: suite.context.config, baseUrl: suite.context.baseUrl };
    const saved: SavedSettings = { settings: original, tokenChanged };
    for (const w of await putBackSettings(ctx, saved, ownership()))
      console.warn(suite.redactor.text(`textmarks: ${w}`));
    return;
  }
  const restore = { ...auth(), ...restoreFields(original, { ...tokenRule, tokenChanged }) };
  await set(suite.http, restore).catch(() => undefined);
});

const { check } = suite;

// ---------------------------------------------------------------- success and the envelope

check('TXM-RESCODE-SUCCESS', 'a valid form-encoded POST answers rescode 0', async ({ http }) => {
  const fields = !tokenChangeRefused()
    ? { ...auth(), group_callback_url: freshUrl(), private_token: freshToken() }
    : { ...auth(), group_callback_url: freshUrl() };
  expectSuccess(await set(http, valid(fields)), 'set_integration_config');
});

check(
  'TXM-ENVELOPE',
  'a success, an error and a read-back are each plain JSON in the documented envelope',
  async ({ http }) => {
    checkEnvelope(
      await set(http, valid({ ...auth(), group_callback_url: freshUrl() })),
      r.envelope,
      'a successful set_integration_config',
    );
    checkEnvelope(
      await set(http, valid({ ...auth(), tm: cfg.foreignTm })),
      r.envelope,
      'set_integration_config on a TextMark not owned by auth_user',
    );
    checkEnvelope(await readBack(http), r.envelope, 'integration_config');
  },
);

// ---------------------------------------------------------------- settings

check('TXM-READBACK', 'integration_config() shows the values just set', async ({ http }) => {
  needTokenChange();
  const url = freshUrl();
  const token = freshToken();
  const step = async () =>
    expectSuccessLeniently(
      await set(http, valid({ ...auth(), group_callback_url: url, private_token: token })),
    );
  await judgedStep(http, step, ['group_callback_url', 'private_token'], (read) =>
    checkRead(read, expected(url, token), 'the read-back differs from what was set'),
  );
});

/** Intermediate steps only note a rescode that is not 0: whether it is right is TXM-RESCODE-SUCCESS's business. */
function expectSuccessLeniently(ex: Exchange): void {
  if (findRescode(readLeniently(ex).value) === undefined && ex.response.status >= 400) {
    fail('set_integration_config was refused', { received: evidence(ex) });
  }
}

check(
  'TXM-ONLY-SPECIFIED',
  'group_callback_url alone, then private_token alone: each keeps the other',
  async ({ http, note }) => {
    needTokenChange();
    const url1 = freshUrl();
    const token1 = freshToken();
    const first = async () => {
      expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: url1 })));
      expectSuccessLeniently(await set(http, valid({ ...auth(), private_token: token1 })));
    };
    await judgedStep(http, first, ['group_callback_url', 'private_token'], (read) =>
      checkRead(read, expected(url1, token1), 'setting private_token alone changed group_callback_url'),
    );
    if (!tokenShown) {
      note(
        'checked only that setting private_token alone keeps group_callback_url: under readings.privateTokenReadBack = "hidden" the read-back does not show private_token, so whether setting group_callback_url alone keeps it is NOT checked',
      );
      return;
    }
    const url2 = freshUrl();
    const second = async () =>
      expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: url2 })));
    await judgedStep(http, second, ['group_callback_url', 'private_token'], (read) =>
      checkRead(read, expected(url2, token1), 'setting group_callback_url alone changed private_token'),
    );
    // NONE is a value of group_callback_url: clearing it is no reason to touch private_token.
    const third = async () =>
      expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: 'NONE' })));
    await judgedStep(http, third, ['group_callback_url', 'private_token'], (read) =>
      checkRead(
        read,
        { private_token: token1 },
        'setting group_callback_url=NONE alone changed private_token',
      ),
    );
  },
);

check('TXM-NONE-CLEARS', 'group_callback_url=NONE clears the setting', async ({ http }) => {
  const step = async () => {
    expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: freshUrl() })));
    expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: 'NONE' })));
  };
  const what = 'group_callback_url was not cleared by NONE';
  await judgedStep(http, step, ['group_callback_url'], (read) => {
    notAnothers(read, ['group_callback_url'], what);
    checkCleared(read, 'group_callback_url', r.clearedReadsAs, what);
  });
});

check(
  'TXM-TEMPLATE-STORED',
  "callback templates (the page's \\p and \\a over https and http; every documented code, \\s included) read back exactly as sent",
  async ({ http }) => {
    const templates = [
      `${freshUrl()}?user=\\p&action=\\a`,
      // The page's own common format: http, not https.
      `http://example.com/conformance/${run}-${next()}.php?user=\\p&action=\\a`,
      // Every code of the page (\p, \a, \s) and of the overview (\0, \n, \u, \1–\9, \k).
      `${freshUrl()}?p=\\p&a=\\a&s=\\s&k=\\k&t=\\0&n=\\n&u=\\u&w1=\\1&w9=\\9`,
    ];
    for (const template of templates) {
      const step = async () =>
        expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: template })));
      await judgedStep(http, step, ['group_callback_url'], (read) =>
        checkRead(read, { group_callback_url: template }, 'the template was not stored as given'),
      );
    }
  },
);

check(
  'TXM-URL-VALIDATED',
  'a group_callback_url that is neither a URL nor NONE is refused',
  async ({ http }) => {
    needUrlValidation();
    expectRefused(
      await set(http, { ...auth(), group_callback_url: `not a url ${run}` }),
      `group_callback_url "not a url ${run}"`,
    );
  },
);

function needUrlValidation(): void {
  if (r.urlValidation !== 'refused')
    notApplicable(
      'readings.urlValidation is "unchecked": the page gives the type "URL (or NONE)" but does not say a value is validated',
      { needs: 'readings.urlValidation' },
    );
}

// ---------------------------------------------------------------- generated inputs (domains.ts)
// Each value is a real request: --examples values per domain side (boundary ones first), each set and
// read back like the hand-picked values above; what they change is put back by afterAll's restorer,
// as for every other check. Callback URLs are on reserved hosts only (example.com, .test, .invalid,
// TEST-NET): the target may call them.

check(
  'TXM-TEMPLATE-STORED',
  'generated: callback URLs of every documented form (each character class, port, length) are stored exactly as sent',
  async (c) => {
    await markRun(c.http, 'private_token');
    await explore(c, DOMAINS.callbackUrl, async (url) => {
      let code: number | undefined;
      const step = async () => {
        code = rescodeOf(await set(c.http, valid({ ...auth(), group_callback_url: url })));
      };
      await judgedStep(c.http, step, ['group_callback_url'], (read) =>
        checkFields(
          read,
          { group_callback_url: url },
          `the URL was not stored as sent (set_integration_config answered rescode ${code ?? 'none'})`,
        ),
      );
    });
  },
);

check(
  'TXM-URL-VALIDATED',
  'generated: group_callback_url values that are neither a URL nor NONE are refused',
  async (c) => {
    needUrlValidation();
    await explore(c, DOMAINS.callbackNotUrl, async (value) => {
      expectRefused(
        await set(c.http, { ...auth(), group_callback_url: value }),
        `group_callback_url ${JSON.stringify(value)}`,
      );
    });
  },
);

// A generated private_token is a secret from the moment it is sent: masked in the evidence, and
// described by its length and character classes; the seed replays the value itself.
check(
  'TXM-READBACK',
  'generated: private_token values of every printable class read back exactly as sent',
  async (c) => {
    needTokenChange();
    if (!tokenShown)
      notApplicable('readings.privateTokenReadBack is "hidden": the read-back does not show private_token');
    await markRun(c.http, 'group_callback_url');
    await explore(
      c,
      DOMAINS.privateToken,
      async (token) => {
        c.secret(token);
        const step = async () => {
          expectSuccessLeniently(await set(c.http, valid({ ...auth(), private_token: token })));
        };
        await judgedStep(c.http, step, ['private_token'], (read) =>
          checkFields(read, { private_token: token }, 'the private_token read back differs from the one set'),
        );
      },
      { describe: describeToken },
    );
  },
);

// NONE after a URL of each form, alone or beside a fresh private_token (both are options specified,
// so both change): the URL reads back cleared under readings.clearedReadsAs. Only the URL is judged;
// the token's read-back is TXM-READBACK's business. Three requests a value (set, NONE, read back).
check(
  'TXM-NONE-CLEARS',
  'generated: NONE clears the URL it follows, alone or beside private_token in the same request',
  async (c) => {
    const noToken = tokenChangeRefused();
    if (noToken) c.note(`NONE is sent alone for every value: ${noToken}`);
    await markRun(c.http, 'private_token');
    await explore(
      c,
      DOMAINS.noneClears,
      async ({ before, withToken }) => {
        const token = withToken && !noToken ? freshToken() : undefined;
        if (token) c.secret(token);
        const clear = { ...auth(), group_callback_url: NONE, ...(token ? { private_token: token } : {}) };
        const step = async () => {
          expectSuccessLeniently(await set(c.http, valid({ ...auth(), group_callback_url: before })));
          expectSuccessLeniently(await set(c.http, valid(clear)));
        };
        await judgedStep(c.http, step, ['group_callback_url'], (read) =>
          checkCleared(
            read,
            'group_callback_url',
            r.clearedReadsAs,
            `NONE${token ? ' sent beside a private_token' : ''} did not clear the URL set before`,
          ),
        );
      },
      { describe: describeNone },
    );
  },
);

// jsonp names are sent on the read-back (integration_config): read-only, nothing to put back.
check(
  'TXM-JSONP',
  'generated: callback names of the schema pattern ($, _, digits, dotted paths) wrap the answer (read-only requests)',
  async (c) => {
    await explore(c, DOMAINS.jsonpCallback, async (cb) => {
      checkJsonp(await readBack(c.http, { jsonp: cb }), cb, `integration_config with jsonp=${cb}`);
    });
  },
);

check(
  'TXM-JSONP-SAFE-CALLBACK',
  'generated: jsonp values outside the identifier pattern are never echoed raw (read-only requests)',
  async (c) => {
    await explore(c, DOMAINS.jsonpNotIdentifier, async (value) => {
      checkCallbackNotEchoed(
        await post(c.http, 'integration_config', { ...auth(), jsonp: value }),
        value,
        `integration_config with jsonp=${JSON.stringify(value)}`,
      );
    });
  },
);

// api_key has no generated domain: the page gives its type ("API Key (Register here)") and no form,
// so no value but the configured one is known to be valid (TXM-API-KEY sends that one).
check('TXM-API-KEY', 'a request carrying the configured api_key is accepted', async ({ http }) => {
  if (!cfg.api_key) notApplicable('no api_key is configured', { needs: 'api_key' });
  const url = freshUrl();
  await set(http, valid({ ...auth(), api_key: cfg.api_key, group_callback_url: url }));
  checkRead(await settings(http), { group_callback_url: url }, 'a request with api_key was not applied');
});

// ---------------------------------------------------------------- the alternatives the page offers

/** Sets a fresh group_callback_url with `fields` overriding the usual ones; true when the read-back shows it. */
async function appliedWith(
  http: HttpClient,
  fields: Record<string, string>,
  send: (f: Record<string, string>) => Promise<Exchange> = (f) => set(http, f),
): Promise<{ url: string; stored: unknown }> {
  const url = freshUrl();
  await send({ ...auth(), group_callback_url: url, ...fields });
  return { url, stored: (await settings(http)).group_callback_url };
}

function expectApplied(got: { url: string; stored: unknown }, what: string, documented: string): void {
  if (got.stored !== got.url) {
    notAnothers({ group_callback_url: got.stored }, ['group_callback_url'], `reading back ${what}`);
    judgeRead(['group_callback_url'], `reading back ${what}`, () =>
      fail(`${what} was not applied`, {
        received: `group_callback_url ${got.stored === undefined ? 'absent' : JSON.stringify(got.stored)} after setting ${JSON.stringify(got.url)}`,
        documented,
      }),
    );
  }
}

check(
  'TXM-AUTH-PHONE',
  'the phone number of the account (authPhone) logs in as auth_user',
  async ({ http }) => {
    if (!cfg.authPhone)
      notApplicable('no authPhone is configured (a phone number that logs in as auth_user)', {
        needs: 'authPhone',
      });
    expectApplied(
      await appliedWith(http, { auth_user: cfg.authPhone }),
      'a request with auth_user = authPhone',
      'auth_user: "User account / phone# used for login"',
    );
  },
);

check(
  'TXM-AUTH-PHONE-FORMS',
  'the phone number logs in written as digits alone, and as +digits when it has a country code',
  async ({ http, secret }) => {
    if (r.phoneForms !== 'common')
      notApplicable('readings.phoneForms is "configured": which written forms of a phone# log in is open', {
        needs: 'readings.phoneForms',
      });
    if (!cfg.authPhone)
      notApplicable('no authPhone is configured (a phone number that logs in as auth_user)', {
        needs: 'authPhone',
      });
    const forms = phoneForms(cfg.authPhone);
    if (forms.length === 0)
      notApplicable('authPhone is already written as digits alone: no other form to try');
    for (const form of forms) secret(form);
    for (const form of forms) {
      expectApplied(
        await appliedWith(http, { auth_user: form }),
        `a request with auth_user = authPhone written as ${/^\+/.test(form) ? '+digits' : 'digits alone'}`,
        'auth_user: "User account / phone# used for login" (readings.phoneForms = common)',
      );
    }
  },
);

check(
  'TXM-TM-TRI',
  'tm given as the TRI of the TextMark (tmTri) selects the same TextMark',
  async ({ http }) => {
    if (!cfg.tmTri) notApplicable('no tmTri is configured (the TRI of tm)', { needs: 'tmTri' });
    expectApplied(
      await appliedWith(http, { tm: cfg.tmTri }),
      'a request with tm = tmTri',
      'tm: "TextMark keyword/TRI owned by auth_user"; read back through the keyword',
    );
  },
);

check(
  'TXM-FORM-CHARSET',
  'a form body labelled application/x-www-form-urlencoded; charset=UTF-8 is read',
  async ({ http }) => {
    expectApplied(
      await appliedWith(http, {}, (f) =>
        post(http, 'set_integration_config', valid(f), `${FORM}; charset=UTF-8`),
      ),
      'a form labelled charset=UTF-8',
      'form fields (application/x-www-form-urlencoded), with or without a charset parameter',
    );
  },
);

check('TXM-GET', 'GET with the arguments in the query string works like POST', async ({ http }) => {
  if (r.getRequests === 'none')
    notApplicable(
      'readings.getRequests is "none": which calls take GET is open (the page labels the setter "(POST)")',
      {
        needs: 'readings.getRequests',
      },
    );
  const url = freshUrl();
  expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: url })));
  const got = settingsOf(
    await get(http, 'integration_config', auth()),
    r.readbackPath,
    'integration_config by GET',
  );
  checkRead(got, { group_callback_url: url }, 'integration_config by GET does not show the settings');
  if (r.getRequests === 'both') {
    expectApplied(
      await appliedWith(http, {}, (f) => get(http, 'set_integration_config', valid(f))),
      'set_integration_config by GET',
      '"GET or POST" (readings.getRequests = both)',
    );
  }
});

// ---------------------------------------------------------------- required arguments and ownership

function without(key: 'auth_user' | 'auth_pass' | 'tm'): Record<string, string> {
  const fields: Record<string, string> = { ...auth(), group_callback_url: freshUrl() };
  delete fields[key];
  return fields;
}

check('TXM-AUTH-USER-REQUIRED', 'a request without auth_user is refused', async ({ http }) => {
  expectRefused(await set(http, without('auth_user')), 'a request without auth_user');
});

check('TXM-AUTH-PASS-REQUIRED', 'a request without auth_pass is refused', async ({ http }) => {
  expectRefused(await set(http, without('auth_pass')), 'a request without auth_pass');
});

check('TXM-TM-REQUIRED', 'a request without tm is refused', async ({ http }) => {
  expectRefused(await set(http, without('tm')), 'a request without tm');
});

check('TXM-AUTH-WRONG-PASS', 'a wrong auth_pass is refused and changes nothing', async ({ http }) => {
  // By the account name, and by its phone number where one logs in (authPhone): either way in.
  const logins = [
    { auth_user: cfg.auth_user, what: 'a request with a wrong auth_pass' },
    ...(cfg.authPhone
      ? [{ auth_user: cfg.authPhone, what: 'a request with auth_user = authPhone and a wrong auth_pass' }]
      : []),
  ];
  for (const { auth_user, what } of logins) {
    const attempted = freshUrl();
    expectRefused(
      await set(http, {
        ...auth(),
        auth_user,
        auth_pass: `${cfg.auth_pass}-wrong`,
        group_callback_url: attempted,
      }),
      what,
    );
    const after = await settings(http);
    if (after.group_callback_url === attempted) {
      fail(`${what} changed the setting`, {
        received: `group_callback_url ${JSON.stringify(attempted)} after a refused request`,
        documented: 'a non-zero rescode, and the settings as they were',
      });
    }
  }
});

// The same request shape (credentials, tm and one option) is first sent for the owned tm and must be
// accepted, so a refusal of the foreign tm is about ownership, not about the request. The foreign tm
// gets an actual option (a fresh example.com group_callback_url): a target answering non-zero for
// "nothing to change" does not pass by that. A foreign TextMark cannot be read back, so nothing is
// read after the refusal; a target that wrongly accepts may keep that URL on somebody else's TextMark.
check('TXM-TM-NOT-OWNED', 'a TextMark not owned by auth_user is refused', async ({ http }) => {
  const owned = await set(http, valid({ ...auth(), group_callback_url: freshUrl() }));
  const code = rescodeOf(owned);
  if (code !== 0)
    notApplicable(
      `the same request for the owned tm was not accepted (rescode ${code ?? 'none'}): a refusal of the foreign tm would prove nothing about ownership`,
    );
  expectRefused(
    await set(http, valid({ ...auth(), tm: cfg.foreignTm, group_callback_url: freshUrl() })),
    'a TextMark not owned by auth_user',
  );
  // "keyword/TRI": ownership holds whichever name tm gives.
  if (cfg.foreignTmTri)
    expectRefused(
      await set(http, valid({ ...auth(), tm: cfg.foreignTmTri, group_callback_url: freshUrl() })),
      'a TextMark not owned by auth_user, given by its TRI (foreignTmTri)',
    );
});

check(
  'TXM-TM-NOT-OWNED-2011',
  'a TextMark not owned by auth_user gives the rescode of readings.foreignTmRescode',
  async ({ http }) => {
    const code = r.foreignTmRescode;
    if (code === 'any')
      notApplicable(
        'readings.foreignTmRescode is "any": what a non-owner tm returns is open (the overview names 2011)',
        { needs: 'readings.foreignTmRescode' },
      );
    expectRescode(
      await set(http, { ...auth(), tm: cfg.foreignTm }),
      code,
      'a TextMark not owned by auth_user',
    );
  },
);

// ---------------------------------------------------------------- JSON-P
// The error cases break two rules at once (no auth_pass, a foreign TextMark): no single-rule fault
// turns them into a success, so a broken rule fails its own requirement only.
const doubleError = () => {
  const { auth_pass: _, ...rest } = { ...auth(), tm: cfg.foreignTm };
  return rest;
};

check('TXM-JSONP', 'with jsonp=cb the body is cb(<envelope>)', async ({ http }) => {
  const cb = `cb_${run}_${next()}`;
  checkJsonp(
    await set(http, valid({ ...auth(), group_callback_url: freshUrl(), jsonp: cb })),
    cb,
    `set_integration_config with jsonp=${cb}`,
  );
});

check('TXM-JSONP-ERRORS', 'the callback wraps an error answer too', async ({ http }) => {
  const cb = `cb_${run}_${next()}`;
  const ex = await set(http, { ...doubleError(), jsonp: cb });
  checkJsonp(ex, cb, `a refused request with jsonp=${cb}`);
  expectRefused(ex, 'a request without auth_pass for a foreign TextMark');
});

check('TXM-JSONP-BLANK', 'a blank jsonp gives plain JSON', async ({ http }) => {
  checkNotWrapped(
    await set(http, valid({ ...auth(), group_callback_url: freshUrl(), jsonp: '' })),
    'set_integration_config with jsonp=""',
  );
});

check(
  'TXM-JSONP-SAFE-CALLBACK',
  'a jsonp value that is not an identifier is not echoed raw (read-only requests)',
  async ({ http }) => {
    for (const hostile of ['alert(document.domain);x', '<script>alert(1)</script>']) {
      checkCallbackNotEchoed(
        await post(http, 'integration_config', { ...auth(), jsonp: hostile }),
        hostile,
        `integration_config with jsonp=${JSON.stringify(hostile)}`,
      );
    }
  },
);

check('TXM-ERROR-HTTP-STATUS', 'an error answer comes with the configured HTTP status', async ({ http }) => {
  const status = r.errorHttpStatus;
  if (status === 'any')
    notApplicable('readings.errorHttpStatus is "any": the page speaks only of the rescode', {
      needs: 'readings.errorHttpStatus',
    });
  const ex = await set(http, doubleError());
  checkStatus(ex, status, `a refused request: HTTP ${ex.response.status}`, {
    documented: `HTTP ${status} (readings.errorHttpStatus)`,
  });
});

// ---------------------------------------------------------------- two faults at once

type Kind = 'missing' | 'auth' | 'tm' | 'value';
interface Single {
  kind: Kind;
  label: string;
  /** The request's fields, carrying `url` as its group_callback_url where it has one. */
  fields: (url: string) => Record<string, string>;
}

const wrongPass = () => `${cfg.auth_pass}-wrong`;
const badUrl = () => `not a url ${run}-${next()}`;
const SINGLES = {
  noPass: {
    kind: 'missing',
    label: 'no auth_pass',
    fields: (url) => omit({ ...auth(), group_callback_url: url }, 'auth_pass'),
  },
  noTm: {
    kind: 'missing',
    label: 'no tm',
    fields: (url) => omit({ ...auth(), group_callback_url: url }, 'tm'),
  },
  wrongPass: {
    kind: 'auth',
    label: 'a wrong auth_pass',
    fields: (url) => ({ ...auth(), auth_pass: wrongPass(), group_callback_url: url }),
  },
  foreignTm: {
    kind: 'tm',
    label: 'a tm not owned',
    fields: (url) => ({ ...auth(), tm: cfg.foreignTm, group_callback_url: url }),
  },
  badUrl: {
    kind: 'value',
    label: 'a group_callback_url that is not a URL',
    fields: () => ({ ...auth(), group_callback_url: badUrl() }),
  },
} satisfies Record<string, Single>;

function omit(fields: Record<string, string>, key: string): Record<string, string> {
  const out = { ...fields };
  delete out[key];
  return out;
}

/** Two faults in one request: the fields of both, the second's faults applied over the first's. */
const PAIRS: {
  a: keyof typeof SINGLES;
  b: keyof typeof SINGLES;
  fields: (url: string) => Record<string, string>;
}[] = [
  {
    a: 'noPass',
    b: 'noTm',
    fields: (url) => omit(omit({ ...auth(), group_callback_url: url }, 'auth_pass'), 'tm'),
  },
  {
    a: 'noTm',
    b: 'wrongPass',
    fields: (url) => omit({ ...auth(), auth_pass: wrongPass(), group_callback_url: url }, 'tm'),
  },
  {
    a: 'wrongPass',
    b: 'foreignTm',
    fields: (url) => ({ ...auth(), auth_pass: wrongPass(), tm: cfg.foreignTm, group_callback_url: url }),
  },
  {
    a: 'noPass',
    b: 'foreignTm',
    fields: (url) => omit({ ...auth(), tm: cfg.foreignTm, group_callback_url: url }, 'auth_pass'),
  },
  {
    a: 'wrongPass',
    b: 'badUrl',
    fields: () => ({ ...auth(), auth_pass: wrongPass(), group_callback_url: badUrl() }),
  },
  { a: 'noTm', b: 'badUrl', fields: () => omit({ ...auth(), group_callback_url: badUrl() }, 'tm') },
];

interface PairResult {
  what: string;
  ex: Exchange;
  /** The code each fault got alone, by kind (or label, when both are of one kind). */
  alone: Record<string, number>;
  sameKind: boolean;
}

/**
 * Each fault alone, then each pair; a bad option value takes part only under readings.urlValidation
 * = refused (otherwise it is no fault). A fault the target accepts alone is its own requirement's
 * failure (TXM-AUTH-PASS-REQUIRED, TXM-TM-REQUIRED, TXM-AUTH-WRONG-PASS, TXM-TM-NOT-OWNED,
 * TXM-URL-VALIDATED): its pairs are left out, with a note. Returns the pairs and every
 * group_callback_url a pair sent for the owned tm (or for no tm).
 */
async function pairs(
  http: HttpClient,
  note: (m: string) => void,
): Promise<{ results: PairResult[]; attempted: string[] }> {
  const withValue = r.urlValidation === 'refused';
  const codes: Partial<Record<keyof typeof SINGLES, number>> = {};
  for (const [key, single] of Object.entries(SINGLES) as [keyof typeof SINGLES, Single][]) {
    if (single.kind === 'value' && !withValue) continue;
    const ex = await set(http, single.fields(freshUrl()));
    const code = rescodeOf(ex) ?? expectRefused(ex, `${single.label} alone`);
    if (code === 0)
      note(`${single.label} alone was accepted: its pairs are left out (its own requirement's business)`);
    else codes[key] = code;
  }
  const results: PairResult[] = [];
  const attempted: string[] = [];
  for (const pair of PAIRS) {
    const a = SINGLES[pair.a] as Single;
    const b = SINGLES[pair.b] as Single;
    const codeA = codes[pair.a];
    const codeB = codes[pair.b];
    if (codeA === undefined || codeB === undefined) continue;
    const sameKind = a.kind === b.kind;
    const alone = { [sameKind ? a.label : a.kind]: codeA, [sameKind ? b.label : b.kind]: codeB };
    const fields = pair.fields(freshUrl());
    if (fields.group_callback_url && (fields.tm === undefined || fields.tm === cfg.tm))
      attempted.push(fields.group_callback_url);
    results.push({
      what: `a request with ${a.label} and ${b.label}`,
      ex: await set(http, fields),
      alone,
      sameKind,
    });
  }
  if (results.length === 0)
    notApplicable('every fault was accepted alone: no pair of refused faults to send');
  return { results, attempted };
}

check(
  'TXM-ERROR-COMBINED',
  'two faults at once: refused with the code of one of them, nothing changed',
  async ({ http, note }) => {
    const { results, attempted } = await pairs(http, note);
    for (const p of results) checkCombined(p.ex, p.alone, p.what);
    const now = (await settings(http)).group_callback_url;
    if (typeof now === 'string' && attempted.includes(now)) {
      fail('a refused request changed the setting', {
        received: `group_callback_url ${JSON.stringify(now)}, sent only by a request that was refused`,
        documented: 'a non-zero rescode, and the settings as they were',
      });
    }
  },
);

check(
  'TXM-ERROR-PRECEDENCE',
  'of two faults of different kinds, the one first in readings.errorPrecedence decides the rescode',
  async ({ http, note }) => {
    const order = r.errorPrecedence
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (order.length === 0)
      notApplicable('readings.errorPrecedence is empty: which of two errors wins is open', {
        needs: 'readings.errorPrecedence',
      });
    const { results } = await pairs(http, note);
    for (const p of results.filter((x) => !x.sameKind)) {
      if (new Set(Object.values(p.alone)).size < 2)
        note(
          `${p.what}: both faults get rescode ${Object.values(p.alone)[0]} alone, so the order cannot be seen`,
        );
      checkPrecedence(p.ex, p.alone, order, p.what);
    }
  },
);

// ---------------------------------------------------------------- \s signing

interface Callback {
  url: string;
}

/** A one-shot HTTP receiver for the target's group callback. */
async function receiver(): Promise<{
  base: string;
  next: (ms: number) => Promise<Callback>;
  close: () => void;
}> {
  let resolveNext: ((c: Callback) => void) | undefined;
  const got: Callback[] = [];
  const server = createServer((req, res) => {
    const c = { url: req.url ?? '/' };
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (resolveNext) resolveNext(c);
    else got.push(c);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.callbackReceiver.port, cfg.callbackReceiver.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = cfg.callbackReceiver.host.includes(':')
    ? `[${cfg.callbackReceiver.host}]`
    : cfg.callbackReceiver.host;
  return {
    base: (cfg.callbackReceiver.publicUrl ?? `http://${host}:${port}`).replace(/\/+$/, ''),
    next: (ms) => {
      const first = got.shift();
      if (first) return Promise.resolve(first);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timeout')), ms);
        resolveNext = (c) => {
          clearTimeout(timer);
          resolve(c);
        };
      });
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

check(
  'TXM-SIGNATURE',
  'a group callback carries \\s signed with the private_token just set',
  async ({ http, note }) => {
    if (!r.signerModule)
      notApplicable('no signer is configured (readings.signerModule): the \\s algorithm is not public', {
        needs: 'readings.signerModule',
      });
    needTokenChange();
    const signer = await loadSigner(r.signerModule);
    const rx = await receiver();
    try {
      const token = freshToken();
      const path = `/txm-callback/${run}-${next()}`;
      const phone = `1555${String(next()).padStart(7, '0')}`;
      expectSuccessLeniently(
        await set(
          http,
          valid({
            ...auth(),
            group_callback_url: `${rx.base}${path}?user=\\p&action=\\a&sig=\\s`,
            private_token: token,
          }),
        ),
      );
      await signer.trigger({
        baseUrl: suite.context.baseUrl,
        tm: cfg.tm,
        phone,
        action: 'SUB',
        config: suite.config as unknown as Record<string, unknown>,
        timeoutMs: suite.context.timeoutMs,
      });
      const cb = await rx.next(suite.context.timeoutMs).catch(() =>
        fail(`no group callback reached ${rx.base}${path} within ${suite.context.timeoutMs} ms`, {
          documented: 'a notification to group_callback_url on every group join or leave',
        }),
      );
      note(`callback received: ${cb.url}`);
      const received = new URL(cb.url, 'http://receiver').searchParams.get('sig');
      const want = await signer.sign({
        privateToken: token,
        tm: cfg.tm,
        phone,
        action: 'SUB',
        receivedUrl: cb.url,
      });
      checkSignature(received, want, 'the group callback');
    } finally {
      rx.close();
    }
  },
);

// ---------------------------------------------------------------- media types: declared last, it judges every response above

check(
  'TXM-MEDIA-TYPE',
  'every response received so far is labelled with the media type of what it carries',
  ({ note }) => {
    const j = judgeMediaTypes(suite.seen(), {
      jsonp: r.jsonpMediaType,
      accept: listReading(r.legacyMediaTypes),
    });
    if (j.judged === 0) notApplicable('no JSON response was received to judge');
    note(
      `${j.judged} responses judged; not judged: ${j.skipped.length} (${[...new Set(j.skipped)].join('; ') || 'none'}), transport errors, redirects and empty bodies`,
    );
    checkMediaTypes(j);
  },
);
