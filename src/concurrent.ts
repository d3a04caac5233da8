// Two runs at once against one target, across machines (where the restore journal's lease cannot be
// seen): a value a read shows that this run did not write, nor found before it, nor derived from its
// own (a value carrying the run id), is another client's. A check that meets one is errored (the
// target was changed by another client during the run: PreconditionLost), never failed; a restore
// leaves it as that client wrote it, never clobbers it. One decision, pure: the vendor says what it
// wrote, what it read and what it saved.
import { checkFields, PreconditionLost } from './check.ts';

export const CHANGED_BY_ANOTHER = 'the target was changed by another client during the run';

/** What this run may have put in each field (keyed as the reads show them). */
export interface Ownership {
  /** Each field as it was before the run (or before the request being judged). */
  saved: Readonly<Record<string, string | undefined>>;
  /** Every value this run sent to each field (or, judging one request, what that request sent). */
  wrote: Readonly<Record<string, readonly string[] | undefined>>;
  /** The run's id: a value that carries it is this run's, as written or as the target changed it. */
  runId: string;
  /**
   * The form a target stores a value in, where the page lets it rewrite one (a UK mobile written
   * 07…, +44… or with spaces reads back 44…): values are compared in it. Default: as they are.
   */
  canon?: (field: string, value: string) => string;
}

/**
 * Is `value`, read from `field`, another client's? Empty or absent is never evidence of another
 * writer (a target that clears a field is judged as such); the saved value, a value this run wrote
 * and one carrying its run id (its own, mangled by the target: re-encoded, stripped) are the run's.
 */
export function isAnothers(field: string, value: string | undefined, own: Ownership): boolean {
  if (value === undefined || value === '') return false;
  const canon = (v: string) => (own.canon ? own.canon(field, v) : v);
  const read = canon(value);
  const saved = own.saved[field];
  if (saved !== undefined && read === canon(saved)) return false;
  if (own.wrote[field]?.some((w) => canon(w) === read)) return false;
  return own.runId === '' || !value.includes(own.runId);
}

/** The string values of a read (a JSON read-back's numbers, nulls and objects are never another client's). */
export function stringsOf(
  read: Readonly<Record<string, unknown>> | undefined,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(read ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
  );
}

/** The fields among `fields` whose read value is another client's, in order. */
export function anothersFields(
  read: Readonly<Record<string, string | undefined>>,
  fields: readonly string[],
  own: Ownership,
): string[] {
  return fields.filter((f) => isAnothers(f, read[f], own));
}

/** The PreconditionLost a check throws for fields another client changed (names only: values may be secrets). */
export function changedByAnother(fields: readonly string[], what: string): PreconditionLost {
  return new PreconditionLost(
    `${CHANGED_BY_ANOTHER}: ${what}: ${fields.join(', ')} read${fields.length === 1 ? 's' : ''} a value this run did not write (one run per target account at a time)`,
  );
}

/**
 * checkFields for a read-back on a target others may change: the fields that show what the target
 * did with this run's values are judged first (a failure there is the target's); then, if any
 * field shows another client's value, the check is errored, not failed.
 */
export function checkReadFields(
  read: Readonly<Record<string, unknown>>,
  expected: Readonly<Record<string, unknown>>,
  what: string,
  own: Ownership,
  opts: { missing?: string } = {},
): void {
  const others = anothersFields(
    stringsOf(read),
    Object.keys(expected).filter((f) => read[f] !== expected[f]),
    own,
  );
  const mine = Object.fromEntries(Object.entries(expected).filter(([f]) => !others.includes(f)));
  checkFields(read, mine, what, opts);
  if (others.length > 0) throw changedByAnother(others, what);
}

/** What a restore does with one field: nothing, put it back, or leave another client's value. */
export type RestoreStep = 'unchanged' | 'put-back' | 'another-client';

/**
 * One field of a restore: `before` is its saved value, `now` as read at the end. Without `own` (a
 * restore from the journal after a kill: what the run wrote is not known), whatever changed is put back.
 */
export function restoreStep(
  field: string,
  now: string | undefined,
  before: string | undefined,
  own?: Ownership,
): RestoreStep {
  if (now === before) return 'unchanged';
  if (own && isAnothers(field, now, own)) return 'another-client';
  return 'put-back';
}

/** The warning a restore gives for a field it left to another client. */
export function leftToAnother(where: string, field: string): string {
  return `${where}: ${field} was not put back: ${CHANGED_BY_ANOTHER}, and its value is left as that client wrote it`;
}

/** Is this warning only a field left to another client (nothing for the restore journal to redo)? */
export function isLeftToAnother(warning: string): boolean {
  return warning.includes(`: ${CHANGED_BY_ANOTHER}, and its value is left as that client wrote it`);
}

// The shape of a run id (newRunId, src/target.ts: "r", six base-36 digits of the time, four hex
// digits); test/engine/concurrent.test.ts holds the two together.
const RUN_ID = /(?<![0-9a-z])r[0-9a-z]{6}[0-9a-f]{4}(?![0-9a-z])/g;

/**
 * Another run of this tool whose test values the target shows (its run id), or undefined. Read
 * before a run changes anything, such a value means that run is changing the target now (or left it
 * changed): what was there before it is unknown, so this run must change nothing.
 */
export function anotherRunIn(
  values: Readonly<Record<string, string | undefined>>,
  runId: string,
): string | undefined {
  for (const v of Object.values(values))
    for (const m of v?.matchAll(RUN_ID) ?? []) if (m[0] !== runId) return m[0];
  return undefined;
}

/** The PreconditionLost of a run that found another run's test values before changing anything. */
export function anotherRunFirst(other: string, where: string): PreconditionLost {
  return new PreconditionLost(
    `${CHANGED_BY_ANOTHER}: ${where} showed test values of run ${other} before this run changed anything (that run is changing it now, or left it changed: \`conformance restore\` on its machine); this run changes nothing there (one run per target account at a time)`,
  );
}

/** The values a run sends, per target (an account ID, a resource) and field: its side of Ownership. */
export interface WriteLog {
  record(target: string, fields: Readonly<Record<string, string>>): void;
  wrote(target: string): Record<string, string[]>;
}

export function writeLog(): WriteLog {
  const log = new Map<string, Map<string, Set<string>>>();
  return {
    record(target, fields) {
      const t = log.get(target) ?? new Map<string, Set<string>>();
      log.set(target, t);
      for (const [k, v] of Object.entries(fields)) t.set(k, (t.get(k) ?? new Set()).add(v));
    },
    wrote(target) {
      return Object.fromEntries([...(log.get(target) ?? [])].map(([k, s]) => [k, [...s]]));
    },
  };
}
