// Two runs at once against one Sociotoco set (src/concurrent.ts decides whose a value is; this says
// what a set shows of it). A set's profiles are IDs the target knows and the config names, not values
// a run invents: two runs with one config send the same ones, and no run id fits in them (nor in the
// version; the name and urlName are not set through this API). So a profile tells another client's
// write only when this run neither sent it nor found it in the set. What the page gives besides is
// the version every answer carries ("And a version number of the set."): a setProfiles answers the
// version its change made, so a read showing a version newer than the one this run's last change
// answered, that no change of this run answered, shows a write by another client since.
import { CheckFailure, PreconditionLost } from '../../src/check.ts';
import { anothersFields, changedByAnother, type Ownership, type RestoreStep } from '../../src/concurrent.ts';
import type { SetView } from './checks.ts';

const profileField = (id: string) => `profile ${id.toUpperCase()}`;

/** A set as the fields src/concurrent.ts judges: its version, and one field per profile it holds. */
export function setFields(view: SetView): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {
    version: view.version === undefined ? undefined : String(view.version),
  };
  for (const p of view.profiles) out[profileField(p)] = p.toUpperCase();
  return out;
}

/** What this run did to the set: the set as found, the versions its changes answered, the profiles it sent. */
export interface SetOwn {
  own: Ownership;
  /**
   * The version of the last state this run knows it made (or found): a read newer than it shows
   * another client's write. Undefined when unknown (a refused setProfiles since, which a faulty
   * target may have applied without saying so): then the version is no evidence.
   */
  since: number | undefined;
}

/**
 * The run's side of the set, as a small log: `changed` for each request that could change the set
 * (its answer's version, or undefined when it was refused), `own` at any time.
 */
export interface SetLog {
  found(view: SetView | undefined): void;
  sent(profiles: readonly string[], answered: number | undefined): void;
  own(): SetOwn;
}

export function setLog(runId: string): SetLog {
  let found: SetView | undefined;
  const versions = new Set<string>();
  const profiles = new Set<string>();
  let since: number | undefined;
  return {
    found(view) {
      found = view;
      since = view?.version;
    },
    sent(list, answered) {
      for (const p of list) profiles.add(p.toUpperCase());
      if (answered !== undefined) versions.add(String(answered));
      since = answered;
    },
    own() {
      const wrote: Record<string, string[]> = { version: [...versions] };
      for (const p of profiles) wrote[profileField(p)] = [p];
      return {
        own: { saved: found ? setFields(found) : {}, wrote, runId, canon: (_f, v) => v.toUpperCase() },
        since,
      };
    },
  };
}

/**
 * The fields of `read` that show another client's write: a profile this run neither sent nor found,
 * or a version newer than `since` that no change of this run answered (src/concurrent.ts isAnothers).
 */
export function anothersIn(read: SetView, own: Ownership, since: number | undefined): string[] {
  const fields = setFields(read);
  return anothersFields(fields, Object.keys(fields), own).filter(
    (f) => f !== 'version' || (since !== undefined && read.version !== undefined && read.version > since),
  );
}

/**
 * Judges a read of the set (`judge` throws CheckFailure): a failure is the target's, unless the read
 * shows another client's write (anothersIn): then the check is errored, not failed.
 */
export function judgeRead(
  read: SetView,
  own: SetOwn,
  since: number | undefined,
  what: string,
  judge: () => void,
): void {
  try {
    judge();
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    const others = anothersIn(read, own.own, since);
    if (others.length > 0) throw changedByAnother(others, what);
    throw e;
  }
}

/**
 * A step whose requests another client's write can come between (a read, a change or a refused
 * request, a read): when the target moves the version for every change and the other client sends
 * the same configured profiles, no read of the step shows whose a change was. On a failure, the set
 * is watched while this run sends nothing (`movesAlone`: two reads apart): if it moves, another
 * client is changing it, and the check is errored. Else the step is repeated: a failure again (or a
 * step that cannot run again) is the target's; a pass means the first failure was another client's
 * write (errored). A PreconditionLost of either run stands.
 */
export async function repeatedStep(
  what: string,
  step: () => Promise<void>,
  movesAlone: () => Promise<boolean>,
): Promise<void> {
  let first: CheckFailure;
  try {
    await step();
    return;
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    first = e;
  }
  if (await movesAlone())
    throw changedByAnother(['the set'], `${what}: it moved while this run sent nothing`);
  try {
    await step();
  } catch (e) {
    if (e instanceof PreconditionLost) throw e;
    throw first;
  }
  throw changedByAnother(['the set'], `${what}: it failed once and passed when the step was repeated`);
}

/**
 * Could this run's own requests have made `after` from `before`? Each list sent to the set (refused,
 * but perhaps applied by a faulty target) either replaces the set or adds to it. When no list
 * explains it, another client changed the set.
 */
export function explainedBy(
  after: readonly string[],
  before: readonly string[],
  sent: readonly (readonly string[])[],
): boolean {
  const now = key(after);
  return now === key(before) || sent.some((list) => now === key(list) || now === key([...before, ...list]));
}

/** The profile IDs as a set: in any order and case. */
const key = (ids: Iterable<string>) => [...new Set([...ids].map((p) => p.toUpperCase()))].sort().join();

/**
 * The set moved between two reads before this run changed anything (the version, or the profiles,
 * differ): another client is changing it now, and what it holds may be that client's test values.
 */
export function movedBetween(first: SetView | undefined, second: SetView | undefined): boolean {
  if (!first || !second) return false;
  return first.version !== second.version || key(first.profiles) !== key(second.profiles);
}

/** The PreconditionLost of a run that found the set moving before changing anything: it changes nothing there. */
export function setBusy(sid: string): PreconditionLost {
  return changedByAnother(
    ['version'],
    `the set ${sid}, read twice a second apart before this run changed anything (another client is changing it now: this run changes nothing there)`,
  );
}

/**
 * One step of the restore (as src/concurrent.ts restoreStep): nothing when the profiles read as
 * found; leave the set when it shows another client's write (with the run's `own`); else put back.
 * Without `own` (the restore journal after a kill, the contract driver), whatever changed is put back.
 */
export function restoreSetStep(now: SetView, before: SetView, own?: SetOwn): RestoreStep {
  if (key(now.profiles) === key(before.profiles)) return 'unchanged';
  if (own && anothersIn(now, own.own, own.since).length > 0) return 'another-client';
  return 'put-back';
}
