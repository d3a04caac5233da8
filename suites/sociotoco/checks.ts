// Sociotoco checks: pure functions of recorded exchanges. Each throws CheckFailure with what was
// received and what the page (or the API's other pages) documents. Bodies are read leniently by
// content (XML or JSON, whichever the target sent) except by the checks whose business is the shape
// or the format, so one broken rule fails its own requirement and not every check that reads a body.
import errorJsonSchema from '../../schemas/sociotoco/error-response-json.schema.json' with { type: 'json' };
import errorXmlSchema from '../../schemas/sociotoco/error-response-xml.schema.json' with { type: 'json' };
import successJsonSchema from '../../schemas/sociotoco/setprofiles-response-json.schema.json' with {
  type: 'json',
};
import successXmlSchema from '../../schemas/sociotoco/setprofiles-response-xml.schema.json' with {
  type: 'json',
};
import { describeResponse, fail, fieldDiff, is2xx, labelProblems } from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import { parseJson } from '../../src/validate/json.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { asArray, parseXml } from '../../src/validate/xml.ts';
import { ERROR_CODES } from './requirements.ts';
import { UUID } from './values.ts';

export type Format = 'xml' | 'json';

export type Body =
  | { kind: 'xml'; value: Record<string, unknown> }
  | { kind: 'json'; value: unknown }
  | { kind: 'unreadable'; errors: string[] };

/** The set as a target described it, whatever the format. */
export interface SetView {
  sociotocoId?: string;
  version?: number;
  name?: string | null;
  /** Profile IDs in the order listed. */
  profiles: string[];
}

const ERROR_NAMES: Record<number, string> = Object.fromEntries(ERROR_CODES.map((e) => [e.code, e.name]));

const codeName = (code: number) => `${code}${ERROR_NAMES[code] ? ` ${ERROR_NAMES[code]}` : ''}`;

/** Status, type, size and the start of the body: the evidence a reader needs. */
export function evidence(ex: Exchange): string {
  const start = ex.response.body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim();
  return `${describeResponse(ex)}${start ? `, body starts ${JSON.stringify(start)}` : ', empty body'}`;
}

function firstChar(bytes: Buffer): string {
  const text = bytes
    .subarray(0, 64)
    .toString('latin1')
    .replace(/^(\xEF\xBB\xBF)/, '');
  return text.trimStart().charAt(0);
}

/** The body read by its content: JSON if it starts with { or [, XML if it starts with <. */
export function readBody(ex: Exchange): Body {
  const bytes = ex.response.body;
  const c = firstChar(bytes);
  if (c === '{' || c === '[') {
    const p = parseJson(bytes);
    return p.ok ? { kind: 'json', value: p.value } : { kind: 'unreadable', errors: p.errors };
  }
  if (c === '<') {
    const p = parseXml(bytes);
    return p.ok ? { kind: 'xml', value: p.value } : { kind: 'unreadable', errors: p.errors };
  }
  return {
    kind: 'unreadable',
    errors: [bytes.length === 0 ? 'body is empty' : 'the body is neither XML nor JSON'],
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function asCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
  if (isObject(v) && typeof v['#text'] === 'string') return asCode(v['#text']);
  return undefined;
}

/** The first `error` node with a code, wherever the target put it and however (attribute, element, member). */
export function errorCodeOf(ex: Exchange): number | undefined {
  const body = readBody(ex);
  if (body.kind === 'unreadable') return undefined;
  let found: number | undefined;
  const walk = (node: unknown, name: string): void => {
    if (found !== undefined) return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, name);
      return;
    }
    if (!isObject(node)) return;
    if (name === 'error') {
      const code = asCode(node['@code'] ?? node.code);
      if (code !== undefined) {
        found = code;
        return;
      }
    }
    for (const [k, v] of Object.entries(node)) if (!k.startsWith('@')) walk(v, k);
  };
  walk(body.value, '');
  return found;
}

/** Refused, as far as a client can tell: an error code in the body, or a status that is not 2xx. */
export function isErrorAnswer(ex: Exchange): boolean {
  return errorCodeOf(ex) !== undefined || !is2xx(ex);
}

function findKey(node: unknown, key: string): unknown {
  if (Array.isArray(node)) {
    for (const n of node) {
      const f = findKey(n, key);
      if (f !== undefined) return f;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (key in node) return node[key];
  for (const v of Object.values(node)) {
    const f = findKey(v, key);
    if (f !== undefined) return f;
  }
  return undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isObject(v) && typeof v['#text'] === 'string') return v['#text'];
  return undefined;
}

function profileIds(list: unknown): string[] {
  // A comma-separated string too (as the profiles argument is sent); '' is an empty element.
  if (typeof list === 'string') return list.split(',').flatMap((id) => (id.trim() ? [id.trim()] : []));
  const items = Array.isArray(list) ? list : isObject(list) ? asArray(list.profile as unknown) : [];
  return items.flatMap((item) => {
    if (typeof item === 'string') return [item];
    if (!isObject(item)) return [];
    const id = text(item['@id'] ?? item.id);
    return id === undefined ? [] : [id];
  });
}

/**
 * The sociotocoSet of an answer that was accepted, read leniently in either format: 2xx, readable,
 * no error code, a sociotocoSet somewhere. `list` names the profile list (addedProfiles for
 * setProfiles, profiles for sets.get). A sets.get answer without a sociotocoSet may carry version
 * and profiles directly under response (related.txt says only that get "returns version and
 * profiles"). The exact shape is SOC-SUCCESS-*'s business.
 */
export function setOf(
  ex: Exchange,
  what: string,
  list: 'addedProfiles' | 'profiles' = 'addedProfiles',
): SetView {
  const code = errorCodeOf(ex);
  if (!is2xx(ex) || code !== undefined) {
    fail(`${what} was not accepted`, {
      received: `${evidence(ex)}${code !== undefined ? `, error ${codeName(code)}` : ''}`,
      documented: 'the set, as in the example response',
    });
  }
  const body = readBody(ex);
  if (body.kind === 'unreadable') {
    fail(`${what}: the body is neither readable XML nor JSON`, {
      received: evidence(ex),
      messages: body.errors,
    });
  }
  let set = findKey(body.value, 'sociotocoSet');
  if (!isObject(set) && list === 'profiles') {
    const response = isObject(body.value) ? body.value.response : undefined;
    if (isObject(response) && ('version' in response || 'profiles' in response)) set = response;
  }
  if (!isObject(set)) {
    fail(`${what}: the body has no sociotocoSet`, {
      received: evidence(ex),
      documented:
        list === 'profiles'
          ? '<response><sociotocoSet …> or {"response":{"sociotocoSet":…}}, or version and profiles under response'
          : '<response><sociotocoSet …> or {"response":{"sociotocoSet":…}}',
    });
  }
  const view: SetView = { profiles: profileIds(set[list]) };
  const id = text(set['@sociotocoId'] ?? set.sociotocoId);
  if (id !== undefined) view.sociotocoId = id;
  const version = asCode(set['@version'] ?? set.version);
  if (version !== undefined) view.version = version;
  const name = set.name;
  if (name === null) view.name = null;
  else {
    const n = text(name);
    if (n !== undefined) view.name = n;
  }
  return view;
}

/** The request was refused with exactly this code (the HTTP status is readings.errorStatus' business). */
export function checkErrorCode(ex: Exchange, code: number, what: string): void {
  const got = errorCodeOf(ex);
  if (got !== code) {
    fail(`${what}: not refused with error ${code}`, {
      received: `${evidence(ex)}${got !== undefined ? `, error ${codeName(got)}` : ', no error code in the body'}`,
      documented: `error ${codeName(code)}`,
    });
  }
}

/** Refused with some error code in the body, whichever (for a rule the page gives no code for). */
export function checkRefused(ex: Exchange, what: string): void {
  if (errorCodeOf(ex) === undefined) {
    fail(`${what}: not refused`, {
      received: `${evidence(ex)}, no error code in the body`,
      documented: 'an error answer (any code: the page has none for this)',
    });
  }
}

/** Several errors apply: the answer carries one of `allowed` (the first of them, for page order). */
export function checkOneOfCodes(ex: Exchange, allowed: readonly number[], what: string): void {
  const got = errorCodeOf(ex);
  if (got === undefined || !allowed.includes(got)) {
    fail(
      `${what}: the answer does not carry ${allowed.length > 1 ? 'one of the errors that apply' : 'the error that should win'}`,
      {
        received: `${evidence(ex)}${got !== undefined ? `, error ${codeName(got)}` : ', no error code in the body'}`,
        documented: `error ${allowed.map(codeName).join(' or ')}`,
      },
    );
  }
}

/** The body is in the format asked for, judged by content (Content-Type is not documented). */
export function checkFormat(ex: Exchange, format: Format, what: string): void {
  const body = readBody(ex);
  if (body.kind !== format) {
    fail(`${what}: the answer is not ${format.toUpperCase()}`, {
      received: `${body.kind === 'unreadable' ? 'unreadable' : body.kind.toUpperCase()}: ${evidence(ex)}`,
      documented: format === 'xml' ? 'XML, the default format' : 'JSON, as format=json asks',
      ...(body.kind === 'unreadable' ? { messages: body.errors } : {}),
    });
  }
}

function parsedAs(ex: Exchange, format: Format, what: string): unknown {
  const body = readBody(ex);
  if (body.kind !== format) {
    fail(`${what}: the body is not ${format.toUpperCase()}`, {
      received: evidence(ex),
      ...(body.kind === 'unreadable' ? { messages: body.errors } : {}),
    });
  }
  return body.value;
}

export function successShapeErrors(value: unknown, format: Format): string[] {
  return schemaErrors(format === 'xml' ? successXmlSchema : successJsonSchema, value);
}

export function errorShapeErrors(value: unknown, format: Format): string[] {
  return schemaErrors(format === 'xml' ? errorXmlSchema : errorJsonSchema, value);
}

/** An accepted setProfiles answer against the JSON Schema of the page's example in that format. */
export function checkSuccessShape(ex: Exchange, format: Format): void {
  setOf(ex, 'setProfiles');
  const errs = successShapeErrors(parsedAs(ex, format, 'the success answer'), format);
  if (errs.length > 0) {
    fail(`the ${format.toUpperCase()} success body does not have the example's shape`, {
      received: evidence(ex),
      documented: `schemas/sociotoco/setprofiles-response-${format}.schema.json (the page's ${format.toUpperCase()} example)`,
      messages: errs,
    });
  }
}

/** An error answer in the documented envelope of that format. */
export function checkErrorEnvelope(ex: Exchange, format: Format, what: string): void {
  const errs = errorShapeErrors(parsedAs(ex, format, what), format);
  if (errs.length > 0) {
    fail(`${what}: the error body is not the documented envelope`, {
      received: evidence(ex),
      documented:
        format === 'xml'
          ? '<response><error code="N">message</error></response>'
          : '{"response":{"error":{"code":N,"message":"…"}}}',
      messages: errs,
    });
  }
}

/** sociotocoId is the sid asked for: exactly, or in any letter case when the sid is a UUID (hex digits). */
export function checkSetId(view: SetView, sid: string, what: string): void {
  const same = UUID.test(sid)
    ? view.sociotocoId?.toLowerCase() === sid.toLowerCase()
    : view.sociotocoId === sid;
  if (!same) {
    fail(`${what}: the answer names another set`, {
      received: `sociotocoId ${view.sociotocoId === undefined ? '(none)' : JSON.stringify(view.sociotocoId)}`,
      documented: `sociotocoId ${JSON.stringify(sid)}, the sid of the request`,
    });
  }
}

const norm = (ids: readonly string[]) => [...new Set(ids.map((i) => i.toUpperCase()))].sort();

/** How addedProfiles is read: readings.setSemantics and readings.addedProfilesListing. */
export interface AddedRule {
  semantics: 'replace' | 'add';
  listing: 'sent' | 'newly-added';
}

/**
 * addedProfiles, in any order. `before` is the set's profiles before the call (needed under "add"
 * and "newly-added"). "newly-added": exactly the profiles sent that were not in the set before;
 * else "replace": exactly the profiles sent; "add": every profile sent that was not in the set
 * before, and nothing that was not sent.
 */
export function checkAddedProfiles(
  view: SetView,
  sent: readonly string[],
  before: readonly string[] | undefined,
  rule: AddedRule,
  what: string,
): void {
  const got = norm(view.profiles);
  const all = norm(sent);
  const needsBefore = rule.listing === 'newly-added' || rule.semantics === 'add';
  if (needsBefore && before === undefined)
    throw new Error('checkAddedProfiles: the set before the call is needed for this reading');
  const had = norm(before ?? []);
  const newly = all.filter((id) => !had.includes(id));
  const must = rule.listing === 'newly-added' || rule.semantics === 'add' ? newly : all;
  const may = rule.listing === 'newly-added' ? newly : all;
  const missing = must.filter((id) => !got.includes(id));
  const extra = got.filter((id) => !may.includes(id));
  if (extra.length > 0 || missing.length > 0) {
    fail(`${what}: addedProfiles is not the list of profiles just set`, {
      received: `addedProfiles ${JSON.stringify(view.profiles)}`,
      documented:
        rule.listing === 'newly-added'
          ? `the profiles sent that were not in the set before, in any order: ${JSON.stringify(newly)}`
          : rule.semantics === 'replace'
            ? `the profiles sent, in any order: ${JSON.stringify(sent)}`
            : `those of ${JSON.stringify(sent)} that were not in the set before (${JSON.stringify(newly)}), and perhaps the others sent`,
      messages: [
        ...missing.map((id) => `${id}: sent but not listed`),
        ...extra.map((id) =>
          all.includes(id) ? `${id}: listed but was in the set before` : `${id}: listed but not sent`,
        ),
      ],
    });
  }
}

export function checkVersionIncreased(before: SetView, after: SetView): void {
  if (before.version === undefined || after.version === undefined || !(after.version > before.version)) {
    fail('the version did not increase after a successful setProfiles', {
      received: `version ${before.version ?? '(none)'}, then ${after.version ?? '(none)'}`,
      documented: 'a version number of the set that grows with each change',
    });
  }
}

/** sets.get after a setProfiles: the profiles sent are there (exactly, for "replace"), at that version or later. */
export function checkReadback(
  view: SetView,
  sent: readonly string[],
  version: number | undefined,
  semantics: 'replace' | 'add',
): void {
  const got = norm(view.profiles);
  const want = norm(sent);
  const missing = want.filter((id) => !got.includes(id));
  const extra = semantics === 'replace' ? got.filter((id) => !want.includes(id)) : [];
  const messages = [
    ...missing.map((id) => `${id}: set but not read back`),
    ...extra.map((id) => `${id}: read back but not set`),
  ];
  if (version !== undefined && (view.version === undefined || view.version < version))
    messages.push(`version ${view.version ?? '(none)'} is older than the ${version} setProfiles returned`);
  if (messages.length > 0) {
    fail('sociotoco.sets.get does not read back what setProfiles set', {
      received: `profiles ${JSON.stringify(view.profiles)}, version ${view.version ?? '(none)'}`,
      documented: `profiles ${JSON.stringify(sent)}${version !== undefined ? `, version ${version} or later` : ''}`,
      messages,
    });
  }
}

/** The set read back after a refused request is the set read back before it (profiles in any order). */
export function checkUnchanged(before: SetView, after: SetView): void {
  const state = (v: SetView) => ({ version: v.version, profiles: norm(v.profiles) });
  const messages = fieldDiff(state(after), state(before), { missing: '(none)' });
  if (messages.length > 0) {
    fail('a refused request changed the set', {
      documented: 'an error answer, and the set as it was',
      messages,
    });
  }
}

/** An unnamed set, as the examples show it: <name /> in XML, null in JSON. */
export function checkNameAsExample(ex: Exchange, format: Format): void {
  setOf(ex, 'setProfiles');
  const value = parsedAs(ex, format, 'the success answer');
  const set = findKey(value, 'sociotocoSet');
  const name = isObject(set) ? set.name : undefined;
  const ok = format === 'xml' ? name === '' : name === null;
  if (!ok) {
    fail(`the unnamed set's name is not ${format === 'xml' ? '<name />' : 'null'}`, {
      received: name === undefined ? 'no name' : JSON.stringify(name),
      documented: format === 'xml' ? '<name />' : '"name":null',
    });
  }
}

/**
 * The representation a recorded answer carries, judged by its body: JSON if it starts with { or [,
 * XML if it starts with < (an HTML page is neither). Undefined for what is not judged: no answer
 * (transport error), a redirect, an empty body, or a body that is neither.
 */
export function representationOf(ex: RecordedExchange): Format | undefined {
  const res = ex.response;
  if (!res || res.bodyBytes === 0 || (res.status >= 300 && res.status < 400)) return undefined;
  const start = res.body.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<') && !/^<(!doctype\s+html|html[\s>])/i.test(start)) return 'xml';
  return undefined;
}

/**
 * Every judged answer's Content-Type against its representation (the XML example declares utf-8;
 * no charset is declared for JSON); `accept` lists the legacy labels the user accepts. Returns how
 * many answers were judged and the problems, one per distinct label and request path.
 */
export function mediaTypeProblems(
  exchanges: readonly RecordedExchange[],
  accept: readonly string[],
): { judged: number; problems: string[] } {
  const { judged, problems } = labelProblems(
    exchanges,
    (ex) => {
      const rep = representationOf(ex);
      return rep === undefined ? undefined : rep === 'xml' ? { rep, charset: 'utf-8' } : { rep };
    },
    accept,
  );
  return { judged, problems };
}

export function checkMediaTypes(exchanges: readonly RecordedExchange[], accept: readonly string[]): void {
  const { judged, problems } = mediaTypeProblems(exchanges, accept);
  if (judged === 0) {
    fail('no answer with an XML or JSON body to judge the media type of', {
      documented: 'XML and JSON answers',
    });
  }
  if (problems.length > 0) {
    fail(`${problems.length} kind(s) of answer labelled with another media type than their body's`, {
      received: `${judged} answers judged`,
      documented: `JSON as application/json (or +json); XML as application/xml or text/xml (or +xml), charset utf-8 as the XML example declares${accept.length > 0 ? `; accepted legacy labels: ${accept.join(', ')}` : ''}`,
      messages: problems.slice(0, 20),
    });
  }
}
