// Generated inputs (fast-check): each documented input of a page is an input domain with a valid
// and an invalid side; a generated check sends the side's boundary values first, then random ones,
// and compares each answer with the page's outcome. A failing random value is shrunk (each shrink a
// real request, so the shrinking is bounded) and reported as the minimal value, with the rule, the
// seed that replays the run and only that value's exchanges as evidence (curl lines included).
import fc from 'fast-check';
import { CheckFailure, notApplicable } from './check.ts';
import type { Failure } from './types.ts';

/** The run's generation settings: one seed replays every generated value; examples per domain side. */
export interface Generation {
  seed: number;
  /** Values sent per domain side (boundary ones first); 0 turns generated checks off. */
  examples: number;
}

export const DEFAULT_EXAMPLES = 20;
/** Extra requests a failing value may spend on shrinking (each shrink is a request to the target). */
export const SHRINK_BUDGET = 40;

/** One value to send and the rule of the page it exercises ("20 characters: the upper bound"). */
export interface Case<T> {
  value: T;
  label: string;
}

/** One side of an input domain: values the page accepts, or values it refuses, and what then happens. */
export interface DomainSide<T> {
  /**
   * Stable name, e.g. `account_username/invalid`: it seeds this side's generator, so filtering a
   * run or adding a domain never changes another side's values.
   */
  id: string;
  /** The page's rule, one line: "5 to 20 characters of A-Z a-z 0-9 - _". */
  rule: string;
  /** What the page says happens: "accepted", "refused with error 4". */
  outcome: string;
  /** Sent first, in order: each side of each bound, each character class, empty, one past the limit. */
  boundary: readonly Case<T>[];
  /** Random values after the boundary ones; a failing one is shrunk. */
  random: fc.Arbitrary<T>;
}

/** What a generated check needs from its check context. */
export interface ExploreContext {
  generation: Generation;
  note: (message: string) => void;
  /** The check's recorded exchanges: a mark before a value is sent, and a range to leave out. */
  evidence: { mark: () => number; drop: (from: number, to: number) => void };
}

/** A 32-bit seed for one domain side, from the run's seed and the side's id (FNV-1a). */
export function sideSeed(seed: number, id: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of `${id}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

/** A fresh seed for a run that was not given one (printed and stored in the report, so it replays). */
export function newSeed(): number {
  return (Math.random() * 0x7fffffff) | 0;
}

/** The values one side would send under a seed, in order (boundary first): what a replay sends again. */
export function sample<T>(side: DomainSide<T>, g: Generation): T[] {
  const boundary = side.boundary.slice(0, g.examples).map((c) => c.value);
  const rest = g.examples - boundary.length;
  return rest > 0
    ? [...boundary, ...fc.sample(side.random, { seed: sideSeed(g.seed, side.id), numRuns: rest })]
    : boundary;
}

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
};

/**
 * Sends the side's values through `attempt`, which throws a CheckFailure when the target's answer
 * is not the side's outcome (and puts back what an accepted value changed). Any other error (the
 * target stopped answering, the check is not applicable) ends the exploration and goes up as it is.
 */
export async function explore<T>(
  c: ExploreContext,
  side: DomainSide<T>,
  attempt: (value: T, label: string) => Promise<void>,
  opts: { describe?: (value: T) => string; shrinkBudget?: number } = {},
): Promise<void> {
  const { seed, examples } = c.generation;
  if (examples <= 0)
    notApplicable('generated inputs are off (--examples 0): the hand-picked checks judge this rule', {
      needs: 'examples',
    });
  const describe = opts.describe ?? show;
  const budget = examples + (opts.shrinkBudget ?? SHRINK_BUDGET);
  const tried: string[] = [];
  const start = c.evidence.mark();
  /** Only [from, to) of this exploration stays in the evidence (the minimal failing value's exchanges). */
  const keep = (from: number, to: number) => {
    c.evidence.drop(to, c.evidence.mark());
    c.evidence.drop(start, from);
  };
  let shownUntil: number | undefined;
  const afterValue = () => {
    if (tried.length === KEPT_ON_PASS) shownUntil = c.evidence.mark();
  };
  const replay = `seed ${seed} (replay: --seed ${seed} --examples ${examples})`;
  const fail = (value: T, label: string, f: Failure, extra: string[]): never => {
    throw new CheckFailure({
      ...f,
      title: `${side.id}: ${label} ${describe(value)}: ${f.title}`,
      messages: [`rule: ${side.rule}; documented: ${side.outcome}`, ...extra, replay, ...(f.messages ?? [])],
    });
  };

  // Boundary values: chosen minimal already, so a failing one is reported as it is.
  const boundary = side.boundary.slice(0, examples);
  for (const b of boundary) {
    const from = c.evidence.mark();
    tried.push(describe(b.value));
    try {
      await attempt(b.value, b.label);
    } catch (e) {
      if (!(e instanceof CheckFailure)) throw e;
      keep(from, c.evidence.mark());
      fail(b.value, `boundary value (${b.label})`, e.failure, []);
    }
    afterValue();
  }

  const runs = examples - boundary.length;
  let sent = boundary.length;
  let stop: unknown;
  let last: { value: T; failure: Failure; from: number; to: number } | undefined;
  if (runs > 0) {
    const details = await fc.check(
      fc.asyncProperty(side.random, async (value) => {
        // After an error that is no failure, or with the budget spent, nothing more is sent: the
        // value counts as passing, so shrinking stops at the last value that failed.
        if (stop !== undefined || sent >= budget) return true;
        sent += 1;
        if (!last) tried.push(describe(value));
        const from = c.evidence.mark();
        try {
          await attempt(value, 'random value');
          afterValue();
          return true;
        } catch (e) {
          if (!(e instanceof CheckFailure)) {
            stop = e;
            return true;
          }
          last = { value, failure: e.failure, from, to: c.evidence.mark() };
          return false;
        }
      }),
      { seed: sideSeed(seed, side.id), numRuns: runs },
    );
    if (stop !== undefined) throw stop;
    if (details.failed && last) {
      keep(last.from, last.to);
      fail(last.value, 'minimal failing value', last.failure, [
        `found after ${details.numRuns} random value(s), shrunk in ${details.numShrinks} step(s)${sent >= budget ? ' (shrink budget spent)' : ''}`,
      ]);
    }
  }
  if (shownUntil !== undefined) c.evidence.drop(shownUntil, c.evidence.mark());
  c.note(
    `${side.id}: ${tried.length} value(s) ${side.outcome} as documented (${boundary.length} boundary, ${tried.length - boundary.length} random; ${replay}${shownUntil !== undefined ? `; the exchanges of the first ${KEPT_ON_PASS} kept as evidence` : ''}): ${truncate(tried.join(', '), 1500)}`,
  );
}

/** A passing exploration keeps the exchanges of its first few values only (the report stays small). */
const KEPT_ON_PASS = 3;

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

// ---------------------------------------------------------------------------------------------
// Domains of strings from the page's rules: a character class and a length, as the JSON Schemas
// hold them (`^[A-Za-z0-9_-]{5,20}$`, minLength/maxLength).

/** The class body and bounds of a schema pattern of the form `^[class]{m,n}$` (or `{m}`). */
export function parseClassPattern(pattern: string): { chars: string; min: number; max: number } {
  const m = /^\^\[((?:\\.|[^\]\\])+)\]\{(\d+)(?:,(\d+))?\}\$$/.exec(pattern);
  if (!m?.[1] || m[2] === undefined) throw new Error(`not a ^[class]{m,n}$ pattern: ${pattern}`);
  const min = Number(m[2]);
  return { chars: m[1], min, max: m[3] === undefined ? min : Number(m[3]) };
}

/** Every character a regex class body admits, among the printable ASCII and a few beyond. */
export function expandClass(body: string): string[] {
  const re = new RegExp(`^[${body}]$`, 'u');
  const out: string[] = [];
  for (let cp = 0x20; cp < 0x7f; cp++) {
    const ch = String.fromCodePoint(cp);
    if (re.test(ch)) out.push(ch);
  }
  return out;
}

/** Characters a rule refuses, by class, to insert into otherwise valid values. */
export const FOREIGN_CHARACTERS: readonly { label: string; chars: string }[] = [
  { label: 'a space', chars: ' ' },
  { label: 'ASCII punctuation', chars: '!"#$%&\'()*+,./:;<=>?@[\\]^`{|}~' },
  { label: 'a Latin-1 letter', chars: 'éÀñßø' },
  { label: 'a letter beyond Latin-1', chars: 'ŁЖ' },
  { label: 'a character outside the BMP', chars: '😀' },
];

export interface ClassDomainOptions {
  /** e.g. `account_username`: the sides are `<id>/valid` and `<id>/invalid`. */
  id: string;
  /** Regex class body of the allowed characters, e.g. `A-Za-z0-9_-`. */
  chars: string;
  min: number;
  max: number;
  rule: string;
  accepted: string;
  refused: string;
  /** Characters the rule refuses (default FOREIGN_CHARACTERS, each filtered by the class). */
  foreign?: readonly { label: string; chars: string }[];
}

/**
 * The two sides of a string rule "min..max characters of this class": valid values at each bound,
 * of each sub-class alone (letters, digits, each other allowed character), then random ones;
 * invalid values one character short and one long, empty, and one foreign character of each kind
 * inside a valid value, then random mixtures of both.
 */
export function classDomain(o: ClassDomainOptions): {
  valid: DomainSide<string>;
  invalid: DomainSide<string>;
} {
  const allowed = expandClass(o.chars);
  const inClass = new RegExp(`^[${o.chars}]$`, 'u');
  if (allowed.length === 0) throw new Error(`class ${o.chars} admits no printable ASCII character`);
  const pick = (pred: (c: string) => boolean) => allowed.filter(pred);
  const groups: { label: string; chars: string[] }[] = [
    { label: 'letters only', chars: pick((c) => /[A-Za-z]/.test(c)) },
    { label: 'digits only', chars: pick((c) => /[0-9]/.test(c)) },
    ...pick((c) => !/[A-Za-z0-9]/.test(c)).map((c) => ({ label: `only ${JSON.stringify(c)}`, chars: [c] })),
  ].filter((g) => g.chars.length > 0);
  const fill = (chars: string[], n: number, offset = 0) =>
    Array.from({ length: n }, (_, i) => chars[(i + offset) % chars.length]).join('');
  const mixed = fill(allowed, o.max, 7);
  const valid: Case<string>[] = [
    { label: `${o.min} characters (the lower bound)`, value: fill(allowed, o.min, 3) },
    { label: `${o.max} characters (the upper bound)`, value: mixed },
    ...groups.map((g) => ({ label: `${g.label}, ${o.min} characters`, value: fill(g.chars, o.min) })),
  ];
  const foreign = (o.foreign ?? FOREIGN_CHARACTERS)
    .map((f) => ({ label: f.label, chars: [...f.chars].filter((c) => !inClass.test(c)) }))
    .filter((f) => f.chars.length > 0);
  const inside = (ch: string) => {
    const base = fill(allowed, Math.max(o.min, 2), 11);
    const at = Math.floor(base.length / 2);
    return `${base.slice(0, at)}${ch}${base.slice(at + 1)}`;
  };
  const invalid: Case<string>[] = [
    ...(o.min > 0
      ? [{ label: `${o.min - 1} characters (one under the lower bound)`, value: fill(allowed, o.min - 1, 5) }]
      : []),
    { label: `${o.max + 1} characters (one over the upper bound)`, value: fill(allowed, o.max + 1, 13) },
    ...(o.min > 1 ? [{ label: 'empty', value: '' }] : []),
    ...foreign.map((f) => ({ label: `${f.label} inside`, value: inside(f.chars[0] as string) })),
  ];
  const unit = fc.constantFrom(...allowed);
  const validRandom = fc.string({ unit, minLength: o.min, maxLength: o.max });
  const foreignChar = fc.constantFrom(...foreign.flatMap((f) => f.chars));
  const invalidRandom = fc.oneof(
    // one foreign character somewhere in an otherwise valid value
    fc
      .tuple(fc.string({ unit, minLength: Math.max(o.min, 1), maxLength: o.max }), fc.nat(), foreignChar)
      .map(([s, i, ch]) => {
        const at = i % s.length;
        return `${s.slice(0, at)}${ch}${s.slice(at + 1)}`;
      }),
    // too long
    fc.string({ unit, minLength: o.max + 1, maxLength: o.max + 20 }),
    // too short
    ...(o.min > 1 ? [fc.string({ unit, minLength: 1, maxLength: o.min - 1 })] : []),
  );
  return {
    valid: { id: `${o.id}/valid`, rule: o.rule, outcome: o.accepted, boundary: valid, random: validRandom },
    invalid: {
      id: `${o.id}/invalid`,
      rule: o.rule,
      outcome: o.refused,
      boundary: invalid,
      random: invalidRandom,
    },
  };
}

/** A class domain from a JSON Schema pattern `^[class]{m,n}$`: the schema stays the one source. */
export function patternDomain(
  pattern: string,
  o: Omit<ClassDomainOptions, 'chars' | 'min' | 'max'>,
): { valid: DomainSide<string>; invalid: DomainSide<string> } {
  return classDomain({ ...o, ...parseClassPattern(pattern) });
}

export { fc };
