// iService checks: pure functions of recorded exchanges (and of what they parse into). Each throws
// CheckFailure with what was received and what the page (or the login page) documents.
import errorSchema from '../../schemas/iservice/error-response.schema.json' with { type: 'json' };
import loggedInSchema from '../../schemas/iservice/logged-in.schema.json' with { type: 'json' };
import loginFailureSchema from '../../schemas/iservice/login-failure.schema.json' with { type: 'json' };
import loginSuccessSchema from '../../schemas/iservice/login-success.schema.json' with { type: 'json' };
import responseSchema from '../../schemas/iservice/setdetails-response.schema.json' with { type: 'json' };
import successSchema from '../../schemas/iservice/success-response.schema.json' with { type: 'json' };
import {
  CheckFailure,
  checkFields,
  checkStatus,
  describeResponse,
  fail,
  fieldDiff,
  header,
  is2xx,
  labelProblems,
  PreconditionLost,
} from '../../src/check.ts';
import { changedByAnother, isAnothers, type Ownership } from '../../src/concurrent.ts';
import type { Exchange } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import { parseJson } from '../../src/validate/json.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import type { Readings } from './config.ts';

export interface Property {
  propertyID: string;
  propertyName: string;
  values: string[];
}
export interface LoginEntry {
  name: string;
  type: string;
}
/** A contact as details answers it, read leniently (reading ISV-O3). */
export interface Contact {
  properties: Property[];
  /** Undefined when the answer carries no logins array at all. */
  logins?: LoginEntry[];
  /** Undefined when the answer carries no membership at all. */
  membership?: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The body as a JSON value, or the reasons it is not one. */
export function jsonOf(ex: Exchange): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  const parsed = parseJson(ex.response.body);
  if (ex.response.truncated) return { ok: false, errors: ['the body was cut at the size cap'] };
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, errors: parsed.errors };
}

/**
 * The error messages of an answer, read leniently: an array's non-blank strings, or a non-blank string.
 * Undefined when the body is not a JSON object. Whether errors is really an array is ISV-*-SHAPE's business.
 */
export function errorsOf(ex: Exchange): string[] | undefined {
  const j = jsonOf(ex);
  if (!j.ok || !isObj(j.value)) return undefined;
  const e = j.value.errors;
  if (Array.isArray(e)) return e.filter((m) => m !== null && m !== '').map((m) => String(m));
  if (typeof e === 'string' && e !== '') return [e];
  return [];
}

function summary(ex: Exchange): string {
  const errors = errorsOf(ex);
  return `${describeResponse(ex)}${errors?.length ? `, errors ${JSON.stringify(errors)}` : ''}`;
}

/** A refusal of any form: not 2xx, or non-empty errors. */
export function isRefused(ex: Exchange): boolean {
  return !is2xx(ex) || (errorsOf(ex)?.length ?? 0) > 0;
}

/** 2xx, a JSON object, no error message (errors blank or absent: its shape is another check's). */
export function isAccepted(ex: Exchange): boolean {
  const j = jsonOf(ex);
  return is2xx(ex) && j.ok && isObj(j.value) && (errorsOf(ex)?.length ?? 0) === 0;
}

/** The call was accepted: 2xx, a JSON object, no error message (errors blank or absent: its shape is another check's). */
export function expectAccepted(ex: Exchange, what: string): void {
  const j = jsonOf(ex);
  if (!isAccepted(ex)) {
    fail(`${what} was not accepted`, {
      received: summary(ex),
      documented: 'a JSON answer whose errors is a blank array',
      ...(!j.ok ? { messages: j.errors } : {}),
    });
  }
}

/** The call was refused with at least one error message (any HTTP status). */
export function expectErrors(ex: Exchange, what: string): void {
  if ((errorsOf(ex)?.length ?? 0) === 0) {
    fail(`${what} was not refused with an error message`, {
      received: summary(ex),
      documented: 'errors: "Returns the error message if an error is encountered"',
    });
  }
}

export function checkSuccessShape(ex: Exchange): void {
  expectAccepted(ex, 'the update');
  const j = jsonOf(ex);
  const value = j.ok ? j.value : undefined;
  const errs = [...schemaErrors(responseSchema, value), ...schemaErrors(successSchema, value)];
  if (errs.length > 0) {
    fail('the success answer is not {"errors": [], "errorDetails": []}', {
      received: summary(ex),
      documented: 'errors and errorDetails, arrays of strings, both blank when there is no error',
      messages: [...new Set(errs)],
    });
  }
}

/**
 * Whether ISV-ERROR-SHAPE can judge a refusal: a 2xx answer, or one that carries a JSON body (one
 * that parses, or a non-empty one declared JSON). A bare non-2xx refusal (a 403 with an empty or
 * HTML body, which reading ISV-O4 allows) has no errors to judge. Undefined when judged, else why not.
 */
export function errorShapeSkipReason(ex: Exchange): string | undefined {
  if (is2xx(ex) || jsonOf(ex).ok) return undefined;
  if (ex.response.body.length > 0 && /json/i.test(header(ex, 'content-type') ?? '')) return undefined;
  return `a bare HTTP ${ex.response.status} refusal with no JSON body (${describeResponse(ex)}): no errors to judge`;
}

export function checkErrorShape(ex: Exchange, what: string): void {
  const j = jsonOf(ex);
  if (!j.ok)
    fail(`${what}: the error answer is not JSON`, { received: describeResponse(ex), messages: j.errors });
  const errs = [...schemaErrors(responseSchema, j.value), ...schemaErrors(errorSchema, j.value)];
  if (errs.length > 0) {
    fail(`${what}: the error answer is not the documented shape`, {
      received: summary(ex),
      documented: 'errors: a non-empty array of strings; errorDetails: an array of strings',
      messages: [...new Set(errs)],
    });
  }
}

/** readings.errorDetails = non-empty: a refusal carries at least one non-blank errorDetails string. */
export function checkErrorDetails(ex: Exchange, what: string): void {
  const j = jsonOf(ex);
  const details =
    j.ok && j.value !== null && typeof j.value === 'object'
      ? (j.value as Record<string, unknown>).errorDetails
      : undefined;
  if (!Array.isArray(details) || !details.some((d) => typeof d === 'string' && d.trim() !== '')) {
    fail(`${what}: the refusal carries no errorDetails`, {
      received: summary(ex),
      documented:
        'errorDetails: at least one non-blank string with detailed information about the error (readings.errorDetails = non-empty)',
    });
  }
}

export type NoSessionRefusal = Readings['noSessionRefusal'];
export type ForeignRefusal = Readings['foreignRefusal'];

/** Whether an answer is a refusal in the form a reading accepts, what was seen, and what was expected. */
function judgeRefusal(
  ex: Exchange,
  mode: NoSessionRefusal,
  reading: string,
): { ok: boolean; observed: string; documented: string } {
  const errors = errorsOf(ex) ?? [];
  const byStatus = ex.response.status === 401 || ex.response.status === 403;
  const byErrors = errors.length > 0;
  const location = header(ex, 'location');
  const observed = [
    `HTTP ${ex.response.status}${location ? ` (Location: ${location})` : ''}`,
    byErrors ? `errors ${JSON.stringify(errors)}` : 'no error message in the body',
  ].join(' with ');
  const ok =
    mode === 'any-non-success'
      ? !isAccepted(ex)
      : mode === 'errors'
        ? byErrors
        : mode === 'status'
          ? byStatus
          : byErrors || byStatus;
  const documented =
    mode === 'any-non-success'
      ? `anything but a 2xx JSON answer with blank errors (${reading} = any-non-success)`
      : mode === 'errors'
        ? `non-empty errors (${reading} = errors)`
        : mode === 'status'
          ? `HTTP 401 or 403 (${reading} = status)`
          : `non-empty errors or HTTP 401/403 (${reading} = errors-or-status)`;
  return { ok, observed, documented };
}

/**
 * The answer is a refusal in the form the reading accepts (`status`: HTTP 401/403, judged by the
 * kit's checkStatus), or the check fails with `what`. Returns the observed form, for the notes.
 */
function checkRefusal(ex: Exchange, mode: NoSessionRefusal, reading: string, what: string): string {
  const { ok, observed, documented } = judgeRefusal(ex, mode, reading);
  const received = () => `${observed} (${describeResponse(ex)})`;
  if (mode === 'status') checkStatus(ex, [401, 403], what, { received, documented });
  else if (!ok) fail(what, { received: received(), documented });
  return observed;
}

/** A request without a session was refused in the form readings.noSessionRefusal accepts. */
export function checkNoSessionRefusal(ex: Exchange, mode: NoSessionRefusal): string {
  return checkRefusal(ex, mode, 'readings.noSessionRefusal', 'a request without a session was not refused');
}

/** A customer's update of another contact was refused in the form readings.foreignRefusal accepts. */
export function checkForeignRefusal(ex: Exchange, mode: ForeignRefusal): string {
  return checkRefusal(
    ex,
    mode,
    'readings.foreignRefusal',
    "the customer's update of another contact was not refused",
  );
}

/** The cookies a response sets, as a Cookie header value (cookies being deleted are left out). */
export function sessionCookie(ex: Exchange): string | undefined {
  const pairs: string[] = [];
  for (const sc of ex.response.setCookies) {
    const first = sc.split(';')[0] ?? '';
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    const value = first.slice(eq + 1).trim();
    const expired = /max-age\s*=\s*(0|-\d+)/i.test(sc) || value === '' || value === 'deleted';
    if (!expired) pairs.push(`${first.slice(0, eq).trim()}=${value}`);
  }
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

export function checkLoginOk(ex: Exchange): void {
  const j = jsonOf(ex);
  if (!is2xx(ex) || !j.ok) {
    fail('the login answer is not a 2xx JSON answer', {
      received: describeResponse(ex),
      documented: 'a JSON object; errors, if present, a blank array',
      ...(!j.ok ? { messages: j.errors } : {}),
    });
  }
  const errs = schemaErrors(loginSuccessSchema, j.value);
  if (errs.length > 0) {
    fail('the successful login answers errors', {
      received: summary(ex),
      documented: 'a JSON object; errors, if present, a blank array',
      messages: errs,
    });
  }
  if (!sessionCookie(ex)) {
    fail('the successful login sets no session cookie', {
      received: `${describeResponse(ex)}, no Set-Cookie`,
      documented: 'a session cookie used by every later call',
    });
  }
}

/** The login answer is JSON of the given shape (a login-page schema), or the check fails with `what`. */
function checkLoginAnswer(ex: Exchange, schema: object, what: string, documented: string): void {
  const j = jsonOf(ex);
  const errs = j.ok ? schemaErrors(schema, j.value) : j.errors;
  if (errs.length > 0) fail(what, { received: summary(ex), documented, messages: errs });
}

export function checkLoggedIn(ex: Exchange): void {
  checkLoginAnswer(
    ex,
    loggedInSchema,
    'the successful login does not answer loggedIn.isLoggedIn true',
    '"loggedIn": {"isLoggedIn": true}, what the service\'s client script relies on',
  );
}

export function checkLoginFailure(ex: Exchange): void {
  checkLoginAnswer(
    ex,
    loginFailureSchema,
    'the failed login does not answer errors[0]',
    'errors[0]: the message of the failed login',
  );
}

// ------------------------------------------------------------------------------- the details answer

function strings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map((x) => String(x))
    : [];
}

/** The contact in a details answer, read leniently (details an object or an array of one). */
export function detailsOf(ex: Exchange, what: string): Contact {
  expectAccepted(ex, what);
  const j = jsonOf(ex);
  const root = (j.ok ? j.value : {}) as Obj;
  const raw = Array.isArray(root.details) ? root.details[0] : root.details;
  if (!isObj(raw) || !Array.isArray(raw.properties)) {
    fail(`${what}: the answer carries no details.properties`, {
      received: summary(ex),
      documented:
        'details { properties: [{propertyID, propertyName, values}], logins }, as setdetails sends it',
    });
  }
  const properties: Property[] = raw.properties.filter(isObj).map((p) => ({
    propertyID: String(p.propertyID ?? ''),
    propertyName: typeof p.propertyName === 'string' ? p.propertyName : '',
    values: Array.isArray(p.values)
      ? p.values
          .map((v) => (isObj(v) ? v.value : v))
          .filter((v) => typeof v === 'string' || typeof v === 'number')
          .map((v) => String(v))
      : [],
  }));
  // No logins array stays undefined (never []): a form built from it must not send [] in its place.
  const logins: LoginEntry[] | undefined = Array.isArray(raw.logins)
    ? raw.logins.filter(isObj).map((l) => ({ name: String(l.name ?? ''), type: String(l.type ?? '') }))
    : undefined;
  const m = root.membership ?? raw.membership;
  return {
    properties,
    ...(logins ? { logins } : {}),
    ...(Array.isArray(m) ? { membership: strings(m) } : {}),
  };
}

export function valuesOf(contact: Contact, propertyID: string): string[] | undefined {
  return contact.properties.find((p) => p.propertyID === propertyID)?.values;
}

const sorted = (a: readonly string[]) => [...a].sort();
const same = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/**
 * Each property holds exactly the expected values (in order, or as a set), compared by property ID
 * with the kit's field diff.
 */
export function checkPropertyValues(
  contact: Contact,
  expected: Record<string, string[]>,
  what: string,
  asSet = false,
): void {
  const key = (id: string) => `property ${id}`;
  const actual = Object.fromEntries(Object.keys(expected).map((id) => [key(id), valuesOf(contact, id)]));
  const want = Object.fromEntries(Object.entries(expected).map(([id, v]) => [key(id), v]));
  checkFields(actual, want, what, {
    missing: 'no such property',
    ...(asSet
      ? { same: (a, b) => Array.isArray(a) && Array.isArray(b) && same(a.map(String), b.map(String)) }
      : {}),
  });
}

/** The property is empty: absent, no values, or only blank values. */
export function checkEmptied(contact: Contact, propertyID: string): void {
  const got = (valuesOf(contact, propertyID) ?? []).filter((v) => v.trim() !== '');
  if (got.length > 0) {
    fail('a property sent with no values still has values', {
      received: `property ${propertyID}: ${JSON.stringify(got)}`,
      documented: '"values": [] (the example\'s Middle Initial)',
    });
  }
}

const loginKey = (l: LoginEntry) => `${l.name}\u0000${l.type.toLowerCase()}`;

/** The contact's logins are exactly these (names exact, types without regard to case, any order). */
export function checkLogins(contact: Contact, expected: LoginEntry[], what: string): void {
  if (!contact.logins) {
    fail(`${what}: the details answer carries no logins array`, {
      received: 'no details.logins in the answer',
      documented: JSON.stringify(expected),
    });
  }
  if (!same(contact.logins.map(loginKey), expected.map(loginKey))) {
    fail(what, {
      received: JSON.stringify(contact.logins),
      documented: JSON.stringify(expected),
    });
  }
}

export function checkMembership(contact: Contact, expected: string[], what: string): void {
  if (!contact.membership || !same(contact.membership, expected)) {
    fail(what, {
      received: contact.membership
        ? JSON.stringify(sorted(contact.membership))
        : 'no membership in the answer',
      documented: JSON.stringify(sorted(expected)),
    });
  }
}

// ------------------------------------------------------------------------------- building a form

export interface FormOptions {
  detailsShape: 'object' | 'array';
  setLogins: boolean;
  /** New values by property ID (a property the contact lacks is added with the name given). */
  set?: Record<string, { propertyName: string; values: string[] }>;
  logins?: LoginEntry[];
  membership?: string[];
}

/**
 * The setdetails payload the contact-details form would send: every property, the logins and the
 * membership as they are, with the changes applied ("the form includes all values on the page").
 * Logins or membership the contact was read without (and the options do not give) are never sent
 * as []: that would delete the logins or wipe the membership. The write throws PreconditionLost.
 */
export function toPayload(contactID: number, contact: Contact, o: FormOptions): Record<string, unknown> {
  const logins = o.logins ?? contact.logins;
  const membership = o.membership ?? contact.membership;
  const missing = [logins ? '' : 'logins', membership ? '' : 'membership'].filter(Boolean);
  if (!logins || !membership) {
    throw new PreconditionLost(
      `contact ${contactID} was read back without ${missing.join(' or ')}: the form must send them as they are, and sending [] in their place could delete them, so the update was not sent`,
    );
  }
  const set = { ...(o.set ?? {}) };
  const properties = contact.properties.map((p) => {
    const change = set[p.propertyID];
    delete set[p.propertyID];
    return {
      propertyID: p.propertyID,
      propertyName: p.propertyName,
      values: (change?.values ?? p.values).map((value) => ({ value })),
    };
  });
  for (const [propertyID, c] of Object.entries(set)) {
    properties.push({
      propertyID,
      propertyName: c.propertyName,
      values: c.values.map((value) => ({ value })),
    });
  }
  const details = { properties, setLogins: o.setLogins, logins };
  return { contactID, details: o.detailsShape === 'array' ? [details] : details, membership };
}

// ------------------------------------------------------------------------------- two faults at once

/**
 * A request with two faults at once was refused: by either fault's refusal, in any form (each form
 * is its own requirement's business, under its reading). Returns what was seen, for the notes.
 */
export function checkComboRefused(ex: Exchange, what: string): string {
  if (isAccepted(ex)) {
    fail(`${what} was accepted`, {
      received: summary(ex),
      documented: 'a refusal by one of the two faults (no session or another contact; the field errors)',
    });
  }
  return summary(ex);
}

/**
 * A contact as compared before and after a refused request: the given properties (in order), the
 * logins (as a set; types without regard to case), the membership (as a set); null where absent.
 */
function comparable(c: Contact, propertyIDs: readonly string[]): Record<string, unknown> {
  return {
    ...Object.fromEntries(propertyIDs.map((id) => [propertyField(id), valuesOf(c, id) ?? []])),
    logins: c.logins
      ? [...c.logins]
          .sort((x, y) => (loginKey(x) < loginKey(y) ? -1 : loginKey(x) > loginKey(y) ? 1 : 0))
          .map((l) => ({ name: l.name, type: l.type.toLowerCase() }))
      : null,
    membership: c.membership ? sorted(c.membership) : null,
  };
}

/**
 * What differs between two reads of a contact ("field: expected <before>, got <after>"), by the kit's
 * field diff; `only` the fields named (contactFields' names), when given.
 */
export function contactChanges(
  before: Contact,
  after: Contact,
  propertyIDs: readonly string[],
  only?: readonly string[],
): string[] {
  const pick = (c: Record<string, unknown>) =>
    only ? Object.fromEntries(Object.entries(c).filter(([k]) => only.includes(k))) : c;
  return fieldDiff(pick(comparable(after, propertyIDs)), pick(comparable(before, propertyIDs)));
}

/** The fields checkUnchanged compares (contactFields' names). */
export const unchangedFields = (propertyIDs: readonly string[]): string[] => [
  ...propertyIDs.map(propertyField),
  LOGINS_FIELD,
  MEMBERSHIP_FIELD,
];

export function checkUnchanged(
  before: Contact,
  after: Contact,
  propertyIDs: readonly string[],
  what: string,
  only?: readonly string[],
): void {
  const changes = contactChanges(before, after, propertyIDs, only);
  if (changes.length > 0) {
    fail(what, { documented: 'a refused request changes nothing', messages: changes });
  }
}

/** An answer as an error: its status and its error messages (for comparing two answers). */
export function errorSignature(ex: Exchange): string {
  const errors = errorsOf(ex);
  return `HTTP ${ex.response.status}, errors ${errors ? JSON.stringify(errors) : '(no JSON body)'}`;
}

/** The combined request answered exactly as the fault that should win does alone. */
export function checkSameError(combined: Exchange, alone: Exchange, what: string, winner: string): void {
  const got = errorSignature(combined);
  const want = errorSignature(alone);
  if (got !== want) {
    fail(`${what}: the answer is not the one ${winner} alone gets`, {
      received: got,
      documented: `${want} (${winner} alone, readings.errorPrecedence)`,
    });
  }
}

// ------------------------------------------------------------------------------- media types

/**
 * Every response the suite received whose body is JSON must be labelled as JSON. Judged: responses
 * with a body that parses as JSON. Skipped: transport errors (no response), redirects, empty bodies
 * (a bare 401/403 has no representation to label) and bodies that are not JSON (an HTML page
 * labelled text/html is labelled truly; that it is not JSON is the failure of the check that read it).
 */
export function mediaTypeProblems(
  exchanges: readonly RecordedExchange[],
  accept: readonly string[],
): { problems: string[]; judged: number; skipped: number } {
  const { judged, problems } = labelProblems(
    exchanges,
    (ex) => {
      if (ex.response.truncated) return 'cut at the body cap';
      try {
        JSON.parse(ex.response.body);
      } catch {
        return 'not JSON';
      }
      return { rep: 'json' };
    },
    accept,
  );
  return { problems, judged, skipped: exchanges.length - judged };
}

// ------------------------------------------------------------------------------- reading a form

/** A setdetails payload read back as the contact it would save (the inverse of toPayload), for the passive rules. */
export interface SentForm {
  contactID: number;
  /** The details as sent: an object, or an array of one (reading ISV-C1). */
  detailsShape: 'object' | 'array';
  setLogins: boolean;
  contact: Contact;
}

/** The form a valid setdetails payload carries (undefined when it is not one: the client rules judge that). */
export function formOf(payload: unknown): SentForm | undefined {
  if (!isObj(payload) || typeof payload.contactID !== 'number') return undefined;
  const d = Array.isArray(payload.details) ? payload.details[0] : payload.details;
  if (!isObj(d) || !Array.isArray(d.properties) || !Array.isArray(d.logins)) return undefined;
  if (typeof d.setLogins !== 'boolean' || !Array.isArray(payload.membership)) return undefined;
  return {
    contactID: payload.contactID,
    detailsShape: Array.isArray(payload.details) ? 'array' : 'object',
    setLogins: d.setLogins,
    contact: {
      properties: d.properties.filter(isObj).map((p) => ({
        propertyID: String(p.propertyID ?? ''),
        propertyName: typeof p.propertyName === 'string' ? p.propertyName : '',
        values: Array.isArray(p.values) ? p.values.map((v) => String(isObj(v) ? v.value : v)) : [],
      })),
      logins: d.logins.filter(isObj).map((l) => ({ name: String(l.name ?? ''), type: String(l.type ?? '') })),
      membership: strings(payload.membership),
    },
  };
}

/** Two login lists hold the same logins (names exact, types without regard to case, any order). */
export function sameLogins(a: readonly LoginEntry[], b: readonly LoginEntry[]): boolean {
  return same(a.map(loginKey), b.map(loginKey));
}

/** Two value lists are the same as a set. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return same(a, b);
}

// ------------------------------------------------------------------------------- two runs at once

/** A property's field, as contactFields and contactChanges name it. */
export const propertyField = (propertyID: string): string => `property ${propertyID}`;
export const LOGINS_FIELD = 'logins';
export const MEMBERSHIP_FIELD = 'membership';

const listField = (values: readonly string[] | undefined): string | undefined =>
  values === undefined ? undefined : values.length === 0 ? '' : JSON.stringify(sorted(values));

/**
 * A contact as src/concurrent.ts compares reads: one string per field (each property, the logins,
 * the membership), its values sorted (a target may reorder a set), '' when empty (a cleared field is
 * never evidence of another writer), absent when the read carries no such field.
 */
export function contactFields(c: Contact): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const p of c.properties) out[propertyField(p.propertyID)] = listField(p.values);
  out[LOGINS_FIELD] = listField(c.logins?.map(loginKey));
  out[MEMBERSHIP_FIELD] = listField(c.membership);
  return out;
}

/** What a form changes (its new property values, logins, membership), as contactFields shows them: the run's write log. */
export function formFields(o: {
  set?: Readonly<Record<string, readonly string[]>>;
  logins?: readonly LoginEntry[];
  membership?: readonly string[];
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, values] of Object.entries(o.set ?? {})) out[propertyField(id)] = listField(values) ?? '';
  if (o.logins) out[LOGINS_FIELD] = listField(o.logins.map(loginKey)) ?? '';
  if (o.membership) out[MEMBERSHIP_FIELD] = listField(o.membership) ?? '';
  return out;
}

const failsWith = (judge: () => void): boolean => {
  try {
    judge();
    return false;
  } catch (e) {
    if (e instanceof CheckFailure) return true;
    throw e;
  }
};

/**
 * A read-back of `fields` on a target others may change (src/concurrent.ts): a field that fails
 * alone while it shows another client's value (one this run neither found, nor wrote, nor marked
 * with its run id) is left out; the rest is judged together first (a failure there is the target's
 * own), then the check is errored (PreconditionLost), naming the other client's fields, never a
 * failure. `judge` throws CheckFailure for what is wrong among the fields it is given.
 */
export function judgeRead(
  read: Contact,
  fields: readonly string[],
  own: Ownership,
  what: string,
  judge: (read: Contact, fields: readonly string[]) => void,
): void {
  const shown = contactFields(read);
  const others = fields.filter((f) => isAnothers(f, shown[f], own) && failsWith(() => judge(read, [f])));
  const mine = fields.filter((f) => !others.includes(f));
  if (mine.length > 0) judge(read, mine);
  if (others.length > 0) throw changedByAnother(others, what);
}

/**
 * After a read-back failed, its step was sent again and read again (`again`). Values without the run
 * id (generated ones, the configured options and segments) cannot tell this run's writes from
 * another client's, and another run's restore puts back values this run found: the same `fields`
 * twice is the target's own doing (judged: a failure stands), anything else is another client
 * writing in between (errored, never failed).
 */
export function judgeRepeated(
  first: Contact,
  again: Contact,
  fields: readonly string[],
  what: string,
  judge: (read: Contact) => void,
): void {
  const a = contactFields(first);
  const b = contactFields(again);
  if (fields.some((f) => a[f] !== b[f]))
    throw changedByAnother(fields, `${what}, then again after sending it again`);
  judge(again);
}
