// TextMarketer checks: pure functions of a recorded exchange. Each throws CheckFailure with what
// was received and what the page documents; none does I/O beyond reading the shipped DTD once.
import { readFileSync } from 'node:fs';
import errorsSchema from '../../schemas/textmarketer/errors-response.schema.json' with { type: 'json' };
import successSchema from '../../schemas/textmarketer/modify-response.schema.json' with { type: 'json' };
import { checkStatus, describeResponse, fail, is2xx, labelProblems } from '../../src/check.ts';
import type { Exchange } from '../../src/http.ts';
import type { RecordedExchange } from '../../src/types.ts';
import { DtdCheck } from '../../src/validate/dtd.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { asArray, parseXml } from '../../src/validate/xml.ts';

export const PUBLIC_ID = '-//textmarketer.co.uk//DTD Web Services REST 1.6//EN';
export const DTD_TEXT = readFileSync(
  new URL('../../schemas/textmarketer/account.dtd', import.meta.url),
  'utf8',
);

let dtd: DtdCheck | undefined;
export function dtdErrors(bytes: Uint8Array): string[] {
  dtd ??= new DtdCheck(DTD_TEXT);
  return dtd.validate(bytes);
}

export type Account = Record<string, string>;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** The modify/read-back call succeeded: HTTP 200 (the page's example is a 200 body). */
export function expectSuccess(ex: Exchange, what: string): void {
  checkStatus(ex, 200, `${what} was not accepted`, {
    received: withCodes,
    documented: 'HTTP 200 with the account in the body',
  });
}

/** The answer described, with the error codes its body carries (the vendor's evidence). */
function withCodes(ex: Exchange): string {
  const codes = errorCodes(ex);
  return `${describeResponse(ex)}${codes.length ? `, error codes ${codes.join(', ')}` : ''}`;
}

/**
 * The account element of a success body, read leniently: HTTP 200, readable XML and a
 * <response><account> with text children. Its exact shape is TMR-SUCCESS-DTD's business, so a
 * shape fault fails that requirement and not every check that reads an account.
 */
export function accountOf(ex: Exchange, what: string): Account {
  expectSuccess(ex, what);
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok)
    fail(`${what}: the body is not readable XML`, {
      received: describeResponse(ex),
      messages: parsed.errors,
    });
  const account = (parsed.value.response as Record<string, unknown> | undefined)?.account;
  if (!account || typeof account !== 'object' || Array.isArray(account)) {
    fail(`${what}: the body has no <response><account>`, {
      received: describeResponse(ex),
      documented: 'the account, as in the example',
    });
  }
  const out: Account = {};
  for (const [k, v] of Object.entries(account as Record<string, unknown>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

/** The success body against the JSON Schema of the parsed XML (types and presence; the DTD has order). */
export function shapeErrors(ex: Exchange): string[] {
  const parsed = parseXml(ex.response.body);
  return parsed.ok ? schemaErrors(successSchema, parsed.value) : parsed.errors;
}

export function checkDtd(ex: Exchange): void {
  expectSuccess(ex, 'the modification');
  const errs = [...dtdErrors(ex.response.body), ...shapeErrors(ex)];
  if (errs.length > 0) {
    fail('the success body is not valid against the DTD', {
      received: describeResponse(ex),
      documented: 'schemas/textmarketer/account.dtd, verbatim from the page',
      messages: errs,
    });
  }
}

export function checkDoctype(ex: Exchange, expectedSystemId: string): void {
  expectSuccess(ex, 'the modification');
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok)
    fail('the success body is not readable XML', { received: describeResponse(ex), messages: parsed.errors });
  const d = parsed.doctype;
  if (!d)
    fail('the success body has no DOCTYPE', { documented: `<!DOCTYPE response PUBLIC "${PUBLIC_ID}" …>` });
  if (d.root !== 'response' || d.publicId !== PUBLIC_ID) {
    fail('the DOCTYPE does not name the documented root and public identifier', {
      received: `<!DOCTYPE ${d.root}${d.publicId !== undefined ? ` PUBLIC "${d.publicId}"` : ''}${d.systemId !== undefined ? ` "${d.systemId}"` : ''}>`,
      documented: `<!DOCTYPE response PUBLIC "${PUBLIC_ID}" …>`,
    });
  }
  if (expectedSystemId && d.systemId !== expectedSystemId) {
    fail('the DOCTYPE system identifier is not the configured one (readings.expectedSystemId)', {
      received: String(d.systemId),
      documented: expectedSystemId,
    });
  }
}

/**
 * A charset label that names ISO-8859-1: WHATWG maps every Latin-1 label (iso-8859-1, ISO8859-1,
 * latin1, l1, cp819, …) to windows-1252, the decoder browsers and most clients use for it.
 */
export function isLatin1Label(label: string): boolean {
  try {
    return new TextDecoder(label).encoding === 'windows-1252';
  } catch {
    return false; // not a label any decoder knows
  }
}

export function checkEncodingDeclared(ex: Exchange): void {
  expectSuccess(ex, 'the modification');
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok)
    fail('the success body is not readable XML', { received: describeResponse(ex), messages: parsed.errors });
  const enc = parsed.prolog.encoding;
  if (enc?.toUpperCase() !== 'ISO-8859-1') {
    fail('the success body does not declare ISO-8859-1', {
      received: enc ? `encoding="${enc}"` : 'no encoding in the XML declaration',
      documented: '<?xml version="1.0" encoding="ISO-8859-1"?>',
    });
  }
}

/** The DOCTYPE's system identifier is the one the user configured (readings.expectedSystemId). */
export function checkSystemId(ex: Exchange, expected: string): void {
  expectSuccess(ex, 'the modification');
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok)
    fail('the success body is not readable XML', { received: describeResponse(ex), messages: parsed.errors });
  const got = parsed.doctype?.systemId;
  if (got !== expected) {
    fail('the DOCTYPE system identifier is not the configured one (readings.expectedSystemId)', {
      received: got === undefined ? 'no system identifier' : got,
      documented: expected,
    });
  }
}

/**
 * Which recorded responses TMR-MEDIA-TYPE judges, and why the others are left out: a transport error
 * has no response; an empty body carries no representation to label; a redirect (3xx) or a 1xx is not
 * the API's answer (the client follows or waits for another); a body the client cut at its cap is still
 * judged (its header came whole).
 */
export function judgedForMediaType(ex: RecordedExchange): boolean {
  const res = ex.response;
  if (!res) return false;
  if (res.status < 200 || (res.status >= 300 && res.status < 400)) return false;
  return res.bodyBytes > 0;
}

/**
 * The media-type problems of every judged response: an XML type (or a label the user accepts,
 * readings.legacyMediaTypes); a 200 answer, whose body the page declares ISO-8859-1, with no other
 * charset (any WHATWG label of Latin-1 is that charset). Error bodies' charset is not documented.
 */
export function mediaTypeProblems(seen: readonly RecordedExchange[], accept: readonly string[]): string[] {
  const LATIN1 = { documented: 'ISO-8859-1', accepts: isLatin1Label };
  return labelProblems(
    seen,
    (ex) =>
      judgedForMediaType(ex)
        ? { rep: 'xml', ...(ex.response.status === 200 ? { charset: LATIN1 } : {}) }
        : undefined,
    accept,
  ).problems;
}

export function checkMediaTypes(seen: readonly RecordedExchange[], accept: readonly string[]): void {
  const problems = mediaTypeProblems(seen, accept);
  if (problems.length > 0) {
    fail(`${problems.length} response label(s) do not fit the XML they carry`, {
      documented:
        'application/xml, text/xml or a +xml type (charset ISO-8859-1 on a success body), or a label in readings.legacyMediaTypes',
      messages: problems.slice(0, 10),
    });
  }
}

function processedDate(ex: Exchange): string | undefined {
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok)
    fail('the success body is not readable XML', { received: describeResponse(ex), messages: parsed.errors });
  const response = parsed.value.response as Record<string, unknown> | undefined;
  const v = response?.['@processed_date'];
  return typeof v === 'string' ? v : undefined;
}

export function checkProcessedDate(ex: Exchange): void {
  expectSuccess(ex, 'the modification');
  const v = processedDate(ex);
  if (!v) {
    fail('the success response has no processed_date', {
      received: describeResponse(ex),
      documented: '<response processed_date="…"> (processed_date CDATA #REQUIRED)',
    });
  }
}

export function checkProcessedDateFormat(ex: Exchange): void {
  expectSuccess(ex, 'the modification');
  const v = processedDate(ex) ?? '';
  if (!ISO_DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) {
    fail('processed_date is not an ISO 8601 date-time with offset', {
      received: JSON.stringify(v),
      documented: '2012-04-11T11:23:14+02:00 (the example)',
    });
  }
}

export function checkCreateDate(account: Account): void {
  const v = account.create_date ?? '';
  if (!ISO_DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) {
    fail('create_date is not an ISO 8601 date-time', {
      received: JSON.stringify(v),
      documented: 'YYYY-MM-DDThh:mm:ss±hh:mm',
    });
  }
}

/** How fieldDiff/checkFields name an element the account lacks. */
export const ELEMENTS = { missing: 'no element' } as const;

/** The element of the account that shows each credential field. */
export const CREDENTIAL_ELEMENT: Record<string, 'username' | 'password' | 'api_username' | 'api_password'> = {
  account_username: 'username',
  account_password: 'password',
  account_api_username: 'api_username',
  account_api_password: 'api_password',
};

/**
 * A valid credential value was accepted (HTTP 200) and applied: the modify answer or, failing that,
 * a read-back shows it (accepted but ignored fails). Which of the two shows the change is TMR-SHOWS-VALUES'
 * and TMR-READBACK's business, not this one's.
 */
export function checkCredentialApplied(
  ex: Exchange,
  field: string,
  value: string,
  readBack?: Account | undefined,
): void {
  const element = CREDENTIAL_ELEMENT[field];
  if (!element) throw new Error(`not a credential field: ${field}`);
  checkElementApplied(ex, element, value, readBack, `${field} of ${value.length} characters`);
}

/** The modify call was accepted and the element holds the value in its answer or in a read-back. */
export function checkElementApplied(
  ex: Exchange,
  element: string,
  value: string,
  readBack: Account | undefined,
  what: string,
): void {
  const shown = accountOf(ex, what)[element];
  if (shown === value || readBack?.[element] === value) return;
  const show = (v: string | undefined) =>
    v === undefined ? `no <${element}>` : `<${element}>${v}</${element}>`;
  fail(`${what} was accepted but not applied`, {
    received: `the answer shows ${show(shown)}${readBack ? `, a read-back ${show(readBack[element])}` : ''}`,
    documented: `<${element}>${value}</${element}>, the value just set`,
  });
}

/** Error codes found in any <error code="N"> of the body, wherever the target put them. */
export function errorCodes(ex: Exchange): number[] {
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok) return [];
  const codes: number[] = [];
  const walk = (node: unknown, name: string): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, name);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (name === 'error' && typeof obj['@code'] === 'string' && /^\d+$/.test(obj['@code']))
      codes.push(Number(obj['@code']));
    for (const [k, v] of Object.entries(obj)) if (!k.startsWith('@')) walk(v, k);
  };
  walk(parsed.value, '');
  return codes;
}

/** The request was refused (not 2xx) with the documented error code among the body's codes. */
export function checkErrorCode(ex: Exchange, code: number, what: string): void {
  const codes = errorCodes(ex);
  if (is2xx(ex) || !codes.includes(code)) {
    fail(`${what}: not refused with error ${code}`, {
      received: `${describeResponse(ex)}${codes.length ? `, error codes ${codes.join(', ')}` : ', no <error code> in the body'}`,
      documented: `an error answer with <error code="${code}">`,
    });
  }
}

export function checkErrorEnvelope(ex: Exchange): void {
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok) {
    fail('the error body is not readable XML', { received: describeResponse(ex), messages: parsed.errors });
  }
  const errs = schemaErrors(errorsSchema, parsed.value);
  if (errs.length > 0) {
    fail('the error body is not the documented envelope', {
      received: describeResponse(ex),
      documented: '<response processed_date="…"><errors><error code="N">message</error>…</errors></response>',
      messages: errs,
    });
  }
}

export function errorMessages(ex: Exchange): string[] {
  const parsed = parseXml(ex.response.body);
  if (!parsed.ok) return [];
  const errors = ((parsed.value.response as Record<string, unknown> | undefined)?.errors ?? {}) as Record<
    string,
    unknown
  >;
  return asArray(errors.error as Record<string, string> | Record<string, string>[] | undefined).map(
    (e) => e['#text'] ?? '',
  );
}

/** The codes the page documents for field errors (2, 3, 4, 5, 7); others (403, 404…) are not field errors. */
export const FIELD_CODES: readonly number[] = [2, 3, 4, 5, 7];

export interface Applicable {
  /** Field error codes any of which may answer. */
  codes: readonly number[];
  /** Statuses that answer a non-field fault (credentials: the auth statuses; account: 404). Empty: any refusal. */
  statuses?: readonly number[];
  /** True when one applicable fault is a non-field one (credentials or account). */
  nonField?: boolean;
}

/**
 * A request with two faults at once was refused with one of their errors: not 2xx, no documented
 * field code outside the applicable ones, and either an applicable field code or (for a non-field
 * fault) an applicable status (any refusal when no status is named).
 */
export function checkOneOfErrors(ex: Exchange, a: Applicable, what: string): void {
  const codes = errorCodes(ex).filter((c) => FIELD_CODES.includes(c));
  const foreign = codes.filter((c) => !a.codes.includes(c));
  const hasField = codes.some((c) => a.codes.includes(c));
  const nonFieldOk =
    a.nonField === true &&
    codes.length === 0 &&
    (a.statuses === undefined || a.statuses.length === 0 || a.statuses.includes(ex.response.status));
  if (is2xx(ex) || foreign.length > 0 || !(hasField || nonFieldOk)) {
    const options = [
      ...a.codes.map((c) => `error ${c}`),
      ...(a.nonField ? [a.statuses?.length ? `HTTP ${a.statuses.join(' or ')}` : 'a refusal'] : []),
    ];
    fail(`${what}: not refused with one of its errors`, {
      received: withCodes(ex),
      documented: `one of: ${options.join(', ')}`,
    });
  }
}

/** The named elements of the account are as they were before: a refused request changes nothing. */
export function checkUnchanged(before: Account, after: Account, keys: readonly string[], what: string): void {
  const changed = keys
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: was ${JSON.stringify(before[k])}, now ${JSON.stringify(after[k])}`);
  if (changed.length > 0)
    fail(`${what} changed the account`, {
      documented: 'a refused request changes nothing',
      messages: changed,
    });
}
