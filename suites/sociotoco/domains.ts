// Sociotoco's input domains (generated inputs, src/generate.ts): for each input whose form or outcome
// the page (or related.txt) states, the values every correct target accepts and those it refuses,
// each side labelled with the rule and the documented outcome. Pure: built from the configured
// values and the forms the suite already holds (the request schema's patterns, values.ts' UUID).
//
// What the page states, and so what is generated:
// - sig: "send the hex digest as sig" (related.txt; the request schema's pattern holds the digest
//   lengths). Anything but the digest is "210 SignatureInvalid". A wrong signature is made from the
//   right one at send time (it depends on time), so the values are edits of the digest.
// - sid: the page never states a SociotocoId's form; its example is a UUID, and RFC 4122 makes a
//   UUID's hex digits case-insensitive on input (SOC-SID-CASE). Only for a configured sid of UUID
//   form: its letters in any case name the same set; a UUID one digit away from it names no set
//   ("403 SociotocoSetNotFound"). A near neighbour of a sid of another form (a number, a slug) may
//   be someone's real set, so nothing is generated for one.
// - profiles: "A list of profileIDs comma seperated". The page states no form for a profile ID, so
//   the valid lists are made of the configured (existing) profiles only, in any order and number;
//   the invalid lists carry one item that cannot be a profile ID (readings.invalidProfiles, SOC-O9)
//   among configured ones ("406 ProfilesInvalid").
// Left out, because the page gives them no outcome: a time other than now (whether a stale time is
//   refused is open), a time that is not digits and a missing time (no code; readings.missingTime),
//   an empty sig (101 or 210?), a sig in another letter case (readings.sigHexCase), empty items or
//   spaces in profiles (trimmed or refused?), unknown but well-formed profile IDs (SOC-O9), a sid of
//   another form than the configured one (402 or 403?), and keys (the page states no form for a
//   key: readings.invalidKey).
import requestSchema from '../../schemas/sociotoco/setprofiles-request.schema.json' with { type: 'json' };
import { type Case, type DomainSide, fc } from '../../src/generate.ts';
import { UUID } from './values.ts';

// ---------------------------------------------------------------- sig

/** The digest's form as the request schema holds it: `^([0-9a-fA-F]{32}|…|[0-9a-fA-F]{128})$`. */
export function digestForm(pattern: string): { chars: string; lengths: number[] } {
  const m = /^\^\((.+)\)\$$/.exec(pattern);
  const alternatives = (m?.[1] ?? '').split('|').map((a) => /^\[([^\]]+)\]\{(\d+)\}$/.exec(a));
  const chars = alternatives[0]?.[1];
  if (!chars || alternatives.some((a) => !a || a[1] !== chars))
    throw new Error(`not a ^([class]{n}|…)$ pattern: ${pattern}`);
  return { chars, lengths: alternatives.map((a) => Number(a?.[2])) };
}

export const SIG_FORM = digestForm(requestSchema.properties.sig.pattern);

const HEX = '0123456789abcdef';

/**
 * A wrong signature, made from the right digest when the request is sent: one digit changed to
 * another value (`fromEnd` 0 is the last digit), the last `n` digits cut, hex digits appended, one
 * digit replaced by a character that is no hex digit, or a whole other value of a documented length.
 */
export type SigEdit =
  | { edit: 'digit'; fromEnd: number; by: number }
  | { edit: 'cut'; n: number }
  | { edit: 'append'; tail: string }
  | { edit: 'foreign'; fromEnd: number; ch: string }
  | { edit: 'other'; value: string };

/** The sig sent for an edit of the right digest (never the digest, in either letter case). */
export function applySigEdit(e: SigEdit, digest: string): string {
  const upper = digest !== digest.toLowerCase();
  const inCase = (s: string) => (upper ? s.toUpperCase() : s);
  const at = (fromEnd: number) => Math.max(0, digest.length - 1 - fromEnd);
  const put = (i: number, s: string) => `${digest.slice(0, i)}${s}${digest.slice(i + 1)}`;
  switch (e.edit) {
    case 'digit': {
      const i = at(e.fromEnd);
      const value = HEX.indexOf((digest.charAt(i) || '0').toLowerCase());
      // 1 to 15 added: the digit's value changes, not only its case
      return put(i, inCase(HEX.charAt((value + 1 + (e.by % 15)) % 16)));
    }
    case 'cut':
      return digest.slice(0, Math.max(1, digest.length - Math.max(1, e.n)));
    case 'append':
      return `${digest}${inCase(e.tail || '0')}`;
    case 'foreign':
      return put(at(e.fromEnd), e.ch);
    case 'other':
      return e.value;
  }
}

/** Characters that are no hex digit (letters past f, and URL-safe punctuation). */
const NOT_HEX = 'gGzZ-._~';

export function sigInvalidSide(): DomainSide<SigEdit> {
  const { chars, lengths } = SIG_FORM;
  const hexUnit = fc.constantFrom(...HEX);
  const boundary: Case<SigEdit>[] = [
    { label: 'the right digest with its last digit changed', value: { edit: 'digit', fromEnd: 0, by: 0 } },
    {
      label: 'the right digest with its first digit changed',
      value: { edit: 'digit', fromEnd: FIRST, by: 0 },
    },
    { label: 'the right digest one digit short', value: { edit: 'cut', n: 1 } },
    { label: 'the right digest and one digit more', value: { edit: 'append', tail: '0' } },
    { label: 'a letter past f in place of the last digit', value: { edit: 'foreign', fromEnd: 0, ch: 'g' } },
    ...lengths.map((n) => ({
      label: `${n} zeros (a documented length, not the digest)`,
      value: { edit: 'other', value: '0'.repeat(n) } as SigEdit,
    })),
  ];
  const random: fc.Arbitrary<SigEdit> = fc.oneof(
    fc.record({ edit: fc.constant('digit' as const), fromEnd: fc.nat(127), by: fc.nat(14) }),
    fc.record({ edit: fc.constant('cut' as const), n: fc.integer({ min: 1, max: 127 }) }),
    fc.record({
      edit: fc.constant('append' as const),
      tail: fc.string({ unit: hexUnit, minLength: 1, maxLength: 64 }),
    }),
    fc.record({
      edit: fc.constant('foreign' as const),
      fromEnd: fc.nat(127),
      ch: fc.constantFrom(...NOT_HEX),
    }),
    fc.record({
      edit: fc.constant('other' as const),
      value: fc
        .constantFrom(...lengths)
        .chain((n) => fc.string({ unit: hexUnit, minLength: n, maxLength: n })),
    }),
  );
  return {
    id: 'sig/invalid',
    rule: `sig is the hex digest (${chars}, ${lengths.join(', ')} digits) of the sorted parameters and the secret; anything else is invalid`,
    outcome: 'refused with error 210',
    boundary,
    random,
  };
}

/** `fromEnd` of the first digit, whatever the digest's length (at most 128). */
const FIRST = 1000;

const digitAt = (fromEnd: number) =>
  fromEnd === 0
    ? 'last digit'
    : fromEnd >= FIRST
      ? 'first digit'
      : `digit ${fromEnd} from the end (or the first)`;

/** How an edit reads in a report: what was done to the digest. */
export function describeSigEdit(e: SigEdit): string {
  switch (e.edit) {
    case 'digit':
      return `the right digest with its ${digitAt(e.fromEnd)} changed (+${1 + (e.by % 15)})`;
    case 'cut':
      return `the right digest without its last ${e.n} digit(s)`;
    case 'append':
      return `the right digest followed by ${JSON.stringify(e.tail)}`;
    case 'foreign':
      return `the right digest with ${JSON.stringify(e.ch)} in place of its ${digitAt(e.fromEnd)}`;
    case 'other':
      return JSON.stringify(e.value);
  }
}

// ---------------------------------------------------------------- sid

/** The indexes of a UUID's hex digits that may change and keep it a UUID of the same version and variant. */
function freeDigits(uuid: string): number[] {
  return [...uuid].flatMap((c, i) => (c === '-' || i === 14 || i === 19 ? [] : [i]));
}

/** `sid` with the letters at the set bits of `mask` in upper case and the others in lower case. */
export function withCase(sid: string, mask: readonly boolean[]): string {
  let n = 0;
  return [...sid]
    .map((c) => {
      if (!/[a-f]/i.test(c)) return c;
      const up = mask[n++] ?? false;
      return up ? c.toUpperCase() : c.toLowerCase();
    })
    .join('');
}

/**
 * The configured sid in other letter cases (a UUID only): each value names the same set. Undefined
 * for a sid of another form (its letter case may matter) or with fewer than two letters.
 */
export function sidCaseSide(sid: string): DomainSide<string> | undefined {
  if (!UUID.test(sid)) return undefined;
  const letters = [...sid].filter((c) => /[a-f]/i.test(c)).length;
  if (letters < 2) return undefined;
  const lower = sid.toLowerCase();
  const mask = (f: (i: number) => boolean) => Array.from({ length: letters }, (_, i) => f(i));
  const boundary: Case<string>[] = [
    { label: 'every letter in upper case', value: lower.toUpperCase() },
    { label: 'every letter in lower case', value: lower },
    {
      label: 'only the first letter in upper case',
      value: withCase(
        sid,
        mask((i) => i === 0),
      ),
    },
    {
      label: 'only the last letter in upper case',
      value: withCase(
        sid,
        mask((i) => i === letters - 1),
      ),
    },
    {
      label: 'every other letter in upper case',
      value: withCase(
        sid,
        mask((i) => i % 2 === 0),
      ),
    },
  ].filter((c) => c.value !== sid);
  return {
    id: 'sid/case',
    rule: "a SociotocoID of UUID form (the example's): its hex digits are case-insensitive on input (RFC 4122)",
    outcome: 'accepted as the same set',
    boundary,
    random: fc
      .array(fc.boolean(), { minLength: letters, maxLength: letters })
      .map((m) => withCase(sid, m))
      .filter((v) => v !== sid),
  };
}

/** `sid` with the hex digit at `index` changed to another value, in the sid's letter case. */
export function withDigitChanged(sid: string, index: number, by: number): string {
  const c = sid.charAt(index);
  const next = HEX.charAt((HEX.indexOf(c.toLowerCase()) + 1 + (by % 15)) % 16);
  const out = /[A-F]/.test(c) || (/[0-9]/.test(c) && sid === sid.toUpperCase()) ? next.toUpperCase() : next;
  return `${sid.slice(0, index)}${out}${sid.slice(index + 1)}`;
}

/**
 * Well-formed SociotocoIds of no set, one hex digit away from the configured sid (a UUID only; the
 * version and variant digits kept), or random version-4 UUIDs: "403 SociotocoSetNotFound".
 */
export function sidUnknownSide(sid: string): DomainSide<string> | undefined {
  if (!UUID.test(sid)) return undefined;
  const free = freeDigits(sid);
  const first = free[0] as number;
  const last = free[free.length - 1] as number;
  const middle = free[Math.floor(free.length / 2)] as number;
  return {
    id: 'sid/unknown',
    rule: 'a well-formed SociotocoID that names no set (a UUID one digit away from the configured sid, or a random one)',
    outcome: 'refused with error 403',
    boundary: [
      { label: 'the configured sid with its last digit changed', value: withDigitChanged(sid, last, 0) },
      { label: 'the configured sid with its first digit changed', value: withDigitChanged(sid, first, 0) },
      { label: 'the configured sid with a middle digit changed', value: withDigitChanged(sid, middle, 0) },
    ],
    random: fc.oneof(
      fc
        .tuple(fc.nat(free.length - 1), fc.nat(14))
        .map(([i, by]) => withDigitChanged(sid, free[i] as number, by)),
      fc.uuid({ version: 4 }).filter((u) => u.toLowerCase() !== sid.toLowerCase()),
    ),
  };
}

// ---------------------------------------------------------------- profiles

/** Lists of configured (existing) profiles, in any order and number: accepted under every reading. */
export function profilesValidSide(profileIds: readonly string[]): DomainSide<string[]> {
  const ids = [...profileIds];
  return {
    id: 'profiles/valid',
    rule: 'A list of profileIDs comma seperated (profiles): existing profiles, one or more, in any order',
    outcome: 'accepted: addedProfiles lists those new to the set and nothing that was not sent',
    boundary: [
      ...ids.map((id, i) => ({ label: `profile ${i + 1} alone (the shortest list)`, value: [id] })),
      { label: 'every configured profile, in reverse order (the longest list)', value: [...ids].reverse() },
      { label: 'every configured profile, in the configured order', value: ids },
    ],
    random: fc.shuffledSubarray(ids, { minLength: 1 }),
  };
}

/** `list` with `item` inserted at `at` (clamped to the list). */
const insertAt = (list: readonly string[], at: number, item: string): string[] => {
  const i = Math.min(at, list.length);
  return [...list.slice(0, i), item, ...list.slice(i)];
};

/**
 * Lists with one item that cannot be a profile ID (readings.invalidProfiles) among configured
 * profiles, at any place: the argument is then not "a list of profileIDs" (406).
 */
export function profilesInvalidSide(profileIds: readonly string[], invalid: string): DomainSide<string[]> {
  const ids = [...profileIds];
  const one = ids[0] as string;
  return {
    id: 'profiles/invalid',
    rule: `A list of profileIDs comma seperated (profiles): an item that cannot be a profile ID (${JSON.stringify(invalid)}, readings.invalidProfiles) makes the argument invalid, wherever it is`,
    outcome: 'refused with error 406',
    boundary: [
      { label: 'a profile, then the malformed item last', value: [one, invalid] },
      { label: 'the malformed item first, then a profile', value: [invalid, one] },
      { label: 'the malformed item after the first configured profile', value: insertAt(ids, 1, invalid) },
      { label: 'every configured profile, then the malformed item', value: [...ids, invalid] },
    ],
    random: fc
      .tuple(fc.shuffledSubarray(ids, { minLength: 1 }), fc.nat(ids.length))
      .map(([list, at]) => insertAt(list, at, invalid)),
  };
}
