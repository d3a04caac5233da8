// The input domains of set_integration_config() (src/generate.ts): for each documented input whose
// form the page states, values the page accepts and values it refuses, boundary values first, then
// random ones. Pure: no I/O. The schema (schemas/textmarks/set-integration-config-request.schema.json)
// stays the one source of the rule: NONE and the URL pattern are read from it, and every value is
// held to it here (a generator drifting from the schema throws at import, and the tests check it).
//
// Fair on targets we will never see: a valid value is one every implementation that reads "URL"
// as a URL accepts and keeps as sent. So the valid callback URLs are lower-case http(s) on a
// lower-case reserved host (hosts are case-insensitive), a non-default port only, a path of RFC 3986
// characters that WHATWG URL serialisation leaves alone (no dot segments, no backslash), template
// codes only in the query (the page's common format), no fragment, nothing beyond ASCII (the page
// declares no request charset), at most 200 characters (the page states no maximum). The invalid
// ones are refused by every URL parser, not only by the schema: no scheme at all, an empty host, a
// space inside the host. Left out as open: leading or trailing spaces (a target may trim form
// values), other schemes (ftp:, javascript: are URLs), "none" in lower case.
//
// Safe on real targets: the target may call a callback URL it stores, so every host is reserved
// and reaches nobody: example.com/.net/.org (RFC 2606), *.test and *.invalid, TEST-NET-1/2/3 IPs.
import { type Case, type DomainSide, fc } from '../../src/generate.ts';
import { SCHEMAS } from './schemas.ts';

interface Schema {
  anyOf?: readonly { const?: string; pattern?: string }[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}
const props = SCHEMAS.setRequest.properties as Record<string, Schema>;
const callbackSchema = props.group_callback_url ?? {};

/** The page's value that clears the setting ("Specify "NONE" to clear existing setting."), from the schema. */
export const NONE: string = (() => {
  const v = callbackSchema.anyOf?.find((s) => s.const !== undefined)?.const;
  if (v === undefined) throw new Error('the request schema has no NONE const for group_callback_url');
  return v;
})();

/** The schema's pattern of a callback URL (`^https?://…`). */
export const URL_PATTERN: RegExp = (() => {
  const p = callbackSchema.anyOf?.find((s) => s.pattern !== undefined)?.pattern;
  if (p === undefined) throw new Error('the request schema has no URL pattern for group_callback_url');
  return new RegExp(p, 'u');
})();

/** A value the schema accepts as group_callback_url: NONE or a URL of the pattern. */
export const callbackAllowed = (v: string): boolean => v === NONE || URL_PATTERN.test(v);

/** The longest callback URL the generator sends: the page states no maximum, so a fair one. */
export const MAX_URL = 200;

const RULE_URL =
  "OPT group_callback_url URL (or NONE): an http(s) URL (the page's format: http://yoursite.com/yourscript.php?user=\\p&action=\\a)";

// ------------------------------------------------------------------------------- URL pieces

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
/** RFC 3986 unreserved marks and sub-delimiters, and the two other pchar characters. */
const MARKS = '-._~';
const SUB_DELIMS = "!$&'()*+,;=";
/** Percent-encoded octets that no normaliser decodes (never %2E: WHATWG reads it as a dot segment). */
const PCT = ['%20', '%2F', '%3F', '%23', '%25', '%C3%A9'];
/** The substitution codes of the page (\p, \a, \s) and of the overview (\0, \n, \u, \1-\9, \k). */
export const TEMPLATE_CODES: readonly string[] = ['p', 'a', 's', 'k', '0', 'n', 'u', ...'123456789'].map(
  (c) => `\\${c}`,
);

const chars = (s: string) => [...s];
/** A path segment's units: letters, digits, marks, sub-delimiters, : @, percent-escapes. */
const pathUnit = fc.constantFrom(...chars(`${LOWER}${UPPER}${DIGITS}${MARKS}${SUB_DELIMS}:@`), ...PCT);
/** A query value's units: as a path's, less ' (WHATWG encodes it in a query) and & = (separators), plus / ?. */
const queryUnit = fc.constantFrom(...chars(`${LOWER}${UPPER}${DIGITS}${MARKS}!$()*+,;:@/?`), ...PCT);
const label = fc
  .string({ unit: fc.constantFrom(...chars(`${LOWER}${DIGITS}-`)), minLength: 1, maxLength: 12 })
  .filter((l) => !l.startsWith('-') && !l.endsWith('-'));
const host = fc.oneof(
  fc.constantFrom('example.com', 'example.net', 'example.org'),
  label.map((l) => `${l}.example.com`),
  label.map((l) => `${l}.test`),
  label.map((l) => `${l}.invalid`),
  fc
    .tuple(fc.constantFrom('192.0.2', '198.51.100', '203.0.113'), fc.integer({ min: 1, max: 254 }))
    .map(([net, n]) => `${net}.${n}`),
);
/** A non-default port (a normaliser drops :80 and :443), or none. */
const port = fc.option(
  fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 80 && p !== 443),
  { nil: undefined, freq: 3 },
);
const segment = fc.string({ unit: pathUnit, minLength: 1, maxLength: 10 }).filter((s) => !/^\.+$/.test(s));
const queryValue = fc.oneof(
  fc.constantFrom(...TEMPLATE_CODES),
  fc.string({ unit: queryUnit, minLength: 0, maxLength: 10 }),
);
const param = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...chars(`${LOWER}${UPPER}${DIGITS}_`)), minLength: 1, maxLength: 8 }),
    queryValue,
  )
  .map(([k, v]) => `${k}=${v}`);

const validUrl = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host,
    port,
    path: fc.array(segment, { minLength: 0, maxLength: 4 }),
    query: fc.option(fc.array(param, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(
    (u) =>
      `${u.scheme}://${u.host}${u.port === undefined ? '' : `:${u.port}`}/${u.path.join('/')}${u.query ? `?${u.query.join('&')}` : ''}`,
  )
  .filter((u) => u.length <= MAX_URL);

/** A URL of exactly `n` characters: the page's format with a padded path. */
function urlOfLength(n: number): string {
  const head = 'https://example.com/';
  const tail = '.php?user=\\p&action=\\a';
  return `${head}${'abcdefghij'.repeat(n).slice(0, n - head.length - tail.length)}${tail}`;
}

const VALID_URLS: Case<string>[] = [
  { label: 'the shortest: a one-letter .test host and / alone', value: 'http://a.test/' },
  {
    label: "the page's common format, on example.com",
    value: 'http://example.com/yourscript.php?user=\\p&action=\\a',
  },
  {
    label: 'every substitution code in the query',
    value: `https://example.com/t?${TEMPLATE_CODES.map((c, i) => `c${i}=${c}`).join('&')}`,
  },
  {
    label: 'upper-case letters in the path and query',
    value: 'https://example.com/Hooks/OnJoin.PHP?Action=\\a&User=\\p',
  },
  { label: 'digits only in the path, a port', value: 'http://example.net:8080/2024/01/31' },
  { label: 'the unreserved marks - . _ ~', value: 'https://example.org/-._~/a-b_c.d~e?x=-._~' },
  {
    label: "the sub-delimiters ! $ & ' ( ) * + , ; = in the path",
    value: "https://example.com/!$&'()*+,;=/x;y=1",
  },
  { label: ': and @ in the path and query', value: 'https://example.com/a:b@c?at=@&colon=:' },
  {
    label: 'percent-encoded octets (a space, / ? # %, and é in UTF-8)',
    value: 'https://example.com/a%20b/%C3%A9?q=%2F%3F%25%23&p=\\p',
  },
  { label: 'a sub-domain of .test', value: 'http://hooks.conformance.test/cb?user=\\p' },
  { label: 'a host of .invalid with a hyphen and digits', value: 'https://x-1.invalid/cb' },
  { label: 'a TEST-NET IP address and a port', value: 'http://192.0.2.1:8080/cb?action=\\a' },
  { label: 'the lowest port (1)', value: 'http://example.com:1/' },
  { label: 'the highest port (65535)', value: 'https://example.com:65535/' },
  { label: '/ and ? inside the query', value: 'https://example.com/cb?next=/a/b?c=\\k' },
  { label: `${MAX_URL} characters (the longest sent)`, value: urlOfLength(MAX_URL) },
];

// ------------------------------------------------------------------------------- what is no URL

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
/** Text without a colon can be no absolute URL; blank or NONE once trimmed is left out (open). */
const noScheme = fc
  .string({ unit: fc.constantFrom(...PRINTABLE.filter((c) => c !== ':')), minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() !== '' && s.trim() !== NONE);
const emptyHost = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    fc.oneof(
      fc.constant(''),
      param.map((p) => `?${p}`),
      fc.string({ unit: pathUnit, minLength: 1, maxLength: 8 }).map((f) => `#${f}`),
    ),
  )
  .map(([s, rest]) => `${s}://${rest}`);
const spaceInHost = fc
  .tuple(fc.constantFrom('http', 'https'), label, label, fc.array(segment, { maxLength: 2 }))
  .map(([s, a, b, path]) => `${s}://${a} ${b}.example.com/${path.join('/')}`);

const INVALID_URLS: Case<string>[] = [
  { label: 'no scheme: a host and path', value: 'example.com/hook.php?user=\\p' },
  { label: 'a path alone', value: '/hook.php?user=\\p&action=\\a' },
  { label: 'a word', value: 'hook' },
  { label: 'NONE with a character added', value: `${NONE}X` },
  { label: 'http:// with no host', value: 'http://' },
  { label: 'https:// with no host', value: 'https://' },
  { label: 'no host before the query', value: 'http://?user=\\p' },
  { label: 'no host before a fragment', value: 'https://#x' },
  { label: 'a space inside the host', value: 'http://exa mple.com/hook.php' },
];

// ------------------------------------------------------------------------------- private_token

const TOKEN_MIN = 8;
const TOKEN_MAX = 64;
const RULE_TOKEN =
  'OPT private_token String: "Optional secret value shared between TextMark and 3rd party site" (no form beyond String)';
const PUNCTUATION = PRINTABLE.filter((c) => /[^A-Za-z0-9 ]/.test(c)).join('');
const tokenRandom = fc
  .string({ unit: fc.constantFrom(...PRINTABLE), minLength: TOKEN_MIN, maxLength: TOKEN_MAX })
  .filter((t) => t.trim() === t && t !== NONE);
const VALID_TOKENS: Case<string>[] = [
  { label: `${TOKEN_MIN} characters (the shortest sent)`, value: 'tK8-q2Zx' },
  {
    label: `${TOKEN_MAX} characters (the longest sent)`,
    value: 'Lr7vQ2mN9xTb4KwZ1pHc6YdF3sGj8AeU0oRi5VnXyMzWtBqCkDlEfShJuIgOaPv_'.slice(0, TOKEN_MAX),
  },
  { label: 'letters only', value: 'GmTqVxWbRyKz' },
  { label: 'digits only', value: '4815162342' },
  { label: 'every ASCII punctuation character', value: PUNCTUATION },
  { label: 'spaces inside', value: 'shared secret with spaces' },
  { label: '+ between letters (a form encodes + as %2B)', value: 'a+b+c+d+e' },
  { label: 'text that looks percent-encoded', value: 'tok%41%2B%zz%' },
];

// ------------------------------------------------------------------------------- NONE

/** What a NONE request clears: the URL set just before it, and whether private_token rides along. */
export interface NoneCase {
  /** The group_callback_url set first (so the clear shows in the read-back, never by luck). */
  before: string;
  /** NONE sent in the same request as a fresh private_token ("Only options specified will be changed"). */
  withToken: boolean;
}

const RULE_NONE =
  'OPT group_callback_url URL (or NONE): "Specify "NONE" to clear existing setting." whatever URL it holds, alone or beside private_token ("Only options specified will be changed")';

const urlNamed = (label: string): string => {
  const c = VALID_URLS.find((u) => u.label === label);
  if (!c) throw new Error(`domains: no valid URL labelled ${label}`);
  return c.value;
};
const COMMON = urlNamed("the page's common format, on example.com");
const NONE_CASES: Case<NoneCase>[] = [
  { label: "NONE alone, after the page's common format", value: { before: COMMON, withToken: false } },
  {
    label: 'NONE beside a private_token in the same request',
    value: { before: COMMON, withToken: true },
  },
  {
    label: 'NONE alone, after every substitution code',
    value: { before: urlNamed('every substitution code in the query'), withToken: false },
  },
  {
    label: `NONE alone, after a URL of ${MAX_URL} characters`,
    value: { before: urlNamed(`${MAX_URL} characters (the longest sent)`), withToken: false },
  },
  {
    label: 'NONE beside a private_token, after a TEST-NET IP address and a port',
    value: { before: urlNamed('a TEST-NET IP address and a port'), withToken: true },
  },
];

// ------------------------------------------------------------------------------- jsonp

/** The schema's pattern of a jsonp callback name (a JavaScript identifier path, or blank for none). */
export const JSONP_PATTERN: RegExp = (() => {
  const p = props.jsonp?.pattern;
  if (p === undefined) throw new Error('the request schema has no pattern for jsonp');
  return new RegExp(p, 'u');
})();

/** The longest callback name sent: the page states no maximum (jQuery's own names are about 40). */
export const MAX_CALLBACK = 64;

const RULE_JSONP =
  "jsonp: \"JSON-P callback: (as 'jsonp' param, optional) (blank for none)\"; a name of the schema's pattern (identifiers of A-Z a-z 0-9 _ $, not starting with a digit, joined by dots)";
const ID_FIRST = `${LOWER}${UPPER}_$`;
const ID_REST = `${ID_FIRST}${DIGITS}`;
const identifier = fc
  .tuple(
    fc.constantFrom(...chars(ID_FIRST)),
    fc.string({ unit: fc.constantFrom(...chars(ID_REST)), minLength: 0, maxLength: 15 }),
  )
  .map(([a, b]) => a + b);
const callbackName = fc
  .array(identifier, { minLength: 1, maxLength: 3 })
  .map((ids) => ids.join('.'))
  .filter((n) => n.length <= MAX_CALLBACK);

const VALID_CALLBACKS: Case<string>[] = [
  { label: 'one letter', value: 'c' },
  { label: '$ alone', value: '$' },
  { label: '_ alone', value: '_' },
  { label: 'a dotted path (namespace.function)', value: 'app.jsonp.done' },
  { label: '$ and a dot, as jQuery writes them', value: '$.cb_1' },
  { label: 'digits after the first character', value: 'cb0123456789' },
  { label: "jQuery's generated name", value: 'jQuery371012345678901234_1700000000000' },
  { label: 'upper case only', value: 'CALLBACK' },
  {
    label: `${MAX_CALLBACK} characters (the longest sent)`,
    value: `cb_${'x1'.repeat(40)}`.slice(0, MAX_CALLBACK),
  },
];

/**
 * Marks no identifier holds, to put inside an otherwise valid name. Left out: ( ) { } [ (the
 * hand-picked hostile values hold parentheses; a value starting with { or [ could pass for a plain
 * JSON body) and control characters.
 */
const FOREIGN_MARKS = ' -;=/"\'<>+!#%&*,:?@^`|~\\';
const foreignInside = fc
  .tuple(identifier, fc.constantFrom(...chars(FOREIGN_MARKS)), identifier)
  .map(([a, m, b]) => `${a}${m}${b}`);
const digitFirst = fc
  .tuple(
    fc.constantFrom(...chars(DIGITS)),
    fc.string({ unit: fc.constantFrom(...chars(ID_REST)), maxLength: 10 }),
  )
  .map(([d, rest]) => d + rest);
const emptySegment = fc
  .tuple(identifier, fc.constantFrom('..', '.'), fc.boolean())
  .map(([id, dots, atEnd]) => (atEnd ? `${id}${dots}` : dots === '.' ? `.${id}` : `${id}..${id}`));

const INVALID_CALLBACKS: Case<string>[] = [
  { label: 'a digit first', value: '1cb' },
  { label: 'a hyphen inside', value: 'cb-1' },
  { label: 'a space inside', value: 'cb 1' },
  { label: 'a statement separator', value: 'a;b' },
  { label: 'an assignment', value: 'a=b' },
  { label: 'a double quote inside', value: 'cb"x' },
  { label: 'a slash inside', value: 'a/b' },
  { label: 'an empty segment (two dots)', value: 'a..b' },
  { label: 'a leading dot', value: '.cb' },
  { label: 'a trailing dot', value: 'cb.' },
];

// ------------------------------------------------------------------------------- the domains

export interface TextMarksDomains {
  /** group_callback_url values that are URLs: accepted, and read back exactly as sent. */
  callbackUrl: DomainSide<string>;
  /** group_callback_url values that are neither a URL nor NONE: refused (readings.urlValidation = refused). */
  callbackNotUrl: DomainSide<string>;
  /** private_token values: accepted, and read back exactly (readings.privateTokenReadBack = shown). */
  privateToken: DomainSide<string>;
  /** NONE after a URL, alone or beside private_token: the URL reads back cleared (readings.clearedReadsAs). */
  noneClears: DomainSide<NoneCase>;
  /** jsonp names of the schema's pattern: the answer comes as name(<envelope>). */
  jsonpCallback: DomainSide<string>;
  /** jsonp values outside the pattern: never echoed raw as the callback (refused or sanitised). */
  jsonpNotIdentifier: DomainSide<string>;
}

export const DOMAINS: TextMarksDomains = {
  callbackUrl: {
    id: 'group_callback_url/valid',
    rule: RULE_URL,
    outcome: 'accepted and read back exactly as sent',
    boundary: VALID_URLS,
    random: validUrl,
  },
  callbackNotUrl: {
    id: 'group_callback_url/invalid',
    rule: `${RULE_URL}; "NONE" clears it; anything else is refused (readings.urlValidation = refused)`,
    outcome: 'refused with a non-zero rescode',
    boundary: INVALID_URLS,
    random: fc.oneof(noScheme, emptyHost, spaceInHost),
  },
  privateToken: {
    id: 'private_token/valid',
    rule: RULE_TOKEN,
    outcome: 'accepted and read back exactly as sent',
    boundary: VALID_TOKENS,
    random: tokenRandom,
  },
  noneClears: {
    id: 'group_callback_url/NONE',
    rule: RULE_NONE,
    outcome: 'accepted, and the URL reads back cleared (readings.clearedReadsAs)',
    boundary: NONE_CASES,
    random: fc.record({ before: validUrl, withToken: fc.boolean() }),
  },
  jsonpCallback: {
    id: 'jsonp/valid',
    rule: RULE_JSONP,
    outcome: 'the answer comes as name(<the envelope>)',
    boundary: VALID_CALLBACKS,
    random: callbackName,
  },
  jsonpNotIdentifier: {
    id: 'jsonp/invalid',
    rule: `${RULE_JSONP}; any other value is not a callback name (TXM-JSONP-SAFE-CALLBACK)`,
    outcome: 'never echoed raw in front of the JSON (refused, or a sanitised name)',
    boundary: INVALID_CALLBACKS,
    random: fc.oneof(foreignInside, digitFirst, emptySegment),
  },
};

/** A NONE case in one line: what was set before, and whether a private_token rode along. */
export function describeNone(v: NoneCase): string {
  return `NONE${v.withToken ? ' beside a private_token' : ''} after ${JSON.stringify(v.before)}`;
}

/** A private_token described without its value (it is masked as a secret): its length and what it holds. */
export function describeToken(t: string): string {
  const kinds = [
    /[A-Za-z]/.test(t) ? 'letters' : '',
    /[0-9]/.test(t) ? 'digits' : '',
    / /.test(t) ? 'spaces' : '',
  ].filter(Boolean);
  // One mark at a time, space-separated: never the token itself, which the report masks.
  const marks = [...new Set(t.replace(/[A-Za-z0-9 ]/g, ''))].join(' ');
  return `a private_token of ${t.length} characters (${[...kinds, marks ? `the marks ${JSON.stringify(marks)}` : ''].filter(Boolean).join(', ') || 'nothing'})`;
}

// The boundary values are the model's own claims: hold them to the schema at import.
for (const c of [...VALID_URLS]) {
  if (!URL_PATTERN.test(c.value) || c.value.length > MAX_URL)
    throw new Error(`domains: the valid URL "${c.value}" breaks the schema pattern`);
}
for (const c of INVALID_URLS) {
  if (callbackAllowed(c.value)) throw new Error(`domains: the invalid URL "${c.value}" passes the schema`);
}
for (const c of NONE_CASES) {
  if (!URL_PATTERN.test(c.value.before))
    throw new Error(`domains: the URL before NONE "${c.value.before}" breaks the schema`);
}
for (const c of VALID_CALLBACKS) {
  if (!JSONP_PATTERN.test(c.value) || c.value === '' || c.value.length > MAX_CALLBACK)
    throw new Error(`domains: the callback name "${c.value}" breaks the schema pattern`);
}
for (const c of INVALID_CALLBACKS) {
  if (JSONP_PATTERN.test(c.value))
    throw new Error(`domains: the invalid callback name "${c.value}" passes the schema`);
}
