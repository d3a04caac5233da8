// The input domains of "modify account details" (issue 12): for each documented input, the values
// the page accepts and the values it refuses, each side labelled with the page's rule and outcome,
// boundary values first (each side of each bound, each character class), then random ones. Read from
// the request schema (schemas/textmarketer/modify-request.schema.json: the credential pattern,
// company_name's minLength/maxLength, the UK mobile pattern), never a second copy. Pure: no I/O.
//
// Fair on any target: a valid value is one every correct implementation accepts, an invalid one a
// value every correct implementation refuses with the documented code. Left out on purpose:
// - an empty field (an optional field sent empty may read as "not sent": the page does not say);
// - whitespace at either end of a company name or an email (trimming such input is common, and XML
//   readers trim text), characters beyond ISO-8859-1 (the answers are ISO-8859-1 and the
//   requestCharset reading may be iso-8859-1) and control characters;
// - email forms the RFCs admit but validators differ on (quoted local parts, comments, IP literals,
//   dotless domains, non-ASCII) and mobile forms a lenient reading may accept ("+44 (0)7…", dashes).
// Values that could reach people stay where nobody is reached: the tester's own addresses and numbers
// (config notificationEmails / notificationMobiles), else example.com/.org/.net and Ofcom's drama
// ranges (mobile 07700 900000-900999; landline 01632 960xxx, 020 7946 0xxx; freephone 0808 157 0xxx),
// and the US 555-01xx fiction range.
import requestSchema from '../../schemas/textmarketer/modify-request.schema.json' with { type: 'json' };
import {
  type Case,
  type DomainSide,
  expandClass,
  FOREIGN_CHARACTERS,
  fc,
  parseClassPattern,
} from '../../src/generate.ts';

type Sides = { valid: DomainSide<string>; invalid: DomainSide<string> };

// ------------------------------------------------------------------ small pure helpers

/** `n` characters stepping through `chars` from `offset` by `stride`: a deterministic value of a class. */
const fill = (chars: readonly string[], n: number, offset = 0, stride = 1): string =>
  Array.from({ length: n }, (_, i) => chars[(i * stride + offset) % chars.length]).join('');

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

/** A string of `unit` characters whose first and last are never a space (see the header). */
const noEdgeSpace = (unit: fc.Arbitrary<string>, minLength: number, maxLength: number) =>
  fc.string({ unit, minLength, maxLength }).map((s) => s.replace(/^ | $/g, '_'));

/** Cuts a list of characters into values of at most `max` characters (each at least `min`). */
function chunks(chars: readonly string[], min: number, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out.map((s) => (s.length < min ? s.padEnd(min, 'x') : s));
}

// ------------------------------------------------------------------ the four credential fields

/** The schema's credential rule: `^[A-Za-z0-9_-]{5,20}$` → class body and bounds. */
export const CREDENTIAL = parseClassPattern(requestSchema.$defs.credential.pattern);
const CLASS = expandClass(CREDENTIAL.chars);
const ALNUM = CLASS.filter((c) => /[A-Za-z0-9]/.test(c));
const inClass = new RegExp(`^[${CREDENTIAL.chars}]$`, 'u');

/**
 * Characters the credential rule refuses that are fair to send anywhere: a space, ASCII punctuation
 * and Latin-1 letters (the page's "no accented letters"); none beyond ISO-8859-1.
 */
export const CREDENTIAL_FOREIGN: readonly string[] = FOREIGN_CHARACTERS.flatMap((f) => [...f.chars]).filter(
  (c) => (c.codePointAt(0) ?? 0) <= 0xff && !inClass.test(c),
);

export interface CredentialDomains {
  /** 5 to 20 characters: accepted and shown (TMR-…-LENGTH). */
  lengthValid: DomainSide<string>;
  /** Fewer than 5 or more than 20 characters of the class: error 4 (TMR-…-LENGTH). */
  lengthInvalid: DomainSide<string>;
  /** Each character class alone and mixed, lengths inside the bounds: accepted and shown (TMR-…-PATTERN). */
  patternValid: DomainSide<string>;
  /** One foreign character, length inside the bounds: error 5 (TMR-…-PATTERN). */
  patternInvalid: DomainSide<string>;
}

/** Strides coprime with every class size (10, 26, 52, 62, 64) and extra lengths: passwords longest. */
const FIELD_SPREAD: Record<string, { stride: number; extra: number }> = {
  account_username: { stride: 1, extra: 0 },
  account_api_username: { stride: 3, extra: 3 },
  account_password: { stride: 7, extra: 8 },
  account_api_password: { stride: 9, extra: 11 },
};
const fillBase = fill;

/**
 * The sides of one credential field. The length sides stay on letters and digits and the pattern
 * sides strictly inside the bounds (6 to 19 characters), so a target wrong on one rule fails that
 * rule's requirement only (and a Latin-1 letter inside 19 characters is still 20 UTF-8 bytes).
 */
export function credentialDomains(field: string): CredentialDomains {
  const { min, max } = CREDENTIAL;
  // Each field its own boundary values (its own stride through the class, its own lengths): a
  // password is a secret masked in every later exchange, so no username value may contain one.
  const { stride, extra } = FIELD_SPREAD[field] ?? { stride: 1, extra: 0 };
  const fill = (chars: readonly string[], n: number, offset = 0) => fillBase(chars, n, offset, stride);
  // fast-check slips JavaScript property names ("valueOf", "length") into its strings: fine probes for
  // a username, but a password masks every later exchange holding it, so passwords go without them.
  const str = (c: fc.StringConstraints) =>
    field.endsWith('password') ? fc.noBias(fc.string(c)) : fc.string(c);
  const lengthRule = `${min} to ${max} characters inclusive ("Between ${min} and ${max} characters, inclusive.")`;
  const patternRule = `only A-Z a-z 0-9 '-' '_' ("Alpha-numeric (no accented letters), '-' and '_' characters")`;
  const accepted = 'accepted and shown (the answer or a read-back holds the new value)';
  const inner = { min: min + 1, max: max - 1 };
  const alnum = fc.constantFrom(...ALNUM);
  const any = fc.constantFrom(...CLASS);
  const foreign = fc.constantFrom(...CREDENTIAL_FOREIGN);
  const at = (base: string, i: number, ch: string) => `${base.slice(0, i)}${ch}${base.slice(i + 1)}`;
  const base = fill(ALNUM, 8, 10);
  const punctuation = CREDENTIAL_FOREIGN.filter((c) => /[!-~]/.test(c));
  const latin1 = CREDENTIAL_FOREIGN.filter((c) => (c.codePointAt(0) ?? 0) > 0x7f);

  const lengthValid: Case<string>[] = [
    { label: `${min} characters (the lower bound)`, value: fill(ALNUM, min, 3) },
    { label: `${max} characters (the upper bound)`, value: fill(ALNUM, max, 17) },
    { label: `${min + 1} characters`, value: fill(ALNUM, min + 1, 29) },
    { label: `${max - 1} characters`, value: fill(ALNUM, max - 1, 41) },
  ];
  const lengthInvalid: Case<string>[] = [
    { label: `${min - 1} characters (one under the lower bound)`, value: fill(ALNUM, min - 1, 5) },
    { label: `${max + 1} characters (one over the upper bound)`, value: fill(ALNUM, max + 1, 13) },
    { label: '1 character', value: 'a' },
    { label: `${min - 1} characters of '-' and '_'`, value: fill(['-', '_'], min - 1) },
    { label: `${max * 2} characters`, value: fill(CLASS, max * 2, 7) },
  ];
  const classes: { label: string; chars: string[] }[] = [
    { label: 'letters only', chars: CLASS.filter((c) => /[A-Za-z]/.test(c)) },
    { label: 'upper-case letters only', chars: CLASS.filter((c) => /[A-Z]/.test(c)) },
    { label: 'lower-case letters only', chars: CLASS.filter((c) => /[a-z]/.test(c)) },
    { label: 'digits only', chars: CLASS.filter((c) => /[0-9]/.test(c)) },
    ...CLASS.filter((c) => !/[A-Za-z0-9]/.test(c)).map((c) => ({
      label: `only ${JSON.stringify(c)}`,
      chars: [c],
    })),
    { label: "'-' and '_' only", chars: CLASS.filter((c) => !/[A-Za-z0-9]/.test(c)) },
    { label: 'every allowed character kind', chars: CLASS },
  ];
  const patternValid: Case<string>[] = classes.map((k, i) => ({
    label: `${k.label}, ${inner.min + extra + (i % 3)} characters`,
    value: fill(k.chars, inner.min + extra + (i % 3), i * 7),
  }));
  patternValid.push({ label: "starting with '-' and ending with '_'", value: `-${fill(ALNUM, 6, 3)}_` });
  const patternInvalid: Case<string>[] = [
    { label: 'a space inside', value: at(base, 4, ' ') },
    { label: 'a space at the start', value: ` ${base.slice(1)}` },
    { label: 'a space at the end', value: `${base.slice(0, -1)} ` },
    ...['!', '.', '@', '+', '&']
      .filter((c) => punctuation.includes(c))
      .map((c) => ({ label: `${JSON.stringify(c)} inside`, value: at(base, 3, c) })),
    ...latin1.slice(0, 1).map((c) => ({ label: `the Latin-1 letter ${c} inside`, value: at(base, 5, c) })),
    { label: `a Latin-1 letter in ${inner.max} characters`, value: at(fill(ALNUM, inner.max, 2), 9, 'é') },
  ];

  return {
    lengthValid: {
      id: `${field}/length-valid`,
      rule: lengthRule,
      outcome: accepted,
      boundary: lengthValid,
      random: str({ unit: alnum, minLength: min, maxLength: max }),
    },
    lengthInvalid: {
      id: `${field}/length-invalid`,
      rule: lengthRule,
      outcome: 'refused with error 4',
      boundary: lengthInvalid,
      random: fc.oneof(
        str({ unit: any, minLength: 1, maxLength: min - 1 }),
        str({ unit: any, minLength: max + 1, maxLength: max + 20 }),
      ),
    },
    patternValid: {
      id: `${field}/pattern-valid`,
      rule: patternRule,
      outcome: accepted,
      boundary: patternValid,
      random: str({ unit: any, minLength: inner.min, maxLength: inner.max }),
    },
    patternInvalid: {
      id: `${field}/pattern-invalid`,
      rule: patternRule,
      outcome: 'refused with error 5',
      boundary: patternInvalid,
      random: fc
        .tuple(str({ unit: any, minLength: inner.min, maxLength: inner.max }), fc.nat(), foreign)
        .map(([s, i, ch]) => at(s, i % s.length, ch)),
    },
  };
}

// ------------------------------------------------------------------ company_name

export const COMPANY = {
  min: requestSchema.properties.company_name.minLength,
  max: requestSchema.properties.company_name.maxLength,
};
/** Printable ASCII, space included (never at either end). */
const ASCII = range(0x20, 0x7e);
/** Printable Latin-1 beyond ASCII: no-break space and soft hyphen left out (readers trim or drop them). */
const LATIN1 = range(0xa1, 0xff).filter((c) => c !== '\u00ad');
const LATIN1_LETTERS = range(0xc0, 0xff).filter((c) => c !== '×' && c !== '÷');

export interface CompanyDomains {
  /** 3 to 40 characters of ASCII and Latin-1: accepted (TMR-COMPANY-LENGTH). */
  lengthValid: DomainSide<string>;
  /** Fewer than 3 or more than 40 characters: error 4 (TMR-COMPANY-LENGTH). */
  lengthInvalid: DomainSide<string>;
  /** "No special restrictions": any printable ASCII comes back exactly as sent (TMR-COMPANY-SPECIAL-CHARS). */
  ascii: DomainSide<string>;
  /** Latin-1 letters and signs come back exactly as sent (TMR-NONASCII-ROUNDTRIP). */
  latin1: DomainSide<string>;
}

/**
 * The sides of company_name. Lengths are in characters: a 40-character name of Latin-1 letters is
 * 80 UTF-8 bytes and must be accepted. The ASCII and Latin-1 sides stay inside the bounds (4 to 39
 * characters; Latin-1 ones at most 20, i.e. 40 UTF-8 bytes) so a length fault fails TMR-COMPANY-LENGTH
 * only, and an encoding fault fails TMR-NONASCII-ROUNDTRIP only.
 */
export function companyDomains(): CompanyDomains {
  const { min, max } = COMPANY;
  const rule = `${min} to ${max} characters inclusive, "No special restrictions."`;
  const both = fc.constantFrom(...ASCII, ...LATIN1);
  const letters = fill(range(0x41, 0x5a), max, 0);
  const latinLetters = fill(LATIN1_LETTERS, max, 0);
  const punctuation = ASCII.filter((c) => /[^A-Za-z0-9 ]/.test(c));
  const latin1Values = chunks(LATIN1, min + 1, 20);
  return {
    lengthValid: {
      id: 'company_name/length-valid',
      rule,
      outcome: 'accepted',
      boundary: [
        { label: `${min} characters (the lower bound)`, value: letters.slice(0, min) },
        { label: `${max} characters (the upper bound)`, value: letters },
        { label: `${min} Latin-1 letters (${min * 2} UTF-8 bytes)`, value: latinLetters.slice(0, min) },
        { label: `${max} Latin-1 letters (${max * 2} UTF-8 bytes)`, value: latinLetters },
        {
          label: `${max} characters with markup and Latin-1`,
          value: `<Café & "Zoë">${fill(ASCII.slice(1), max - 14, 33)}`,
        },
      ],
      random: noEdgeSpace(both, min, max),
    },
    lengthInvalid: {
      id: 'company_name/length-invalid',
      rule,
      outcome: 'refused with error 4',
      boundary: [
        { label: `${min - 1} characters (one under the lower bound)`, value: letters.slice(0, min - 1) },
        { label: `${max + 1} characters (one over the upper bound)`, value: `${letters}Z` },
        { label: `${min - 1} Latin-1 letters`, value: latinLetters.slice(0, min - 1) },
        { label: `${max + 1} Latin-1 letters`, value: `${latinLetters}é` },
        { label: '1 character', value: 'Q' },
      ],
      random: fc.oneof(noEdgeSpace(both, 1, min - 1), noEdgeSpace(both, max + 1, max + 20)),
    },
    ascii: {
      id: 'company_name/ascii',
      rule: `"No special restrictions." (printable ASCII, ${min + 1} to ${max - 1} characters)`,
      outcome: 'accepted and shown exactly as sent',
      boundary: [
        ...chunks(punctuation, min + 1, max - 1).map((value, i) => ({
          label: `ASCII punctuation, part ${i + 1}`,
          value,
        })),
        { label: 'markup', value: '<b>Bill</b> & "Co" <!-- x -->' },
        { label: 'an entity written out', value: 'Bill &amp; Co &#233; &lt;' },
        { label: 'two spaces inside', value: 'Bill  and  Co' },
        { label: 'digits only', value: '0123456789' },
      ],
      random: noEdgeSpace(fc.constantFrom(...ASCII), min + 1, max - 1),
    },
    latin1: {
      id: 'company_name/latin1',
      rule: `"No special restrictions." (Latin-1 letters and signs, ${min + 1} to 20 characters)`,
      outcome: 'accepted and shown exactly as sent (in the declared ISO-8859-1)',
      boundary: latin1Values.map((value, i) => ({ label: `Latin-1 characters, part ${i + 1}`, value })),
      // Latin-1 with ASCII letters, digits and spaces only: markup is TMR-COMPANY-SPECIAL-CHARS' business.
      random: noEdgeSpace(
        fc.constantFrom(...LATIN1, ...ASCII.filter((c) => /[A-Za-z0-9 ]/.test(c))),
        min + 1,
        20,
      ),
    },
  };
}

// ------------------------------------------------------------------ notification email

const EXAMPLE_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
// An atom starts with a letter or digit: every validator takes those (some refuse a leading '-' or '+').
const atom = fc
  .tuple(
    fc.constantFrom(...ALNUM),
    fc.string({ unit: fc.constantFrom(...ALNUM, '_', '-', '+'), maxLength: 7 }),
  )
  .map(([first, rest]) => `${first}${rest}`);
const exampleDomain = fc
  .tuple(
    fc.option(fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/), { nil: undefined }),
    fc.constantFrom(...EXAMPLE_DOMAINS),
    fc.boolean(),
  )
  .map(([sub, d, upper]) => {
    const domain = sub ? `${sub}.${d}` : d;
    return upper ? domain.toUpperCase() : domain;
  });
const localPart = fc.array(atom, { minLength: 1, maxLength: 3 }).map((a) => a.join('.'));

/** Breaks an address in one way every correct validator refuses. */
const BREAKS: readonly { label: string; apply: (local: string, domain: string) => string }[] = [
  { label: "no '@'", apply: (l, d) => `${l}.${d}` },
  { label: "two '@'", apply: (l, d) => `${l}@@${d}` },
  { label: "an '@' in the local part", apply: (l, d) => `${l}@x@${d}` },
  { label: 'an empty local part', apply: (_l, d) => `@${d}` },
  { label: 'no domain', apply: (l) => `${l}@` },
  { label: 'a space in the local part', apply: (l, d) => `${l} x@${d}` },
  { label: 'a space in the domain', apply: (l, d) => `${l}@x ${d}` },
  { label: 'a leading dot', apply: (l, d) => `.${l}@${d}` },
  { label: 'a trailing dot in the local part', apply: (l, d) => `${l}.@${d}` },
  { label: 'two dots in a row', apply: (l, d) => `${l}..x@${d}` },
  { label: 'an empty domain label', apply: (l, d) => `${l}@x..${d}` },
  { label: "a domain label starting with '-'", apply: (l, d) => `${l}@-x.${d}` },
  ...[',', ';', ':', '<', '>', '[', ']', '\\'].map((c) => ({
    label: `${JSON.stringify(c)} in the local part`,
    apply: (l: string, d: string) => `${l}${c}x@${d}`,
  })),
];

/**
 * The notification email. Valid: with addresses the tester owns, those addresses with a plus tag or
 * the domain in capitals (what hand-picked TMR-EMAIL-FORMS sends); else dot-atoms at
 * example.com/.org/.net (reserved: they reach nobody). Invalid: an address broken one way, at example.com.
 */
export function emailDomains(owned?: readonly string[]): Sides {
  const rule = '"Must be a valid email address."';
  let valid: Case<string>[];
  let random: fc.Arbitrary<string>;
  if (owned && owned.length > 0) {
    const parts = owned.map((o) => {
      const at = o.lastIndexOf('@');
      return { local: o.slice(0, at), domain: o.slice(at + 1) };
    });
    valid = parts.flatMap(({ local, domain }) => [
      { label: 'an address you own', value: `${local}@${domain}` },
      { label: 'the domain in capitals', value: `${local}@${domain.toUpperCase()}` },
      { label: 'a plus tag', value: `${local}+tm-gen@${domain}` },
    ]);
    random = fc
      .tuple(fc.constantFrom(...parts), fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.boolean())
      .map(([p, tag, upper]) => `${p.local}+${tag}@${upper ? p.domain.toUpperCase() : p.domain}`);
  } else {
    valid = [
      { label: 'a one-character local part', value: 'a@example.com' },
      { label: 'dots in the local part', value: 'first.last@example.com' },
      { label: 'a plus tag', value: 'first+tag@example.org' },
      { label: "'_' and '-' in the local part", value: 'first_last-x@example.net' },
      { label: 'digits only', value: '1234567@example.com' },
      { label: 'capitals', value: 'First.Last@Example.COM' },
      { label: 'a subdomain', value: 'alerts@mail.example.com' },
      { label: "a '-' inside a domain label", value: 'alerts@mail-1.example.org' },
    ];
    random = fc.tuple(localPart, exampleDomain).map(([l, d]) => `${l}@${d}`);
  }
  const invalid: Case<string>[] = BREAKS.map((b) => ({
    label: b.label,
    value: b.apply('alerts', 'example.com'),
  }));
  return {
    valid: { id: 'notification_email/valid', rule, outcome: 'accepted', boundary: valid, random },
    invalid: {
      id: 'notification_email/invalid',
      rule,
      outcome: 'refused with error 2',
      boundary: invalid,
      random: fc
        .tuple(localPart, fc.constantFrom(...EXAMPLE_DOMAINS), fc.constantFrom(...BREAKS))
        .map(([l, d, b]) => b.apply(l, d)),
    },
  };
}

// ------------------------------------------------------------------ notification UK mobile

/** The schema's UK mobile rule, to check the generated values against (test). */
export const UK_MOBILE = requestSchema.$defs.ukMobile.pattern;

/**
 * The written forms of a UK mobile every correct reading accepts (all admitted by the schema's
 * pattern): international with and without '+', national, and the usual spacings. "44 7…" (bare 44
 * and a space) is left out: no convention writes it.
 */
export const MOBILE_FORMS: readonly { label: string; form: (national: string) => string }[] = [
  { label: '447…', form: (n) => `44${n}` },
  { label: '+447…', form: (n) => `+44${n}` },
  { label: '07…', form: (n) => `0${n}` },
  { label: "'07xxx xxxxxx'", form: (n) => `0${n.slice(0, 4)} ${n.slice(4)}` },
  { label: "'+44 7xxx xxxxxx'", form: (n) => `+44 ${n.slice(0, 4)} ${n.slice(4)}` },
  { label: "'+44 7…'", form: (n) => `+44 ${n}` },
];

/** Ofcom's drama range 07700 900000-900999: valid UK mobiles that reach nobody. */
const drama = (i: number) => `7700900${String(i % 1000).padStart(3, '0')}`;

/** Numbers that are not UK mobiles and reach nobody (national significant number, i.e. without 0/44). */
const NOT_MOBILE: readonly { label: string; number: (i: number) => string; national: boolean }[] = [
  {
    label: "a UK landline (Ofcom's drama range 01632 960xxx)",
    number: (i) => `1632960${pad3(i)}`,
    national: true,
  },
  {
    label: 'a London number (drama range 020 7946 0xxx)',
    number: (i) => `2079460${pad3(i)}`,
    national: true,
  },
  {
    label: 'a freephone number (drama range 0808 157 0xxx)',
    number: (i) => `8081570${pad3(i)}`,
    national: true,
  },
  {
    label: 'a US number (555-01xx fiction range)',
    number: (i) => `+1202555${String(100 + (i % 100)).padStart(4, '0')}`,
    national: false,
  },
];
function pad3(i: number): string {
  return String(i % 1000).padStart(3, '0');
}

/**
 * The notification mobile. Valid: the tester's own numbers (config notificationMobiles, 447…) else
 * the drama range, in every written form. Invalid: a number that is not a UK mobile (landline,
 * freephone, foreign) or a drama mobile one digit short or long, or with a letter.
 */
export function mobileDomains(owned?: readonly string[]): Sides {
  const rule = '"Must be a valid UK mobile number."';
  const nationals = owned && owned.length > 0 ? owned.map((m) => m.replace(/^\+?44/, '')) : undefined;
  const numbers = nationals ?? [drama(0), drama(999), drama(123)];
  const valid: Case<string>[] = [
    ...MOBILE_FORMS.map((f, i) => ({
      label: `${f.label}${nationals ? ' (a number you own)' : ' (the drama range)'}`,
      value: f.form(numbers[i % numbers.length] as string),
    })),
    ...(nationals ? [] : [{ label: 'the drama range upper end', value: `0${drama(999)}` }]),
  ];
  const number = nationals ? fc.constantFrom(...nationals) : fc.integer({ min: 0, max: 999 }).map(drama);
  const ukForms = (n: string) => [`0${n}`, `44${n}`, `+44${n}`, `0${n.slice(0, 4)} ${n.slice(4)}`];
  const invalid: Case<string>[] = [
    ...NOT_MOBILE.map((k, i) => {
      const n = k.number(123);
      return { label: k.label, value: k.national ? (ukForms(n)[i % 4] as string) : n };
    }),
    { label: 'a drama mobile one digit short (07…)', value: `0${drama(123).slice(0, -1)}` },
    { label: 'a drama mobile one digit long (07…)', value: `0${drama(123)}4` },
    { label: 'a drama mobile one digit short (+447…)', value: `+44${drama(123).slice(0, -1)}` },
    { label: 'a drama mobile one digit long (447…)', value: `44${drama(123)}4` },
    { label: 'a letter in place of a digit', value: `0${drama(123).slice(0, -1)}A` },
  ];
  const notMobile = fc.tuple(fc.constantFrom(...NOT_MOBILE), fc.nat(999), fc.nat(3)).map(([k, i, f]) => {
    const n = k.number(i);
    return k.national ? (ukForms(n)[f] as string) : n;
  });
  const wrongLength = fc
    .tuple(fc.nat(999), fc.boolean(), fc.nat(9), fc.nat(2))
    .map(([i, short, digit, f]) => {
      const n = short ? drama(i).slice(0, -1) : `${drama(i)}${digit}`;
      return [`0${n}`, `44${n}`, `+44${n}`][f] as string;
    });
  return {
    valid: {
      id: 'notification_mobile/valid',
      rule,
      outcome: 'accepted',
      boundary: valid,
      random: fc.tuple(number, fc.constantFrom(...MOBILE_FORMS)).map(([n, f]) => f.form(n)),
    },
    invalid: {
      id: 'notification_mobile/invalid',
      rule,
      outcome: 'refused with error 3',
      boundary: invalid,
      random: fc.oneof(notMobile, wrongLength),
    },
  };
}
