// TextMarks' passive rules (conformance proxy, conformance check --har): what one exchange of a real
// client's traffic can judge, with the suite's own checks (checks.ts) and the client rules
// (client.ts). Every answer: the envelope (no jsonp asked), the JSON-P wrapping (a jsonp asked), the
// media type. The request is read against the section (the configured account, TextMarks and
// api_key): each argument is fine, a fault the page gives an answer for (missing, a wrong password
// for auth_user, the foreignTm, a value that is no URL under readings.urlValidation = refused), an
// alternative the page offers (the phone number, the TRI, api_key, a charset on the form, GET), or
// unknown; only a request whose every argument is known is judged further. One fault: its
// requirement's refusal; several: TXM-ERROR-COMBINED (the codes each fault got alone in this traffic)
// and, under the reading, TXM-ERROR-PRECEDENCE. No fault: a plain POST set answers rescode 0.
// Across exchanges, per TextMark (a map capped at a few hundred): what each set sent is expected on
// the next read-back, under the requirement the suite judges it by (the alternative the set used,
// else the template, NONE, the value just set, or what the set left alone); a refused request that
// "changes nothing" leaves its URL in a bounded set, and a read-back showing it fails that request's
// requirement. Token values never appear in a problem (the engine does not know them as secrets).
import { checkFields, checkStatus, fail, listReading } from '../../src/check.ts';
import { parseForm } from '../../src/form.ts';
import type { Exchange } from '../../src/http.ts';
import { asExchange, asRecorded, BoundedMap, Verdict } from '../../src/passive-kit.ts';
import type { ClientRequest, PassiveJudgement, PassiveRules, TrafficExchange } from '../../src/types.ts';
import { readingDefaults } from '../../src/vendor.ts';
import {
  checkCallbackNotEchoed,
  checkCleared,
  checkCombined,
  checkEnvelope,
  checkJsonp,
  checkMediaTypes,
  checkNotWrapped,
  checkPrecedence,
  expectRefused,
  expectRescode,
  expectSuccess,
  findRescode,
  isCleared,
  judgeMediaTypes,
  PLAIN_CALLBACK,
  phoneForms,
  readLeniently,
  rescodeOf,
  secretsIn,
  settingsOf,
} from './checks.ts';
import { CLIENT } from './client.ts';
import type { Readings } from './config.ts';
import { READINGS, REQUIREMENTS } from './requirements.ts';

/** TextMarks whose expected settings the session keeps (oldest dropped first). */
export const MAX_TEXTMARKS = 256;
/** URLs of refused requests remembered (a read-back showing one fails that request's requirement). */
export const MAX_ATTEMPTED = 256;

const CALL = /\/TextMarkManager\/+(set_integration_config|integration_config)\/*$/;
const FORM = 'application/x-www-form-urlencoded';
/** A group_callback_url by the page's Args table (the request schema's pattern): a URL. */
const URL_VALUE = /^https?:\/\/[^\s/?#]+\S*$/;
/** A URL with nothing a store could alter (no template, query, escape, upper case or sub-delimiter). */
const SIMPLE_URL = /^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._~/-]*)?$/;
const ARGS = {
  set_integration_config: [
    'auth_user',
    'auth_pass',
    'tm',
    'api_key',
    'group_callback_url',
    'private_token',
    'jsonp',
  ],
  integration_config: ['auth_user', 'auth_pass', 'tm', 'api_key', 'jsonp'],
} as const;

type Call = keyof typeof ARGS;
type Kind = 'missing' | 'auth' | 'tm' | 'value';

/** A fault of the request, as the suite's error checks name it. */
export interface Fault {
  kind: Kind;
  /** Unique per fault (two missing arguments are two faults of one kind). */
  label: string;
  /** The requirement that judges this fault when it comes alone. */
  requirement: string;
}

/** What the rules make of a request: undefined when some argument's status cannot be told. */
export interface RequestReading {
  call: Call;
  args: Record<string, string>;
  faults: Fault[];
  /** The requirements of the alternatives the page offers that this request uses. */
  alternatives: string[];
  /** The configured TextMark (by keyword or TRI), the foreign one, or none sent. */
  target: 'owned' | 'foreign' | 'none';
}

/** The vendor section as the rules read it: every field optional (a proxy may run without a config). */
export interface PassiveSection {
  auth_user?: string;
  auth_pass?: string;
  tm?: string;
  foreignTm?: string;
  api_key?: string;
  authPhone?: string;
  tmTri?: string;
  readings: Readings;
}

export function sectionOf(section: Record<string, unknown>): PassiveSection {
  const readings = { ...readingDefaults(READINGS), ...((section.readings as Partial<Readings>) ?? {}) };
  const out: PassiveSection = { readings };
  for (const k of ['auth_user', 'auth_pass', 'tm', 'foreignTm', 'api_key', 'authPhone', 'tmTri'] as const) {
    const v = section[k];
    if (typeof v === 'string' && v !== '') out[k] = v;
  }
  return out;
}

const pathOf = (url: string): string =>
  (url.startsWith('/') ? url : url.replace(/^[a-z]+:\/\/[^/]+/i, '')).split('?')[0] ?? '';

export function callOf(url: string): Call | undefined {
  return CALL.exec(pathOf(url))?.[1] as Call | undefined;
}

export function matches(request: ClientRequest): boolean {
  return callOf(request.url) !== undefined;
}

/** The request's arguments as the mock and the client rules read them: query, then a POST's form body. */
export function argsOf(request: ClientRequest): Record<string, string> {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  return {
    ...parseForm(query),
    ...(request.method === 'POST' ? parseForm(request.body, request.headers['content-type'] ?? '') : {}),
  };
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toUpperCase() === b.toUpperCase();

/** Each argument read against the section (see the header); undefined: the rules cannot tell. */
export function readRequest(request: ClientRequest, s: PassiveSection): RequestReading | undefined {
  const call = callOf(request.url);
  if (!call || s.auth_user === undefined || s.auth_pass === undefined || s.tm === undefined) return undefined;
  const r = s.readings;
  const args = argsOf(request);
  if (Object.keys(args).some((k) => !(ARGS[call] as readonly string[]).includes(k))) return undefined;
  if (args.jsonp !== undefined && args.jsonp !== '' && !PLAIN_CALLBACK.test(args.jsonp)) return undefined;
  const faults: Fault[] = [];
  const alternatives: string[] = [];
  if (request.method === 'POST') {
    const [type = '', ...params] = (request.headers['content-type'] ?? '').split(';').map((p) => p.trim());
    if (type.toLowerCase() !== FORM) return undefined;
    if (params.length > 0) {
      if (!params.every((p) => /^charset\s*=\s*"?utf-8"?$/i.test(p))) return undefined;
      alternatives.push('TXM-FORM-CHARSET');
    }
  } else if (request.method === 'GET') {
    const takes =
      r.getRequests === 'both' || (r.getRequests === 'integration_config' && call === 'integration_config');
    if (!takes) return undefined;
    alternatives.push('TXM-GET');
  } else return undefined;
  const missing = (arg: 'auth_user' | 'auth_pass' | 'tm') =>
    faults.push({ kind: 'missing', label: `no ${arg}`, requirement: requiredId(arg) });
  const user = args.auth_user;
  if (!user) missing('auth_user');
  else if (user === s.auth_user) {
    // the account itself
  } else if (s.authPhone !== undefined && user === s.authPhone) alternatives.push('TXM-AUTH-PHONE');
  else if (s.authPhone !== undefined && r.phoneForms === 'common' && phoneForms(s.authPhone).includes(user))
    alternatives.push('TXM-AUTH-PHONE-FORMS');
  else return undefined;
  if (!args.auth_pass) missing('auth_pass');
  else if (args.auth_pass !== s.auth_pass) {
    if (!user) return undefined;
    faults.push({ kind: 'auth', label: 'a wrong auth_pass', requirement: 'TXM-AUTH-WRONG-PASS' });
  }
  let target: RequestReading['target'] = 'none';
  if (!args.tm) missing('tm');
  else if (same(args.tm, s.tm)) target = 'owned';
  else if (s.tmTri !== undefined && args.tm === s.tmTri) {
    target = 'owned';
    alternatives.push('TXM-TM-TRI');
  } else if (same(args.tm, s.foreignTm)) {
    target = 'foreign';
    faults.push({ kind: 'tm', label: 'a tm not owned', requirement: 'TXM-TM-NOT-OWNED' });
  } else return undefined;
  if (args.api_key !== undefined) {
    if (args.api_key !== s.api_key) return undefined;
    alternatives.push('TXM-API-KEY');
  }
  const url = args.group_callback_url;
  if (url !== undefined && url !== 'NONE' && !URL_VALUE.test(url)) {
    // Under the default reading a value that is no URL is no fault the page names: not judged.
    if (r.urlValidation !== 'refused') return undefined;
    faults.push({
      kind: 'value',
      label: 'a group_callback_url that is not a URL',
      requirement: 'TXM-URL-VALIDATED',
    });
  }
  return { call, args, faults, alternatives, target };
}

function requiredId(arg: 'auth_user' | 'auth_pass' | 'tm'): string {
  return arg === 'auth_user'
    ? 'TXM-AUTH-USER-REQUIRED'
    : arg === 'auth_pass'
      ? 'TXM-AUTH-PASS-REQUIRED'
      : 'TXM-TM-REQUIRED';
}

/** A value the next read-back must show, and the requirement that judges it. */
interface Expect {
  value: string;
  requirement: string;
}
type Field = 'group_callback_url' | 'private_token';
const FIELDS: readonly Field[] = ['group_callback_url', 'private_token'];

/** What the session knows of one TextMark: its settings as last set or seen, and what to check next. */
interface Known {
  now: Partial<Record<Field, string>>;
  pending: Partial<Record<Field, Expect>>;
}

/** The requirement a plain set of `field` = `value` is read back under (as the suite judges it). */
export function byField(field: Field, value: string): string {
  if (field === 'private_token') return 'TXM-READBACK';
  if (value === 'NONE') return 'TXM-NONE-CLEARS';
  return SIMPLE_URL.test(value) ? 'TXM-READBACK' : 'TXM-TEMPLATE-STORED';
}

/** The read-back shows `e` for `field` (NONE: cleared, by readings.clearedReadsAs). */
export function checkExpected(
  settings: Record<string, unknown>,
  field: Field,
  e: Expect,
  clearedReadsAs: Readings['clearedReadsAs'],
): void {
  if (field === 'group_callback_url') {
    if (e.value === 'NONE')
      checkCleared(settings, field, clearedReadsAs, 'group_callback_url was not cleared by NONE');
    else checkFields(settings, { [field]: e.value }, 'the read-back differs from what was set');
    return;
  }
  // private_token: a secret the client set; described, never shown.
  const got = settings.private_token;
  if (got !== e.value)
    fail('the private_token read back differs from the one set', {
      received:
        typeof got === 'string'
          ? `a private_token of ${got.length} characters`
          : 'no private_token in the read-back',
      documented: `the private_token last set (${e.value.length} characters)`,
    });
}

export function session(section: Record<string, unknown>): ReturnType<PassiveRules['session']> {
  const s = sectionOf(section);
  const r = s.readings;
  const tokenShown = r.privateTokenReadBack === 'shown';
  const accept = listReading(r.legacyMediaTypes);
  const order = r.errorPrecedence
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const marks = new BoundedMap<string, Known>(MAX_TEXTMARKS);
  /** Group callback URLs (and tokens, prefixed) of refused requests that must change nothing. */
  const attempted = new BoundedMap<string, string>(MAX_ATTEMPTED);
  /** The rescode each fault got alone in this traffic, by label. */
  const alone = new Map<string, number>();
  const owned = (s.tm ?? '').toUpperCase();

  function judgeErrors(v: Verdict, ex: Exchange, q: RequestReading, what: string): void {
    const [first] = q.faults;
    if (q.faults.length === 1 && first) {
      const code = rescodeOf(ex);
      v.judge(first.requirement, () => expectRefused(ex, what));
      if (first.kind === 'tm' && r.foreignTmRescode !== 'any') {
        const want = r.foreignTmRescode;
        v.judge('TXM-TM-NOT-OWNED-2011', () => expectRescode(ex, want, what));
      }
      if (code !== undefined && code !== 0) alone.set(first.label, code);
      return;
    }
    const codes = q.faults.flatMap((f) => {
      const c = alone.get(f.label);
      return c === undefined ? [] : [[f.label, c] as const];
    });
    const known = codes.length === q.faults.length;
    v.judge('TXM-ERROR-COMBINED', () => {
      if (known) checkCombined(ex, Object.fromEntries(codes), what);
      else expectRefused(ex, what);
    });
    const kinds = new Set(q.faults.map((f) => f.kind));
    if (order.length > 0 && known && kinds.size === q.faults.length) {
      const byKind = Object.fromEntries(q.faults.map((f) => [f.kind, alone.get(f.label) as number]));
      if (new Set(Object.values(byKind)).size > 1)
        v.judge('TXM-ERROR-PRECEDENCE', () => checkPrecedence(ex, byKind, order, what));
    }
  }

  /** A set whose arguments are all fine: expected on the next read-back of its TextMark. */
  function expectSet(q: RequestReading, key: string): void {
    if (q.alternatives.length > 1) {
      marks.delete(key);
      return;
    }
    const via = q.alternatives[0];
    const known = marks.get(key) ?? { now: {}, pending: {} };
    for (const field of FIELDS) {
      if (field === 'private_token' && !tokenShown) continue;
      const sent = q.args[field];
      if (sent !== undefined) {
        known.pending[field] = { value: sent, requirement: via ?? byField(field, sent) };
        known.now[field] = sent;
      } else if (known.now[field] !== undefined)
        known.pending[field] = { value: known.now[field] as string, requirement: 'TXM-ONLY-SPECIFIED' };
    }
    marks.set(key, known);
  }

  /** A read-back: what refused requests tried must not show; then what the sets since expect. */
  function judgeRead(v: Verdict, ex: Exchange, q: RequestReading, key: string, what: string): void {
    if (q.alternatives.length > 1 || (q.alternatives.length === 1 && q.alternatives[0] !== 'TXM-GET')) return;
    const viaGet = q.alternatives[0] === 'TXM-GET';
    const known = marks.get(key) ?? { now: {}, pending: {} };
    let settings: Record<string, unknown> | undefined;
    try {
      settings = settingsOf(ex, r.readbackPath, what);
    } catch {
      settings = undefined;
    }
    const explained = new Set<Field>();
    if (settings) {
      for (const field of FIELDS) {
        const shown = settings[field];
        const by = typeof shown === 'string' ? attempted.get(`${field}:${shown}`) : undefined;
        if (by === undefined) continue;
        explained.add(field);
        v.judge(by, () =>
          fail('a refused request changed the setting', {
            received: `${field} ${field === 'private_token' ? 'shows a token' : JSON.stringify(shown)} sent only by a request that was refused`,
            documented: 'a non-zero rescode, and the settings as they were',
          }),
        );
      }
    }
    const byRequirement = new Map<string, [Field, Expect][]>();
    for (const field of FIELDS) {
      const e = known.pending[field];
      if (!e || explained.has(field)) continue;
      const id = viaGet ? 'TXM-GET' : e.requirement;
      byRequirement.set(id, [...(byRequirement.get(id) ?? []), [field, e]]);
    }
    for (const [id, expects] of byRequirement)
      v.judge(id, () => {
        const got = settingsOf(ex, r.readbackPath, what);
        for (const [field, e] of expects) checkExpected(got, field, e, r.clearedReadsAs);
      });
    // What the target now shows is the base the next set's untouched options are held to.
    for (const field of FIELDS) {
      const shown = settings?.[field];
      if (typeof shown === 'string') known.now[field] = isCleared(shown, 'empty-or-NONE') ? 'NONE' : shown;
      else if (settings && shown === null) known.now[field] = 'NONE';
    }
    known.pending = {};
    marks.set(key, known);
  }

  /** Secrets this traffic carried (tokens set, secrets a read-back showed): masked from every problem. */
  const secrets: string[] = [];
  const remember = (secret: string) => {
    if (secret.length < 3 || secrets.includes(secret)) return;
    secrets.push(secret);
    if (secrets.length > MAX_ATTEMPTED) secrets.shift();
  };

  function judge(t: TrafficExchange): PassiveJudgement {
    const token = argsOf(t.request).private_token;
    if (token !== undefined) remember(token);
    if (!t.response.truncated)
      for (const shown of secretsIn(readLeniently(asExchange(t)).value)) remember(shown);
    const out = judgeOne(t);
    return {
      ...out,
      violations: out.violations.map((x) => ({ ...x, problem: mask(x.problem, secrets) })),
      ...(secrets.length > 0 ? { secrets: [...secrets] } : {}),
    };
  }

  function judgeOne(t: TrafficExchange): PassiveJudgement {
    const v = new Verdict();
    const client = CLIENT.judge(t.request, [section]);
    v.add({
      judged: client.judged.filter(isPassiveClientRule),
      violations: client.violations.filter((x) => isPassiveClientRule(x.requirement)),
    });
    const recorded = [asRecorded(t)];
    const media = judgeMediaTypes(recorded, { jsonp: r.jsonpMediaType, accept });
    if (media.judged > 0) v.judge('TXM-MEDIA-TYPE', () => checkMediaTypes(media));
    if (t.response.truncated) return v.result();

    const ex = asExchange(t);
    const call = callOf(t.request.url);
    const args = argsOf(t.request);
    const what = `${call}() (${t.request.method})`;
    const q = readRequest(t.request, s);
    const jsonp = args.jsonp;
    if (jsonp === undefined) v.judge('TXM-ENVELOPE', () => checkEnvelope(ex, r.envelope, what));
    else if (jsonp === '') v.judge('TXM-JSONP-BLANK', () => checkNotWrapped(ex, `${what} with jsonp=""`));
    else if (!PLAIN_CALLBACK.test(jsonp))
      v.judge('TXM-JSONP-SAFE-CALLBACK', () => checkCallbackNotEchoed(ex, jsonp, `${what} with that jsonp`));
    else {
      // Whether the answer is an error is the request's (its faults), else the answer's own rescode.
      const code = findRescode(readLeniently(ex).value);
      const error = q ? q.faults.length > 0 : code === undefined ? undefined : code !== 0;
      if (error !== undefined)
        v.judge(error ? 'TXM-JSONP-ERRORS' : 'TXM-JSONP', () =>
          checkJsonp(ex, jsonp, `${what} with jsonp=${jsonp}`),
        );
    }
    const code = rescodeOf(ex);
    if (r.errorHttpStatus !== 'any' && code !== undefined && code !== 0) {
      const status = r.errorHttpStatus;
      v.judge('TXM-ERROR-HTTP-STATUS', () =>
        checkStatus(ex, status, `an error answer (rescode ${code}): HTTP ${ex.response.status}`, {
          documented: `HTTP ${status} (readings.errorHttpStatus)`,
        }),
      );
    }
    if (!q) {
      // Unknown arguments: a set that may have changed a TextMark leaves nothing to expect of it.
      const tm = args.tm ? args.tm.toUpperCase() : owned;
      if (call === 'set_integration_config')
        marks.delete(s.tmTri !== undefined && args.tm === s.tmTri ? owned : tm);
      return v.result();
    }
    const key = q.target === 'foreign' ? (args.tm ?? '').toUpperCase() : owned;
    if (q.faults.length > 0) {
      if (q.alternatives.length === 0) judgeErrors(v, ex, q, what);
      if (q.call === 'set_integration_config' && q.target !== 'foreign') {
        const single = q.faults.length === 1 ? q.faults[0] : undefined;
        // A wrong password, or several faults, must change nothing (TXM-AUTH-WRONG-PASS,
        // TXM-ERROR-COMBINED); a single missing argument or value is not held to that: forget the TextMark.
        const by = !single
          ? 'TXM-ERROR-COMBINED'
          : single.kind === 'auth'
            ? 'TXM-AUTH-WRONG-PASS'
            : undefined;
        if (by === undefined) marks.delete(key);
        else
          for (const field of FIELDS) {
            const sent = q.args[field];
            if (sent !== undefined && sent !== 'NONE' && sent !== '') attempted.set(`${field}:${sent}`, by);
          }
      }
      return v.result();
    }
    if (q.call === 'integration_config') {
      judgeRead(v, ex, q, key, what);
      return v.result();
    }
    const url = q.args.group_callback_url;
    // As the suite sends it: a plain POST, no jsonp (a wrapping is the JSON-P requirements' business).
    const plain = q.alternatives.length === 0 && t.request.method === 'POST' && jsonp === undefined;
    if (plain && (url === undefined || url === 'NONE' || SIMPLE_URL.test(url)))
      v.judge('TXM-RESCODE-SUCCESS', () => expectSuccess(ex, what));
    // Whatever the rescode, the read-back judges whether the set was applied (as the suite does).
    expectSet(q, key);
    return v.result();
  }
  return { judge };
}

/** `text` with every known secret, raw or as a JSON string holds it, replaced by [REDACTED]. */
export function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets)
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]))
      out = out.split(form).join('[REDACTED]');
  return out;
}

/**
 * The client rules judged on traffic: the REQ arguments. A group_callback_url or a jsonp name out of
 * its form is not the client's violation here (a client may pass a user's value on and let the target
 * refuse it); the target's answer is judged instead (TXM-URL-VALIDATED, TXM-JSONP-SAFE-CALLBACK).
 */
const PASSIVE_CLIENT_RULES = new Set(['TXM-CLIENT-AUTH-USER', 'TXM-CLIENT-AUTH-PASS', 'TXM-CLIENT-TM']);
const isPassiveClientRule = (id: string) => PASSIVE_CLIENT_RULES.has(id);

export const PASSIVE: PassiveRules = {
  requirements: [...REQUIREMENTS, ...CLIENT.requirements.filter((r) => isPassiveClientRule(r.id))],
  matches,
  session,
};
