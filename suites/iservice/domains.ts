// The input domains of the iService setdetails page (generated inputs, src/generate.ts): for each input
// the page documents, the values every correct implementation accepts and the values it refuses, each
// side labelled with the page's rule and the documented outcome. Boundary values first, then random
// ones. Pure: no I/O; the suite sends the values (iservice.conformance.ts, "generated: …" checks).
//
// Where the rules come from: the request table as the suite's schemas hold it
// (schemas/iservice/setdetails-request.schema.json: a value is a "String", a login type matches the
// table's list, membership holds segment IDs; login-request.schema.json: emailAddress and Password
// are required and non-empty) and the target config's promises (textProperties: "values up to 40
// characters, letters with diacritics included"; membershipSegments: segments the tester owns).
// Values that could reach a person (login names are e-mail addresses) use reserved domains only
// (example.com/.org/.net, RFC 2606), under a label holding the run id, so no one else's login is hit.
import loginRequestSchema from '../../schemas/iservice/login-request.schema.json' with { type: 'json' };
import requestSchema from '../../schemas/iservice/setdetails-request.schema.json' with { type: 'json' };
import targetSchema from '../../schemas/iservice/target-config.schema.json' with { type: 'json' };
import { type Case, type DomainSide, fc } from '../../src/generate.ts';

// ---------------------------------------------------------------- what the schemas say

/** The JSON type of `values[].value` in the request table ("String"). */
export const VALUE_TYPE: string = requestSchema.$defs.property.properties.values.items.properties.value.type;
/** The table's login types ("blank, email, bounced, or Google", and the example's "Email"), any casing. */
export const LOGIN_TYPE_PATTERN = new RegExp(requestSchema.$defs.login.properties.type.pattern, 'u');
/** The login form's required, non-empty fields. */
export const LOGIN_FIELDS = loginRequestSchema.required as readonly string[];

/**
 * The longest property value the config promises the text properties hold, read from the config
 * schema's own words ("values up to 40 characters"), so the promise is written once.
 */
export const TEXT_VALUE_MAX = (() => {
  const m = /values up to (\d+) characters/.exec(targetSchema.properties.textProperties.description);
  if (!m?.[1])
    throw new Error('target-config.schema.json: textProperties no longer states "values up to N characters"');
  return Number(m[1]);
})();

/** A login type the table lists, read as a target may (trimmed; "blank" spelled out is the blank type). */
export function isListedLoginType(type: string): boolean {
  const t = type.trim();
  return LOGIN_TYPE_PATTERN.test(t) || t.toLowerCase() === 'blank';
}

// ---------------------------------------------------------------- property values

/**
 * Characters of a free-text property value, by class. Left out, so that a valid value is one EVERY
 * correct target accepts: leading or trailing spaces (a form may trim them), control characters,
 * markup characters (< > &: a target may refuse them as unsafe), characters outside the BMP (a
 * database with 3-byte UTF-8 cannot store them; JSON allows them, the page does not say).
 */
const VALUE_CLASSES: readonly { label: string; chars: string }[] = [
  { label: 'ASCII letters', chars: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' },
  { label: 'digits', chars: '0123456789' },
  { label: 'Latin-1 letters', chars: 'éÀñßøÜçÅë' },
  { label: 'letters beyond Latin-1', chars: 'ŁőŽЖяΩλ' },
  { label: 'name punctuation', chars: "'-.," },
];
const ALL_VALUE_CHARS = VALUE_CLASSES.flatMap((c) => [...c.chars]);

const repeat = (chars: string, n: number): string =>
  Array.from({ length: n }, (_, i) => [...chars][i % [...chars].length]).join('');

export function propertyValueDomain(): { valid: DomainSide<string>; invalid: DomainSide<unknown> } {
  if (VALUE_TYPE !== 'string')
    throw new Error(`values[].value is no longer a string in the schema: ${VALUE_TYPE}`);
  const max = TEXT_VALUE_MAX;
  const classes = (name: string) => VALUE_CLASSES.find((c) => c.label === name)?.chars ?? '';
  const valid: Case<string>[] = [
    { label: '1 character (the shortest non-empty value)', value: 'Q' },
    { label: `${max} ASCII characters (the promised upper bound)`, value: repeat('Abcdefghij', max) },
    {
      label: `${max} Latin-1 letters (${max} characters, ${2 * max} UTF-8 bytes)`,
      value: repeat(classes('Latin-1 letters'), max),
    },
    { label: `${max} letters beyond Latin-1`, value: repeat(classes('letters beyond Latin-1'), max) },
    { label: 'an apostrophe inside', value: "O'Brien" },
    { label: 'a hyphen, a period and a comma', value: 'Smith-Jones, Jr.' },
    { label: 'spaces inside', value: 'Mary Ann de la Cruz' },
    { label: 'digits only', value: '0123456789' },
    { label: 'letters beyond Latin-1 among ASCII', value: 'Łukasz Żółć Жанна' },
  ];
  // Random: 1..max characters of every class, spaces only inside (never first or last, never two).
  const word = fc.string({ unit: fc.constantFrom(...ALL_VALUE_CHARS), minLength: 1, maxLength: 12 });
  const random = fc
    .array(word, { minLength: 1, maxLength: 4 })
    .map((words) => words.join(' ').slice(0, max).trimEnd())
    .filter((v) => v.length > 0);
  const rule = `details[].properties[].values[].value: a "String" (free text, up to ${max} characters as the config promises, letters with diacritics included)`;
  const invalid: Case<unknown>[] = [
    { label: 'a number', value: 0 },
    { label: 'a negative number with a fraction', value: -1.5 },
    { label: 'true', value: true },
    { label: 'null', value: null },
    { label: 'an array of one string', value: ['x'] },
    { label: 'an object', value: { value: 'x' } },
  ];
  const notAString = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  );
  return {
    valid: {
      id: 'property-value/valid',
      rule,
      outcome: 'accepted, and details reads it back exactly',
      boundary: valid,
      random,
    },
    invalid: {
      id: 'property-value/invalid',
      rule: 'details[].properties[].values[].value is a "String": any other JSON type breaks the table',
      outcome: 'refused with non-empty errors',
      boundary: invalid,
      random: notAString,
    },
  };
}

// ---------------------------------------------------------------- logins (setdetails)

/** Reserved hosts (RFC 2606) under a label of the run's own: a login name no one else holds or reads. */
export function reservedHosts(run: string): string[] {
  const label =
    run
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .slice(0, 40) || 'run';
  return ['example.com', 'example.org', 'example.net'].map((d) => `${label}.${d}`);
}

/**
 * The logins' names: e-mail addresses, as the page's example ("customer11@1to1service.com", type
 * Email). Local parts of lower-case letters and digits with . - _ + between them (never first, last
 * or doubled: every address validator takes these); upper case is left out (a target may fold it).
 */
export function loginNameDomain(run: string): { valid: DomainSide<string> } {
  const hosts = reservedHosts(run);
  const at = (local: string, i: number) => `${local}@${hosts[i % hosts.length]}`;
  const boundary: Case<string>[] = [
    { label: 'a one-character local part', value: at('a', 0) },
    { label: 'a "+" tag in the local part', value: at('first+tag', 1) },
    { label: 'dots inside the local part', value: at('first.middle.last', 2) },
    { label: 'a hyphen and an underscore', value: at('first-last_name', 0) },
    { label: 'digits only', value: at('0123456789', 1) },
    { label: 'a 30-character local part', value: at('abcdefghijklmnopqrstuvwxyz0123', 2) },
  ];
  const atom = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
    minLength: 1,
    maxLength: 8,
  });
  const random = fc
    .tuple(atom, fc.array(fc.tuple(fc.constantFrom('.', '-', '_', '+'), atom), { maxLength: 2 }), fc.nat())
    .map(([first, rest, h]) => at(first + rest.map(([sep, a]) => sep + a).join(''), h));
  return {
    valid: {
      id: 'login-name/valid',
      rule: 'details[].logins[].name: "The vale for the login", an e-mail address as the example\'s (saved with setLogins true)',
      outcome: 'accepted, and details reads back exactly the logins sent',
      boundary,
      random,
    },
  };
}

/** Login types outside the table's list ("blank, email, bounced, or Google"). */
export function loginTypeDomain(): { invalid: DomainSide<string> } {
  const boundary: Case<string>[] = [
    { label: 'a listed type with a letter more', value: 'emails' },
    { label: 'a listed type with a digit after it', value: 'Google2' },
    { label: 'a listed type with a letter less', value: 'bounce' },
    { label: 'a hyphenated spelling', value: 'e-mail' },
    { label: 'another kind of login', value: 'phone' },
  ];
  const random = fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzEGB0123456789-_'),
      minLength: 1,
      maxLength: 10,
    })
    .filter((t) => !isListedLoginType(t));
  return {
    invalid: {
      id: 'login-type/invalid',
      rule: 'details[].logins[].type: "The type of login (blank, email, bounced, or Google)"; any other type breaks the table',
      outcome: 'refused with non-empty errors',
      boundary,
      random,
    },
  };
}

// ---------------------------------------------------------------- membership

/**
 * The membership the form sends: any subset of the configured segments, in any order ("the segment
 * membership selected for the user"; segments outside the configured ones are kept by the suite).
 * An undocumented segment ID is left out: what it gets is not on the page (an open point with no
 * reading), so no outcome could be judged.
 */
export function membershipDomain(segments: readonly string[]): { valid: DomainSide<string[]> } {
  const segs = [...segments];
  const boundary: Case<string[]>[] = [
    { label: 'none of the configured segments', value: [] },
    ...segs.map((s) => ({ label: `only segment ${JSON.stringify(s)}`, value: [s] })),
    { label: 'every configured segment', value: segs },
    { label: 'every configured segment, in reverse order', value: [...segs].reverse() },
  ];
  return {
    valid: {
      id: 'membership/valid',
      rule: 'membership: "the segment membership selected for the user"; the form sends the whole membership',
      outcome: 'accepted, and details reads back exactly that membership',
      boundary,
      random: fc.shuffledSubarray(segs),
    },
  };
}

// ---------------------------------------------------------------- the login form (webapp-api-login)

export interface LoginForm {
  emailAddress: string;
  password: string;
}

/**
 * Wrong or malformed logins: required fields left empty, an address without "@", and accounts no
 * one has (addresses under the run's reserved hosts, random passwords). Never an existing account:
 * a wrong password counts toward its lockout.
 */
export function loginFormDomain(run: string): { refused: DomainSide<LoginForm> } {
  const hosts = reservedHosts(run);
  const nobody = (local: string, i = 0) => `${local}@${hosts[i % hosts.length]}`;
  const boundary: Case<LoginForm>[] = [
    { label: 'an account no one has', value: { emailAddress: nobody('nobody'), password: 'Wrong-pass-1' } },
    { label: 'an empty Password', value: { emailAddress: nobody('nobody', 1), password: '' } },
    { label: 'an empty emailAddress', value: { emailAddress: '', password: 'Wrong-pass-2' } },
    {
      label: 'an emailAddress without "@"',
      value: { emailAddress: `nobody.${hosts[2]}`, password: 'Wrong-pass-3' },
    },
  ];
  const printable = fc.constantFrom(
    ...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)),
  );
  const random = fc
    .tuple(
      fc.string({
        unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
        minLength: 1,
        maxLength: 12,
      }),
      fc.nat(),
      fc.string({ unit: printable, minLength: 1, maxLength: 24 }),
    )
    .map(([local, h, password]) => ({ emailAddress: nobody(`nobody.${local}`, h), password }));
  return {
    refused: {
      id: 'login-form/refused',
      rule: `webapp-api-login: form fields ${LOGIN_FIELDS.join(' and ')} (both required); a login that names no account, or is malformed, fails`,
      outcome: 'refused: a failed login answers with errors[0]',
      boundary,
      random,
    },
  };
}
