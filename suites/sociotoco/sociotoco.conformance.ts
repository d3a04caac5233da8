// Sociotoco "sociotoco.sets.setProfiles" conformance suite. A plain vitest file: the engine (or the
// root vitest config) provides the target; each check names the requirement(s) it enforces.
import { createHash } from 'node:crypto';
import { afterAll } from 'vitest';
import requestSchema from '../../schemas/sociotoco/setprofiles-request.schema.json' with { type: 'json' };
import { fail, notApplicable } from '../../src/check.ts';
import type { Exchange, HttpClient } from '../../src/http.ts';
import { defineSuite } from '../../src/suite.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  checkAddedProfiles,
  checkErrorCode,
  checkErrorEnvelope,
  checkFormat,
  checkNameAsExample,
  checkOneOfCodes,
  checkReadback,
  checkSetId,
  checkStatus,
  checkSuccessShape,
  checkUnchanged,
  checkVersionIncreased,
  type Format,
  isErrorAnswer,
  type SetView,
  setOf,
} from './checks.ts';
import { type SociotocoConfig, withDefaults } from './config.ts';
import { ERROR_CODES, type ErrorCode, errorRequirementId } from './requirements.ts';
import { ALGORITHMS, type Param, queryString, type SignOptions, sign } from './sign.ts';

const suite = defineSuite<SociotocoConfig>('sociotoco');
const cfg = withDefaults(suite.config);
const r = cfg.readings;
const { check } = suite;
const run = suite.context.runId;
const FORMATS: Format[] = ['xml', 'json'];

// Values unique to this run and to each use (a run id plus a counter), so a stale answer never
// passes by luck and two runs never collide.
let serial = 0;
const next = () => {
  serial += 1;
  return `${run}-${serial}`;
};
const hashOf = (seed: string) => createHash('sha256').update(seed).digest();

/** A UUID no set has: derived from the run id and a counter. */
function unknownSid(): string {
  if (cfg.unknownSid) return cfg.unknownSid;
  const h = hashOf(`sid:${next()}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Number.parseInt(h.charAt(16), 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A key of the configured key's shape (each digit a digit, each hex letter a hex letter…) that is not it. */
function unknownKey(attempt = 0): string {
  if (cfg.unknownKey) return cfg.unknownKey;
  // A key without letters or digits has no shape to vary: set unknownKey in the config for it.
  if (attempt > 3) return `${cfg.apiKey}0`;
  const bytes = hashOf(`key:${next()}`);
  const pick = (set: string, i: number) => set.charAt((bytes[i % bytes.length] ?? 0) % set.length);
  const out = [...cfg.apiKey]
    .map((c, i) => {
      if (/[0-9]/.test(c)) return pick('0123456789', i);
      if (/[a-f]/.test(c)) return pick('abcdef', i);
      if (/[A-F]/.test(c)) return pick('ABCDEF', i);
      if (/[a-z]/.test(c)) return pick('abcdefghijklmnopqrstuvwxyz', i);
      if (/[A-Z]/.test(c)) return pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ', i);
      return c;
    })
    .join('');
  return out === cfg.apiKey ? unknownKey(attempt + 1) : out;
}

const now = () => String(Math.floor(Date.now() / 1000));

interface CallOptions {
  format?: Format;
  /** 'none' sends no sig; otherwise overrides of the configured signing (a wrong secret, order…). */
  sig?: 'none' | Partial<SignOptions>;
}

function signOptions(over: Partial<SignOptions> = {}): SignOptions {
  return {
    secret: cfg.secret,
    algorithm: cfg.algorithm,
    hexCase: r.sigHexCase,
    encodeValues: r.signedValues === 'encoded',
    ...over,
    exclude: [...(r.signFormat ? [] : ['format']), ...(over.exclude ?? [])],
  };
}

/** One GET to the endpoint: the parameters in the order given, format=json if asked, then sig. */
async function call(http: HttpClient, params: Param[], opts: CallOptions = {}): Promise<Exchange> {
  if (http !== suite.http) await originalSet();
  const all: Param[] = opts.format === 'json' ? [...params, ['format', 'json']] : [...params];
  if (opts.sig !== 'none') all.push(['sig', sign(all, signOptions(opts.sig ?? {}))]);
  return http.send({ method: 'GET', url: `${suite.context.baseUrl}?${queryString(all)}` });
}

interface SetProfilesArgs {
  method?: string;
  /** null leaves the argument out. */
  key?: string | null;
  sid?: string | null;
  profiles?: string | null;
}

/** method, key, sid, profiles, time: deliberately not sorted, so the order of the query never signs by luck. */
function setProfilesParams(a: SetProfilesArgs = {}): Param[] {
  const p: Param[] = [['method', a.method ?? r.methodName]];
  if (a.key !== null) p.push(['key', a.key ?? cfg.apiKey]);
  if (a.sid !== null) p.push(['sid', a.sid ?? cfg.sid]);
  if (a.profiles !== null) p.push(['profiles', a.profiles ?? cfg.profileIds.join(',')]);
  p.push(['time', now()]);
  return p;
}

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

function getSet(http: HttpClient): Promise<Exchange> {
  return call(http, [
    ['method', 'sociotoco.sets.get'],
    ['key', cfg.apiKey],
    ['sid', cfg.sid],
    ['time', now()],
  ]);
}

async function readSet(http: HttpClient, what: string): Promise<SetView> {
  return setOf(await getSet(http), what, 'profiles');
}

// The set as it was before the suite touched it, to put its profiles back afterwards.
let original: Promise<SetView | undefined> | undefined;
function originalSet(): Promise<SetView | undefined> {
  original ??= getSet(suite.http)
    .then((ex) => setOf(ex, 'reading the set before the run', 'profiles'))
    .catch(() => undefined);
  return original;
}

afterAll(async () => {
  // Under "add" nothing can be taken out again; an empty list cannot be set (error 305).
  if (!original || r.setSemantics !== 'replace') return;
  const before = await original;
  if (!before || before.profiles.length === 0) return;
  await call(suite.http, setProfilesParams({ profiles: before.profiles.join(',') })).catch(() => undefined);
});

const FULL = cfg.profileIds;
const LAST = [cfg.profileIds[cfg.profileIds.length - 1] as string];

// ---------------------------------------------------------------- the error table
// One request per code that gets only that one thing wrong, signed with the configured secret.

const PROVOKE: Record<ErrorCode, (http: HttpClient, format: Format) => Promise<Exchange>> = {
  100: (h, format) => call(h, setProfilesParams({ key: null }), { format }),
  101: (h, format) => call(h, setProfilesParams(), { format, sig: 'none' }),
  200: (h, format) => call(h, setProfilesParams({ key: r.invalidKey }), { format }),
  201: (h, format) => call(h, setProfilesParams({ key: unknownKey() }), { format }),
  210: (h, format) =>
    call(h, setProfilesParams(), { format, sig: { secret: `${cfg.secret}-wrong-${next()}` } }),
  220: (h, format) =>
    call(h, setProfilesParams({ method: `sociotoco.sets.conformance${next().replace(/\W/g, '')}` }), {
      format,
    }),
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
    notApplicable('readings.errorStatus is "any": the status of an error is not documented');
  const allowed = r.errorStatus.split(',').map(Number);
  for (const code of [101, 220, 304] as const) {
    checkStatus(await PROVOKE[code](http, 'xml'), allowed, `the error ${code} request`);
  }
});

check(
  'SOC-ERROR-PRECEDENCE',
  'with several errors, the answer carries one that applies',
  async ({ http }) => {
    const pageOrder = r.errorPrecedence === 'page-order';
    checkOneOfCodes(
      await call(http, setProfilesParams({ key: null }), { sig: 'none' }),
      pageOrder ? [100] : [100, 101],
      'a request without key and without sig',
    );
    checkOneOfCodes(
      await call(http, setProfilesParams({ sid: null, profiles: null })),
      pageOrder ? [304] : [304, 305],
      'a request without sid and without profiles',
    );
  },
);

check(
  'SOC-ERROR-NO-CHANGE',
  'a setProfiles with a wrong signature leaves the set as it was',
  async ({ http }) => {
    const before = await readSet(http, 'reading the set before');
    const first = [cfg.profileIds[0] as string];
    const same = (a: readonly string[], b: readonly string[]) =>
      a
        .map((x) => x.toUpperCase())
        .sort()
        .join() ===
      b
        .map((x) => x.toUpperCase())
        .sort()
        .join();
    const attempt = same(before.profiles, first) ? FULL : first;
    await call(http, valid(setProfilesParams({ profiles: attempt.join(',') }), 'xml'), {
      sig: { secret: `${cfg.secret}-wrong-${next()}` },
    });
    checkUnchanged(before, await readSet(http, 'reading the set after the refused request'));
  },
);

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

check('SOC-FORMAT-JSON', 'with format=json, success and error answers are JSON', async ({ http }) => {
  checkFormat(await setProfiles(http, FULL, 'json'), 'json', 'setProfiles with format=json');
  checkFormat(await PROVOKE[220](http, 'json'), 'json', 'an unsupported method with format=json');
});

check('SOC-SET-ID', 'sociotocoId is the sid of the request, in XML and JSON', async ({ http }) => {
  for (const format of FORMATS) {
    checkSetId(setOf(await setProfiles(http, FULL, format), `setProfiles (${format})`), cfg.sid, format);
  }
});

check('SOC-ADDED-PROFILES', 'addedProfiles lists the profiles just set, in any order', async ({ http }) => {
  for (const format of FORMATS) {
    const one = setOf(await setProfiles(http, LAST, format), `setting one profile (${format})`);
    checkAddedProfiles(one, LAST, r.setSemantics, `setting one profile (${format})`);
    const all = setOf(await setProfiles(http, FULL, format), `setting every profile (${format})`);
    checkAddedProfiles(all, FULL, r.setSemantics, `setting every profile (${format})`);
  }
});

check('SOC-VERSION-INCREMENTS', 'the version grows with each successful setProfiles', async ({ http }) => {
  const first = setOf(await setProfiles(http, FULL), 'the first setProfiles');
  const second = setOf(await setProfiles(http, FULL), 'the second setProfiles');
  checkVersionIncreased(first, second);
});

check('SOC-READBACK', 'sociotoco.sets.get reads back the profiles just set', async ({ http }) => {
  for (const list of [LAST, FULL]) {
    const set = setOf(await setProfiles(http, list), `setting ${list.length} profile(s)`);
    checkReadback(await readSet(http, 'sociotoco.sets.get'), list, set.version, r.setSemantics);
  }
});

check('SOC-NAME-EXAMPLE', 'an unnamed set: <name /> in XML, null in JSON', async ({ http }) => {
  if (r.setName !== 'unnamed') notApplicable('readings.setName is "any": the configured set may have a name');
  for (const format of FORMATS) checkNameAsExample(await setProfiles(http, FULL, format), format);
});

check(
  'SOC-METHOD-CASE',
  'sociotoco.sets.setprofiles (the example) and sociotoco.sets.setProfiles (the title) are both accepted',
  async ({ http }) => {
    for (const method of ['sociotoco.sets.setprofiles', 'sociotoco.sets.setProfiles']) {
      setOf(await setProfiles(http, FULL, 'xml', { method }), `method=${method}`);
    }
  },
);

// ---------------------------------------------------------------- signing

for (const algorithm of ALGORITHMS) {
  check('SOC-SIG-ALGORITHMS', `a request signed with ${algorithm} is accepted`, async ({ http }) => {
    if (!cfg.checkAlgorithms.includes(algorithm)) notApplicable(`${algorithm} is not in checkAlgorithms`);
    const ex = await call(http, valid(setProfilesParams(), 'xml'), { sig: { algorithm } });
    setOf(ex, `a request signed with ${algorithm}`);
  });
}

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
