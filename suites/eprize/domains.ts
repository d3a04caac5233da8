// ePrize's input domains (src/generate.ts): each documented input of the create-profile page, a side
// the page accepts and a side it refuses, each with the rule it exercises and the documented outcome.
// Pure: no I/O, no run state. The rules come from the schemas the suite already holds (the key-name
// pattern of create-request.schema.json, the field-error codes of field-errors-response.schema.json)
// and from the promotion's own rules in the target config (its size limits, its free-text key, its
// unique-value template), never from a second copy.
//
// What every value must be: one that EVERY correct implementation answers as the side says. So the
// valid sides keep to what the page and the config promise: key names of at most 32 characters (the
// page sets no length; a promotion may store keys in columns), values of a size-limited key in
// characters the config already vouches for ("x", as the hand-picked EPZ-SIZE-LIMIT sends) except the
// free-text key (config textKey), whose values are letters, digits, hyphens and single inner spaces
// (no leading or trailing space: a key:value line may be trimmed, the peer does), precomposed (NFC),
// inside the Basic Multilingual Plane (a character outside it is two UTF-16 units: "characters" would
// be ambiguous), 2 bytes each at most in UTF-8.
import requestSchema from '../../schemas/eprize/create-request.schema.json' with { type: 'json' };
import fieldErrorsSchema from '../../schemas/eprize/field-errors-response.schema.json' with { type: 'json' };
import { type Case, type DomainSide, expandClass, FOREIGN_CHARACTERS, fc } from '../../src/generate.ts';
import { uniqueValue } from './config.ts';

/** The page's key-name rule, as the request schema holds it: `^[first][rest]*$`. */
export const KEY_NAME_PATTERN: string = requestSchema.propertyNames.pattern;

/** The field-error codes the page documents (VALIDATION, NULL), as the 400 schema holds them. */
export const FIELD_ERROR_CODES: readonly string[] = fieldErrorsSchema.$defs.field.properties.error.enum;

const ERRORS = FIELD_ERROR_CODES.join(' or ');

/** The two classes of a `^[first][rest]*$` pattern. */
export function parseKeyNamePattern(pattern: string): { first: string; rest: string } {
  const m = /^\^\[((?:\\.|[^\]\\])+)\]\[((?:\\.|[^\]\\])+)\]\*\$$/.exec(pattern);
  if (!m?.[1] || !m[2]) throw new Error(`not a ^[first][rest]*$ pattern: ${pattern}`);
  return { first: m[1], rest: m[2] };
}

/** The longest key name the valid side sends: the page sets no length, a promotion may store keys in columns. */
export const KEY_NAME_MAX = 32;

const KEY_NAME_RULE =
  'a key name must begin with a letter and consist of only lowercase ASCII letters, numbers and underscores';

/**
 * Characters that break the key-name rule and still leave a request every encoding carries as one
 * pair: never ":" (the key:value separator), "," (the page's pair separator), a line break or a
 * control character; a space only inside the name (a line may be trimmed).
 */
export const KEY_NAME_FOREIGN: readonly { label: string; chars: string }[] = [
  { label: 'an uppercase ASCII letter', chars: 'QZA' },
  { label: 'a hyphen', chars: '-' },
  { label: 'a dot', chars: '.' },
  { label: 'a space', chars: ' ' },
  ...FOREIGN_CHARACTERS.filter((f) => f.chars !== ' ').map((f) => ({
    label: f.label,
    chars: [...f.chars].filter((c) => c !== ':' && c !== ',').join(''),
  })),
];

export interface KeyNameDomains {
  /** Names the rule admits: taken as additional pairs. */
  valid: DomainSide<string>;
  /** Names that do not begin with a letter (a digit or an underscore first, the rest as the rule says). */
  start: DomainSide<string>;
  /** Names that begin with a letter and hold one character the rule refuses. */
  chars: DomainSide<string>;
}

/**
 * Key names. `reserved`: names the valid side never sends (the promotion's own keys, whose values it
 * validates, and `id`, the profile's own element). `refusedOutcome`: the invalid sides' outcome, as
 * the reading badKeyNames words it (the page states the rule, not the answer).
 */
export function keyNameDomains(o: { reserved: readonly string[]; refusedOutcome: string }): KeyNameDomains {
  const { first, rest } = parseKeyNamePattern(KEY_NAME_PATTERN);
  const firsts = expandClass(first);
  const rests = expandClass(rest);
  const re = new RegExp(KEY_NAME_PATTERN);
  const reserved = new Set([...o.reserved, 'id']);
  const letters = rests.filter((c) => firsts.includes(c));
  const others = rests.filter((c) => !firsts.includes(c));
  const digits = others.filter((c) => /[0-9]/.test(c));
  const signs = others.filter((c) => !/[0-9]/.test(c));
  // From the end of the alphabet: short names such as "a", "id" or "email" are someone's real keys.
  const z = firsts[firsts.length - 1] ?? 'z';
  const fill = (chars: readonly string[], n: number, offset = 0) =>
    Array.from({ length: n }, (_, i) => chars[(i + offset) % chars.length]).join('');
  const valid: Case<string>[] = [
    { label: 'one letter (the shortest name)', value: z },
    { label: 'letters only', value: `${z}${fill([...letters].reverse(), 7)}` },
    ...(digits.length ? [{ label: 'a letter, then digits only', value: `${z}${fill(digits, 10)}` }] : []),
    ...signs.map((s) => ({ label: `a letter, then only ${JSON.stringify(s)}`, value: `${z}${s}${s}` })),
    {
      label: `${KEY_NAME_MAX} characters, every class of the rule`,
      value: `${z}${fill([...letters.slice(-3), ...digits.slice(0, 3), ...signs], KEY_NAME_MAX - 1, 1)}`,
    },
  ].filter((c) => !reserved.has(c.value));
  const restString = (min: number, max: number) =>
    fc.string({ unit: fc.constantFrom(...rests), minLength: min, maxLength: max });
  const validRandom = fc
    .tuple(fc.constantFrom(...firsts), restString(0, KEY_NAME_MAX - 1))
    .map(([a, b]) => `${a}${b}`)
    .filter((n) => !reserved.has(n));

  // Begins with something other than a letter the rule admits: a digit or an underscore, the rest valid.
  const badFirsts = rests.filter((c) => !firsts.includes(c));
  const start: Case<string>[] = [
    ...badFirsts
      .filter((c, i) => i === 0 || !/[0-9]/.test(c))
      .map((c) => ({ label: `begins with ${JSON.stringify(c)}`, value: `${c}${fill(letters, 6, 3)}` })),
    { label: 'digits only', value: fill(digits.length ? digits : badFirsts, 4, 2) },
    { label: 'one character, not a letter', value: badFirsts[badFirsts.length - 1] ?? '_' },
  ];
  const startRandom = fc
    .tuple(fc.constantFrom(...badFirsts), restString(0, KEY_NAME_MAX - 1))
    .map(([a, b]) => `${a}${b}`);

  // One character the rule refuses, after the first letter and before the last character.
  const foreign = KEY_NAME_FOREIGN.map((f) => ({
    label: f.label,
    chars: [...f.chars].filter((c) => !re.test(`a${c}`)),
  })).filter((f) => f.chars.length > 0);
  const chars: Case<string>[] = foreign.map((f) => ({
    label: `${f.label} inside`,
    value: `${z}${fill(letters, 3, 5)}${f.chars[0]}${fill(rests, 3, 9)}`,
  }));
  const charsRandom = fc
    .tuple(
      fc.constantFrom(...firsts),
      restString(0, 12),
      fc.constantFrom(...foreign.flatMap((f) => f.chars)),
      restString(1, 12),
    )
    .map(([a, b, c, d]) => `${a}${b}${c}${d}`);

  const side = (
    id: string,
    rule: string,
    outcome: string,
    boundary: Case<string>[],
    random: fc.Arbitrary<string>,
  ) => ({
    id,
    rule,
    outcome,
    boundary,
    random,
  });
  return {
    valid: side(
      'key-name/valid',
      `${KEY_NAME_RULE} (${KEY_NAME_PATTERN}, up to ${KEY_NAME_MAX} characters); "additional key:value pairs may be submitted"`,
      'accepted (2xx), as a letters-only name is',
      valid,
      validRandom,
    ),
    start: side(
      'key-name/start',
      `${KEY_NAME_RULE}: begin with a letter`,
      o.refusedOutcome,
      start,
      startRandom,
    ),
    chars: side(
      'key-name/chars',
      `${KEY_NAME_RULE}: only lowercase ASCII letters, numbers and underscores`,
      o.refusedOutcome,
      chars,
      charsRandom,
    ),
  };
}

// ---------------------------------------------------------------- the unique key

export interface UniqueDomains {
  /** Fresh values in the promotion's template: the counter varies, the run id stays. */
  fresh: DomainSide<string>;
  /**
   * A value this run already created, sent again (`pick` indexes the run's created values, from the
   * oldest; -1 is the newest) with some of the promotion's optional keys (`extras`).
   */
  taken: DomainSide<{ pick: number; extras: string[] }>;
  /** The unique key without a value: empty (`''`) or left out (`null`), with some optional keys. */
  empty: DomainSide<{ value: '' | null; extras: string[] }>;
}

const UNIQUE_RULE =
  'the profile must have a {profile-value} for the unique key and {profile-value} must be unique within the promotion';

/**
 * The unique key: its values are the promotion's business (email, user_name, mobile_phone…), so the
 * fresh side varies only the counter of the configured template ({n}, 0 to 9999: four digits at most,
 * as a user name of the template stays short; {digits} takes it modulo 1000) and keeps the run id,
 * so every profile it creates is recognisably the suite's.
 */
export function uniqueDomains(o: {
  template: string;
  runId: string;
  optionalKeys: readonly string[];
}): UniqueDomains {
  const render = (n: number) => uniqueValue(o.template, o.runId, n);
  const extras = o.optionalKeys.length ? fc.subarray([...o.optionalKeys]) : fc.constant<string[]>([]);
  const all = [...o.optionalKeys];
  return {
    fresh: {
      id: 'unique/fresh',
      rule: `${UNIQUE_RULE}: a value not yet used (config uniqueValueTemplate ${o.template})`,
      outcome: 'accepted (2xx)',
      boundary: [
        { label: 'the counter 0', value: render(0) },
        { label: 'the counter 9999 (the longest the suite sends)', value: render(9999) },
      ],
      random: fc.integer({ min: 0, max: 9999 }).map(render),
    },
    taken: {
      id: 'unique/taken',
      rule: `${UNIQUE_RULE}: a value this run already created`,
      outcome: 'refused with 409 Conflict, duplicate_account',
      boundary: [
        { label: 'the oldest value, alone', value: { pick: 0, extras: [] } },
        { label: 'the newest value, with every optional key', value: { pick: -1, extras: all } },
      ],
      random: fc.record({ pick: fc.nat(), extras }),
    },
    empty: {
      id: 'unique/empty',
      rule: `${UNIQUE_RULE}: no value`,
      outcome: `refused with 400 Bad Request, a field error naming the unique key (${ERRORS})`,
      boundary: [
        { label: 'empty', value: { value: '', extras: [] } },
        { label: 'left out', value: { value: null, extras: [] } },
        { label: 'empty, with every optional key', value: { value: '', extras: all } },
      ],
      random: fc.record({ value: fc.constantFrom<'' | null>('', null), extras }),
    },
  };
}

// ---------------------------------------------------------------- field values

/** Letters of the free-text key: ASCII, Latin-1, and beyond (Latin Extended-A, Greek, Cyrillic): 2 bytes at most in UTF-8. */
export const TEXT_LETTERS = {
  ascii: 'AbcdeFghijKlmnopQrstUvwxYz',
  latin1: 'ëÅÇñßøÉàüÖ',
  beyond: 'ŁżŐščĞΩλЖя',
} as const;
const TEXT_ALL = `${TEXT_LETTERS.ascii}${TEXT_LETTERS.latin1}${TEXT_LETTERS.beyond}0123456789-`;

/** Free text of at most `max` characters: words of letters, digits and hyphens, one space between words. */
export function freeText(max: number, min = 1): fc.Arbitrary<string> {
  const word = fc.string({ unit: fc.constantFrom(...TEXT_ALL), minLength: 1, maxLength: 12 });
  return fc
    .array(word, { minLength: 1, maxLength: 6 })
    .map((ws) => ws.join(' ').slice(0, max).trim())
    .filter((s) => [...s].length >= min);
}

/** `n` characters cycling through `chars`, with a space every `word` characters (never first or last). */
export function textOf(chars: string, n: number, word = 0): string {
  const cs = [...chars];
  return Array.from({ length: n }, (_, i) =>
    word > 0 && i > 0 && i < n - 1 && i % word === 0 ? ' ' : cs[i % cs.length],
  ).join('');
}

export interface ValueDomains {
  /** Every size-limited key at once (one create): lengths within the limit. */
  within: DomainSide<Record<string, string>>;
  /** One key one or more characters over its limit, the others left as the config gives them. */
  over: DomainSide<{ key: string; value: string }>;
  /** The free-text key alone: letters of several scripts, at most half its limit (size is `within`'s business). */
  text: DomainSide<string> | undefined;
}

/**
 * Field values: "the {apikey} may enforce rules on these pairs such as required vs optional, size
 * limits and validation", so the rules are the promotion's (config sizeLimits, in characters; textKey
 * takes free text). Lengths of the valid side run from half the limit to the limit: a promotion's
 * own minimum (the page leaves rules to it) never refuses one.
 */
export function valueDomains(o: {
  limits: Record<string, number>;
  textKey: string | undefined;
}): ValueDomains {
  const keys = Object.keys(o.limits).sort();
  const limit = (k: string) => o.limits[k] ?? 1;
  const low = (k: string) => Math.max(1, Math.ceil(limit(k) / 2));
  const isText = (k: string) => k === o.textKey;
  const each = (f: (k: string, n: number) => string): Record<string, string> =>
    Object.fromEntries(keys.map((k) => [k, f(k, limit(k))]));
  const x = (n: number) => 'x'.repeat(n);
  const hasText = o.textKey !== undefined && keys.includes(o.textKey);
  const sizes = keys.map((k) => `${k} ${limit(k)}`).join(', ');
  const within: Case<Record<string, string>>[] = [
    {
      label: 'every key at its limit, ASCII',
      value: each((k, n) => (isText(k) ? textOf(TEXT_LETTERS.ascii, n) : x(n))),
    },
    ...(hasText
      ? [
          {
            label: `every key at its limit, ${o.textKey} in Latin-1 letters (2 bytes each in UTF-8)`,
            value: each((k, n) => (isText(k) ? textOf(TEXT_LETTERS.latin1, n) : x(n))),
          },
          {
            label: `every key at its limit, ${o.textKey} in letters beyond Latin-1 with spaces`,
            value: each((k, n) => (isText(k) ? textOf(TEXT_LETTERS.beyond, n, 7) : x(n))),
          },
        ]
      : []),
    {
      label: 'every key at half its limit',
      value: each((k) => (isText(k) ? textOf(TEXT_LETTERS.ascii, low(k)) : x(low(k)))),
    },
  ];
  const lengthIn = (k: string, min: number, max: number) =>
    isText(k) ? freeText(max, min) : fc.integer({ min, max }).map(x);
  const withinRandom = fc.record(Object.fromEntries(keys.map((k) => [k, lengthIn(k, low(k), limit(k))])));
  const over: Case<{ key: string; value: string }>[] = keys.flatMap((k) => [
    {
      label: `${k} one character over its limit (${limit(k) + 1})`,
      value: { key: k, value: x(limit(k) + 1) },
    },
    ...(isText(k)
      ? [
          {
            label: `${k} one character over its limit, letters beyond ASCII`,
            value: { key: k, value: textOf(`${TEXT_LETTERS.latin1}${TEXT_LETTERS.beyond}`, limit(k) + 1) },
          },
        ]
      : []),
  ]);
  const overRandom = keys.length
    ? fc
        .constantFrom(...keys)
        .chain((k) =>
          (isText(k)
            ? fc
                .integer({ min: limit(k) + 1, max: limit(k) + 20 })
                .chain((n) => fc.string({ unit: fc.constantFrom(...TEXT_ALL), minLength: n, maxLength: n }))
            : fc.integer({ min: limit(k) + 1, max: limit(k) + 20 }).map(x)
          ).map((value) => ({ key: k, value })),
        )
    : fc.constant({ key: '', value: '' });
  const textMax = o.textKey === undefined ? 0 : Math.max(1, Math.floor((o.limits[o.textKey] ?? 40) / 2));
  return {
    within: {
      id: 'values/within',
      rule: `"the {apikey} may enforce rules on these pairs such as … size limits": at most the limit, in characters (config sizeLimits: ${sizes})`,
      outcome: 'accepted (2xx)',
      boundary: within,
      random: withinRandom,
    },
    over: {
      id: 'values/over',
      rule: `"the {apikey} may enforce rules on these pairs such as … size limits": one character over is a failed validation (config sizeLimits: ${sizes})`,
      outcome: `refused with 400 Bad Request, a field error naming the key (${ERRORS})`,
      boundary: over,
      random: overRandom,
    },
    text:
      o.textKey === undefined
        ? undefined
        : {
            id: 'values/text',
            rule: `UTF-8 everywhere: a safe free-text value (config textKey ${o.textKey}, up to ${textMax} characters) is kept exactly`,
            outcome: 'accepted (2xx) and shown back exactly as sent',
            boundary: [
              { label: 'one letter beyond Latin-1', value: 'Ł' },
              { label: 'Latin-1 letters', value: textOf(TEXT_LETTERS.latin1, Math.min(textMax, 10)) },
              {
                label: 'letters beyond Latin-1 (Latin Extended-A, Greek, Cyrillic)',
                value: textOf(TEXT_LETTERS.beyond, Math.min(textMax, 10)),
              },
              {
                label: 'words of every kind of letter, digits and a hyphen',
                value: freeTextBoundary(textMax),
              },
            ],
            random: freeText(textMax),
          },
  };
}

function freeTextBoundary(max: number): string {
  return 'Łódź Zoë-Ågren 42 Жанна'.slice(0, max).trim();
}
