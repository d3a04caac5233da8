// ePrize checks: pure functions of recorded exchanges. Each throws CheckFailure (via fail()) with
// what was received and what the page documents; none does I/O. The request encoding lives here
// too, so that it can be tested against the page's own request representation.
import conflictSchema from '../../schemas/eprize/conflict-response.schema.json' with { type: 'json' };
import successSchema from '../../schemas/eprize/create-response.schema.json' with { type: 'json' };
import fieldErrorsSchema from '../../schemas/eprize/field-errors-response.schema.json' with { type: 'json' };
import {
  checkFields,
  checkStatus,
  describeResponse,
  fail,
  header,
  is2xx,
  labelProblems,
  notApplicable,
} from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import { parseJson } from '../../src/validate/json.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { asArray, parseXml } from '../../src/validate/xml.ts';

export const VER = 'ePrize Web Services 1.0';

export type Pairs = [string, string][];
export type Profile = Record<string, string>;
export type BodyFormat = 'page' | 'lines' | 'form';

// ---------------------------------------------------------------- request encoding

/**
 * The request body. "page" copies the page's layout exactly: the unique pair first and bare, the
 * additional pairs each followed by a comma except the last; "lines" drops the commas; "form" is
 * application/x-www-form-urlencoded.
 */
export function encodeBody(
  pairs: Pairs,
  format: BodyFormat,
  linesContentType: string,
): { body: string; contentType: string } {
  if (format === 'form') {
    return { body: new URLSearchParams(pairs).toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  const lines = pairs.map(([k, v], i) => {
    const comma = format === 'page' && i > 0 && i < pairs.length - 1 ? ',' : '';
    return `${k}:${v}${comma}`;
  });
  return { body: lines.join('\n'), contentType: linesContentType };
}

// ---------------------------------------------------------------- reading answers leniently

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Every value found under `key` anywhere in a parsed document, arrays flattened. */
export function findAll(node: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    if (!isObject(n)) return;
    for (const [k, v] of Object.entries(n)) {
      if (k === key) out.push(...asArray(v));
      walk(v);
    }
  };
  walk(node);
  return out;
}

function parsed(ex: Exchange, what: string): Record<string, unknown> {
  const p = parseXml(ex.response.body);
  if (!p.ok)
    fail(`${what}: the body is not readable XML`, { received: describeResponse(ex), messages: p.errors });
  return p.value;
}

/** The outer <result> element, or undefined. */
function outer(doc: Record<string, unknown>): Record<string, unknown> | undefined {
  return isObject(doc.result) ? doc.result : undefined;
}

/** Field errors wherever the target put them: every <field> with a <name> and an <error>. */
export function fieldErrors(ex: Exchange): { name: string; error: string }[] {
  const p = parseXml(ex.response.body);
  if (!p.ok) return [];
  return findAll(p.value, 'field')
    .filter(isObject)
    .filter((f) => typeof f.name === 'string' && typeof f.error === 'string')
    .map((f) => ({ name: f.name as string, error: f.error as string }));
}

/** An answer as evidence: status, type and size, and the field errors it lists. */
export function describeErrors(ex: Exchange): string {
  const fields = fieldErrors(ex);
  return `${describeResponse(ex)}${fields.length ? `, field errors ${fields.map((f) => `${f.name}=${f.error}`).join(', ')}` : ''}`;
}

/** The evidence of every status check of this suite (the kit's checkStatus): the field errors too. */
export const WITH_FIELD_ERRORS = { received: describeErrors } as const;

/** The create was accepted: any 2xx (exactly 201 is EPZ-CREATE-201's business). */
export function expectCreated(ex: Exchange, what: string): void {
  if (!is2xx(ex)) {
    fail(`${what} was not accepted`, {
      received: describeErrors(ex),
      documented: 'HTTP 201 Created with the profile in the body',
    });
  }
}

/** The <profile> of a body, read leniently (its exact shape is EPZ-SUCCESS-SHAPE's business). */
export function profileOf(ex: Exchange, what: string): Profile {
  const profile = findAll(parsed(ex, what), 'profile').find(isObject);
  if (!profile) {
    fail(`${what}: the body has no <profile>`, {
      received: describeResponse(ex),
      documented: '<result><result><profile><id>{uid}</id>…</profile></result>…',
    });
  }
  const out: Profile = {};
  for (const [k, v] of Object.entries(profile)) if (typeof v === 'string') out[k] = v;
  return out;
}

// ---------------------------------------------------------------- Location

const DOCUMENTED_LOCATION = 'Location: /v1/{apikey}/profile/{uid} on the target itself';

function basePath(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** The Location's path resolved against the target, if it names the target's own origin. */
function sameOriginPath(location: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(location, `${baseUrl}/`);
  } catch {
    return undefined;
  }
  return url.origin === new URL(baseUrl).origin ? url.pathname : undefined;
}

/** EPZ-LOCATION: returns the uid. Never follows or requests the Location. */
export function checkLocation(ex: Exchange, baseUrl: string, apikey: string): string {
  const loc = header(ex, 'location');
  if (loc === undefined || loc.trim() === '') {
    fail('the answer has no Location header', {
      received: `${describeResponse(ex)}; headers: ${Object.keys(ex.response.headers).join(', ')}`,
      documented: DOCUMENTED_LOCATION,
    });
  }
  const path = sameOriginPath(loc.trim(), baseUrl);
  if (path === undefined) {
    fail('the Location points at another host (not followed)', {
      received: `Location: ${loc}`,
      documented: DOCUMENTED_LOCATION,
    });
  }
  const m = /^(.*)\/v1\/([^/]+)\/profile\/([^/]+)$/.exec(path);
  const prefixOk = m && (m[1] === '' || m[1] === basePath(baseUrl));
  if (!m?.[2] || !m[3] || !prefixOk || safeDecode(m[2]) !== apikey) {
    fail('the Location is not /v1/{apikey}/profile/{uid}', {
      received: `Location: ${loc}`,
      documented: `${DOCUMENTED_LOCATION} (with the apikey of the request)`,
    });
  }
  return safeDecode(m[3]);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The uid a Location names (any host, lenient), or undefined. */
export function uidFromLocation(ex: Exchange): string | undefined {
  const loc = header(ex, 'location');
  if (!loc) return undefined;
  const m = /\/profile\/([^/?#]+)(?:[?#].*)?$/.exec(loc.trim());
  return m?.[1] ? safeDecode(m[1]) : undefined;
}

/** EPZ-LOCATION-ID: the body's <id> is the Location's {uid}. */
export function checkIdMatchesLocation(ex: Exchange): void {
  const uid = uidFromLocation(ex);
  if (uid === undefined) {
    fail('there is no Location /…/profile/{uid} to compare the profile id with', {
      received: `Location: ${header(ex, 'location') ?? '(none)'}`,
      documented: 'Location: /v1/{apikey}/profile/{uid} and <id>{uid}</id>',
    });
  }
  const id = profileOf(ex, 'the 201').id;
  if (id !== uid) {
    fail("the profile id is not the Location's uid", {
      received: `Location uid ${JSON.stringify(uid)}, <id>${id === undefined ? ' absent' : JSON.stringify(id)}`,
      documented: 'Location: /v1/{apikey}/profile/{uid} and <id>{uid}</id>',
    });
  }
}

/**
 * Where to read the created profile back: the Location when it is usable (right form, own origin),
 * else /v1/{apikey}/profile/{id of the body}, so that a bad Location fails EPZ-LOCATION only.
 */
export function readUrlFor(ex: Exchange, baseUrl: string, apikey: string): { url: string; uid: string } {
  const loc = header(ex, 'location');
  try {
    const uid = checkLocation(ex, baseUrl, apikey);
    return { url: new URL((loc ?? '').trim(), `${baseUrl}/`).href, uid };
  } catch {
    const id = profileOf(ex, 'the 201').id;
    if (!id) fail('neither a usable Location nor a profile id to read the profile back with');
    return { url: `${baseUrl}/v1/${encodeURIComponent(apikey)}/profile/${encodeURIComponent(id)}`, uid: id };
  }
}

// ---------------------------------------------------------------- statuses and shapes

export function checkCreated201(ex: Exchange): void {
  checkStatus(ex, [201], 'a valid create was not answered 201 Created', WITH_FIELD_ERRORS);
}

function checkShape(ex: Exchange, schema: object, what: string, documented: string): void {
  const errs = schemaErrors(schema, parsed(ex, what));
  if (errs.length > 0)
    fail(`${what} is not the documented shape`, {
      received: describeResponse(ex),
      documented,
      messages: errs,
    });
}

export function checkSuccessShape(ex: Exchange): void {
  checkShape(
    ex,
    successSchema,
    'the 201 body',
    '<result ver="…"><result><profile><id>{uid}</id>…</profile></result><status>…</status></result>',
  );
}

/** EPZ-CONFLICT-SHAPE: the 409's body; any other answer is EPZ-DUPLICATE-409's business. */
export function checkConflictShape(ex: Exchange): void {
  if (ex.response.status !== 409)
    notApplicable(`the duplicate was answered HTTP ${ex.response.status}, not 409 (EPZ-DUPLICATE-409)`);
  checkShape(
    ex,
    conflictSchema,
    'the 409 body',
    '<result ver="…"><result><errors><terminal_errors><error>…</error></terminal_errors></errors></result><status>…</status></result>',
  );
}

export function checkFieldErrorsShape(ex: Exchange): void {
  checkStatus(ex, [400], 'a request with bad fields was not answered 400', WITH_FIELD_ERRORS);
  checkShape(
    ex,
    fieldErrorsSchema,
    'the 400 body',
    '<result ver="…"><result><errors><field_errors><field><name>…</name><error>VALIDATION|NULL</error></field>…</field_errors></errors></result><status>…</status></result>',
  );
}

export function checkVer(ex: Exchange, what: string): void {
  const ver = outer(parsed(ex, what))?.['@ver'];
  if (ver !== VER) {
    fail(`${what}: ver is not "${VER}"`, {
      received: ver === undefined ? 'no ver attribute on <result>' : `ver=${JSON.stringify(ver)}`,
      documented: `<result ver="${VER}">`,
    });
  }
}

export function checkStatusOne(ex: Exchange, what: string): void {
  const status = outer(parsed(ex, what))?.status;
  if (status !== '1') {
    fail(`${what}: status is not 1`, {
      received: status === undefined ? 'no <status>' : `<status>${JSON.stringify(status)}</status>`,
      documented: '<status>1</status>',
    });
  }
}

export function checkUtf8(ex: Exchange, what = 'the body'): void {
  const p = parseXml(ex.response.body);
  const declared = p.ok ? p.prolog.encoding : undefined;
  if (declared !== undefined && declared.toUpperCase() !== 'UTF-8') {
    fail(`${what} is not declared UTF-8`, {
      received: `encoding="${declared}"`,
      documented: '<?xml version="1.0" encoding="UTF-8" ?>',
    });
  }
  if (!p.ok)
    fail(`${what} is not readable UTF-8 XML`, { received: describeResponse(ex), messages: p.errors });
  if (!p.prolog.version) {
    fail(`${what} has no XML declaration`, {
      received: describeResponse(ex),
      documented: '<?xml version="1.0" encoding="UTF-8" ?>',
    });
  }
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(header(ex, 'content-type') ?? '')?.[1];
  if (charset && !['utf-8', 'utf8'].includes(charset.toLowerCase())) {
    fail(`${what}: the Content-Type charset contradicts the XML declaration`, {
      received: `Content-Type: ${header(ex, 'content-type')}`,
      documented: 'UTF-8, as the body declares',
    });
  }
}

/**
 * Each expected key of a profile holds exactly the expected value: the kit's checkFields, by name
 * (the order of profile keys may change, related.txt), an absent key reported as "no element".
 */
export function checkValues(profile: Profile, expected: Record<string, string>, what: string): void {
  checkFields(profile, expected, what, { missing: 'no element' });
}

/** EPZ-SAFE-VALUES: the 201's profile shows each safe key sent; nothing to compare is not applicable. */
export function checkSafeValues(ex: Exchange, expected: Record<string, string>): void {
  if (Object.keys(expected).length === 0)
    notApplicable('none of the keys sent is among safeKeys: there is no value to compare');
  checkValues(profileOf(ex, 'the 201'), expected, 'the 201 body does not show the safe values sent');
}

// ---------------------------------------------------------------- errors

/** 409 with duplicate_account among the body's errors (read leniently). */
export function checkDuplicate(ex: Exchange): void {
  const p = parseXml(ex.response.body);
  const errors = p.ok ? findAll(p.value, 'error').filter((e) => typeof e === 'string') : [];
  if (ex.response.status !== 409 || !errors.includes('duplicate_account')) {
    fail('a second profile with the same unique value was not refused with 409 duplicate_account', {
      received: `${describeResponse(ex)}${errors.length ? `, errors ${errors.join(', ')}` : ''}`,
      documented: 'HTTP 409 Conflict with <terminal_errors><error>duplicate_account</error>',
    });
  }
}

type ErrorCode = 'NULL' | 'VALIDATION';

/** 400 with a <field> naming `key` whose error is `code` (or one of the codes given). */
export function checkFieldError(
  ex: Exchange,
  key: string,
  code: ErrorCode | readonly ErrorCode[],
  what: string,
): void {
  const codes: readonly string[] = typeof code === 'string' ? [code] : code;
  const documented = `<field><name>${key}</name><error>${codes.join(' or ')}</error></field>`;
  checkStatus(ex, [400], `${what}: not answered 400 Bad Request`, WITH_FIELD_ERRORS);
  const mine = fieldErrors(ex).filter((f) => f.name === key);
  if (mine.length === 0)
    fail(`${what}: no field error names ${key}`, { received: describeErrors(ex), documented });
  if (!mine.some((f) => codes.includes(f.error))) {
    fail(`${what}: the field error of ${key} is not ${codes.join(' or ')}`, {
      received: mine.map((f) => `<error>${f.error}</error>`).join(', '),
      documented,
    });
  }
}

/**
 * EPZ-ERROR-CODES, read leniently: the code of the field error naming `key`, compared only when the
 * answer is a 400 with such a field (that it is, is another requirement's business). Returns
 * whether it could be judged.
 */
export function checkCodeIfNamed(ex: Exchange, key: string, code: ErrorCode, what: string): boolean {
  if (ex.response.status !== 400) return false;
  const mine = fieldErrors(ex).filter((f) => f.name === key);
  if (mine.length === 0) return false;
  if (!mine.some((f) => f.error === code)) {
    fail(`${what}: the field error of ${key} is not ${code}`, {
      received: mine.map((f) => `<error>${f.error}</error>`).join(', '),
      documented: `<field><name>${key}</name><error>${code}</error></field> (${code === 'NULL' ? 'no value' : 'a value refused'})`,
    });
  }
  return true;
}

/**
 * EPZ-KEY-NAME-START / -CHARS: a create with a badly named key is refused with 400; with
 * readings.badKeyNames "ignored", a 2xx whose profile does not hold the key passes too.
 */
export function checkBadKeyName(ex: Exchange, key: string, reading: 'refused' | 'ignored'): void {
  const what = `a create with the key name ${JSON.stringify(key)}`;
  if (ex.response.status === 400) return;
  if (reading === 'ignored' && is2xx(ex)) {
    const profile = findAll(parsed(ex, `the answer to ${what}`), 'profile').find(isObject);
    if (profile && Object.hasOwn(profile, key)) {
      fail(`${what} was accepted and the profile holds the key`, {
        received: describeResponse(ex),
        documented: 'the key refused with 400, or left out of the profile (readings.badKeyNames "ignored")',
      });
    }
    return;
  }
  fail(`${what} was not refused with 400`, {
    received: describeErrors(ex),
    documented:
      reading === 'refused'
        ? 'HTTP 400 Bad Request (a failed validation)'
        : 'HTTP 400, or a 2xx whose profile does not hold the key (readings.badKeyNames "ignored")',
  });
}

/** 400 with exactly one <field> for each bad key. */
export function checkFieldsNamed(ex: Exchange, keys: readonly string[], what: string): void {
  checkStatus(ex, [400], `${what}: not answered 400 Bad Request`, WITH_FIELD_ERRORS);
  const names = fieldErrors(ex).map((f) => f.name);
  const wrong = keys
    .map((k) => [k, names.filter((n) => n === k).length] as const)
    .filter(([, n]) => n !== 1)
    .map(([k, n]) => `${k}: ${n === 0 ? 'no <field> names it' : `${n} <field> elements name it`}`);
  if (wrong.length > 0) {
    fail(`${what}: not one <field> per bad key`, {
      received: describeErrors(ex),
      documented: 'one <field><name>key</name><error>…</error></field> per bad key',
      messages: wrong,
    });
  }
}

// ---------------------------------------------------------------- look-up, CAPTCHA, JSON

/** EPZ-LOOKUP-BY-KEY: 303 to /…/profile/{uid} on the target itself (compared, never followed). */
export function checkLookupRedirect(ex: Exchange, baseUrl: string, uid: string): void {
  checkStatus(ex, [303], 'the look-up by unique key was not answered 303 See Other', WITH_FIELD_ERRORS);
  const loc = header(ex, 'location') ?? '';
  const path = sameOriginPath(loc.trim(), baseUrl);
  if (path === undefined || !path.endsWith(`/profile/${encodeURIComponent(uid)}`)) {
    fail('the 303 does not point at the profile on the target', {
      received: `Location: ${loc || '(none)'}`,
      documented: `Location: /v1/{apikey}/profile/${uid}`,
    });
  }
}

/** The challenge path a CAPTCHA answer names, read leniently (any 2xx with a Location on the target). */
export function challengePathOf(ex: Exchange, baseUrl: string): string | undefined {
  const loc = header(ex, 'location');
  if (!is2xx(ex) || !loc) return undefined;
  return sameOriginPath(loc.trim(), baseUrl);
}

export function checkChallenge(ex: Exchange, baseUrl: string, apikey: string): void {
  checkStatus(ex, [201], 'POST /v1/{apikey}/captcha was not answered 201 Created', WITH_FIELD_ERRORS);
  const loc = header(ex, 'location') ?? '';
  const path = sameOriginPath(loc.trim(), baseUrl);
  const m = path === undefined ? null : /\/v1\/([^/]+)\/captcha\/([^/]+)$/.exec(path);
  if (!m?.[1] || safeDecode(m[1]) !== apikey) {
    fail('the challenge has no Location /v1/{apikey}/captcha/{challenge-id} on the target', {
      received: `Location: ${loc || '(none)'}`,
      documented: 'Location: /v1/{apikey}/captcha/{challenge-id}',
    });
  }
}

/** EPZ-JSON-OPTIONAL: returns the note to report when JSON is offered; not applicable otherwise. */
export function checkJsonOffered(ex: Exchange): string {
  const ct = header(ex, 'content-type') ?? '';
  if (!is2xx(ex)) {
    notApplicable(
      `JSON not offered: asked with Accept: application/json, the target answered ${describeResponse(ex)}`,
    );
  }
  if (!/[/+]json\b/i.test(ct)) {
    notApplicable(
      `JSON not offered: asked with Accept: application/json, the target answered ${ct || 'no Content-Type'} (the page shows only XML)`,
    );
  }
  const p = parseJson(ex.response.body);
  if (!p.ok) {
    fail('the answer is labelled JSON but is not JSON', {
      received: describeResponse(ex),
      messages: p.errors,
    });
  }
  return `JSON offered: Accept: application/json was answered ${ct}`;
}

// ---------------------------------------------------------------- error combinations

export type Precedence = 'any' | 'field-errors' | 'conflict';

/**
 * EPZ-ERROR-COMBINATION: a request with two faults is refused with one of the errors that apply
 * to it (400 for a bad field or CAPTCHA, 409 for a duplicate).
 */
export function checkOneOfErrors(ex: Exchange, applicable: readonly number[], what: string): void {
  checkStatus(ex, applicable, `${what}: not refused with one of the errors that apply`, WITH_FIELD_ERRORS);
}

/** EPZ-ERROR-PRECEDENCE: the error readings.errorPrecedence names wins. */
export function checkPrecedence(ex: Exchange, precedence: Exclude<Precedence, 'any'>, what: string): void {
  const expected = precedence === 'field-errors' ? 400 : 409;
  checkStatus(
    ex,
    [expected],
    `${what}: the ${precedence === 'field-errors' ? 'field errors (400)' : 'duplicate (409)'} did not win (readings.errorPrecedence "${precedence}")`,
    WITH_FIELD_ERRORS,
  );
}

// ---------------------------------------------------------------- media types

/** The representation a body carries, by its first character: JSON, XML, or nothing to judge. */
export function representationOf(body: string): 'json' | 'xml' | undefined {
  const first = body.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'xml';
  return undefined;
}

/**
 * EPZ-MEDIA-TYPE over every exchange of the run: the problems found, one line each. Judged: answers
 * with a body and a status whose body the documentation describes (2xx, 400, 409). Skipped, and why:
 * transport errors (no answer), empty bodies (nothing is labelled: the 303 of the look-up), redirects
 * (their body is not the API's), and other statuses (404, 405, 415…: the page documents no body for
 * them; a front server's HTML page there is no API answer). A body that is neither XML nor JSON is
 * judged as the XML the page documents.
 */
export function mediaTypeProblems(
  seen: readonly RecordedExchange[],
  accept: readonly string[],
): { judged: number; problems: string[] } {
  const { judged, problems } = labelProblems(
    seen,
    (ex) => {
      const res = ex.response;
      if (res.body.trim() === '') return undefined;
      const documented = is2xx(ex) || res.status === 400 || res.status === 409;
      return documented ? { rep: representationOf(res.body) ?? 'xml', charset: 'UTF-8' } : undefined;
    },
    accept,
  );
  return { judged, problems };
}

/** EPZ-MEDIA-TYPE: returns how many answers were judged. */
export function checkMediaTypes(seen: readonly RecordedExchange[], accept: readonly string[]): number {
  const { judged, problems } = mediaTypeProblems(seen, accept);
  if (judged === 0) notApplicable('no answer with a body and a documented status was received in this run');
  if (problems.length > 0) {
    fail(`${problems.length} answer(s) labelled with a media type that does not fit the body`, {
      documented:
        'XML: application/xml, text/xml or +xml; JSON: application/json or +json; charset UTF-8 where given' +
        (accept.length ? `; accepted legacy labels (readings.legacyMediaTypes): ${accept.join(', ')}` : ''),
      messages: problems.slice(0, 20),
    });
  }
  return judged;
}
