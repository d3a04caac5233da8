// The engine's side of the restore journal (src/journal.ts): before the suites start, each target
// whose vendor has a restorer is read through it and journalled; after the run the engine puts it
// back from the journal (a put-back changes only what reads otherwise, so after the suite's own
// afterAll it confirms) and removes the entry once that succeeded. A signal, or a later
// `conformance restore`, puts back what an entry left undone. Why the engine and not the suite's
// worker: the read happens before the suites start, so the entry is on disk before any change is
// sent whatever the suite does, and one process (the one the signals reach) owns every entry.
import { UsageError } from './config.ts';
import { HttpClient } from './http.ts';
import {
  alive,
  findEntry,
  finish,
  type JournalEntry,
  type JournalFile,
  journalDir,
  readJournal,
  refusal,
  writeEntry,
} from './journal.ts';
import { Redactor } from './redact.ts';
import type { Json, RestoreContext, Restorer, VendorDefinition } from './types.ts';
import { loadRestorer } from './vendor.ts';

/** What a target needs to be journalled: the shapes of a ResolvedTarget the engine reads. */
export interface JournalTarget {
  def: VendorDefinition;
  /** Set for the embedded mock: it dies with the run, nothing to journal. */
  mock?: unknown;
  unreachable?: string;
  section: Record<string, unknown>;
  context: { baseUrl: string; secrets: string[] };
}

export interface Held {
  file: JournalFile;
  restorer: Restorer;
}

interface Limits {
  timeoutMs: number;
  maxBodyBytes: number;
  /** --rate: a restore is paced like the run. */
  rate?: number;
}

function contextOf(e: Pick<JournalEntry, 'section' | 'baseUrl' | 'secrets' | 'limits'>): RestoreContext {
  return {
    http: new HttpClient({ ...e.limits, redactor: new Redactor(e.secrets) }),
    section: e.section,
    baseUrl: e.baseUrl,
  };
}

/** A target a run may change and a later process may put back (the embedded mock dies with the run). */
const changeable = (t: JournalTarget): boolean => !t.mock && t.def.restorer !== undefined;
const journalled = (t: JournalTarget): boolean => changeable(t) && !t.unreachable;

/**
 * Refuses the run (a usage error naming the command to run) when a target it would change has an
 * unfinished journal entry: a run that ended before putting it back, or one still going.
 */
export function refuseUnfinished(
  targets: readonly JournalTarget[],
  configHint: string,
  dir = journalDir(),
): void {
  // Unreachable ones too: a crash is never silently forgotten.
  const why = targets
    .filter(changeable)
    .map((t) => refusal(findEntry(dir, t.def.id, t.context.baseUrl), configHint))
    .filter((w): w is string => w !== undefined);
  if (why.length > 0) throw new UsageError(why.join('\n'));
}

/**
 * Before the suites: reads each journalled target through its vendor's restorer and writes the
 * entry (flushed) before anything is changed. A target that cannot be read is not journalled (the
 * suite cannot put it back either): said in the answer, per vendor.
 */
export async function openJournal(
  targets: readonly JournalTarget[],
  o: Limits & { runId: string },
  dir = journalDir(),
): Promise<{ held: Held[]; warnings: Map<string, string[]> }> {
  const held: Held[] = [];
  const warnings = new Map<string, string[]>();
  for (const t of targets.filter(journalled)) {
    const restorer = await loadRestorer(t.def);
    if (!restorer) continue;
    const base = {
      section: t.section,
      baseUrl: t.context.baseUrl,
      secrets: t.context.secrets,
      limits: {
        timeoutMs: o.timeoutMs,
        maxBodyBytes: o.maxBodyBytes,
        ...(o.rate !== undefined ? { rate: o.rate } : {}),
      },
    };
    let saved: Json;
    try {
      saved = await restorer.read(contextOf(base));
    } catch (e) {
      const why = new Redactor(base.secrets).text((e as Error)?.message ?? String(e)).replace(/\n/g, '; ');
      warnings.set(t.def.id, [
        `${t.def.id}: what the run changes could not be read before it (${why}), so it is not in the restore journal: a cancelled run cannot be put back`,
      ]);
      continue;
    }
    const entry: JournalEntry = {
      version: 1,
      vendor: t.def.id,
      ...base,
      saved,
      restored: false,
      runId: o.runId,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    held.push({ file: { path: writeEntry(dir, entry), entry }, restorer });
  }
  return { held, warnings };
}

/** Puts one entry back; finished (marked, then removed) when all is back. Lines say what could not be. */
export async function restoreEntry(
  file: JournalFile,
  restorer: Restorer,
  dir = journalDir(),
): Promise<string[]> {
  const redactor = new Redactor(file.entry.secrets);
  const lines = await restorer
    .putBack(contextOf(file.entry), file.entry.saved)
    .catch((e: unknown) => [`${file.entry.vendor}: ${(e as Error)?.message ?? String(e)}`]);
  if (lines.length === 0) finish(dir, file);
  return lines.map((l) => redactor.text(l));
}

/**
 * After the run. A vendor whose run said nothing went wrong (no warning: the suite's and the
 * contract driver's own restores went through) is finished as it is; one that warned is put back
 * from the journal, and kept there for `conformance restore` if that fails too. Per vendor, what
 * was done or left.
 */
export async function closeJournal(
  held: readonly Held[],
  warned: (vendor: string) => boolean,
  dir = journalDir(),
): Promise<Map<string, string[]>> {
  const said = new Map<string, string[]>();
  for (const h of held) {
    const vendor = h.file.entry.vendor;
    if (!warned(vendor)) {
      finish(dir, h.file);
      continue;
    }
    const lines = await restoreEntry(h.file, h.restorer, dir);
    said.set(
      vendor,
      lines.length === 0
        ? [`${vendor}: put back from the restore journal`]
        : [...lines, `${vendor}: the restore journal keeps what was not put back: npx conformance restore`],
    );
  }
  return said;
}

export interface Replayed {
  vendor: string;
  baseUrl: string;
  restored: boolean;
  /** What could not be put back and why (empty when restored). */
  lines: string[];
}

/**
 * Puts back every unfinished entry `only` selects (the restore command: every entry not held by a
 * running process; a signal: this process's own). Entries whose vendor has no restorer here, or
 * that another live run holds, are reported, not touched.
 */
export async function replayJournal(
  vendors: readonly VendorDefinition[],
  o: { only: (e: JournalEntry) => boolean },
  dir = journalDir(),
): Promise<{ replayed: Replayed[]; damaged: { path: string; why: string }[] }> {
  const { files, damaged } = readJournal(dir);
  const replayed: Replayed[] = [];
  for (const file of files) {
    const e = file.entry;
    if (e.restored) {
      finish(dir, file);
      continue;
    }
    if (!o.only(e)) continue;
    if (e.pid !== process.pid && alive(e.pid)) {
      replayed.push({
        vendor: e.vendor,
        baseUrl: e.baseUrl,
        restored: false,
        lines: [
          `${e.vendor}: run ${e.runId} (pid ${e.pid}) is still running against it and puts it back itself`,
        ],
      });
      continue;
    }
    const def = vendors.find((v) => v.id === e.vendor);
    const restorer = def ? await loadRestorer(def) : undefined;
    const row = { vendor: e.vendor, baseUrl: e.baseUrl };
    if (!restorer) {
      replayed.push({
        ...row,
        restored: false,
        lines: [`${e.vendor}: no restorer for this vendor in this version of the tool`],
      });
      continue;
    }
    const lines = await restoreEntry(file, restorer, dir);
    replayed.push({ ...row, restored: lines.length === 0, lines });
  }
  return { replayed, damaged };
}

/**
 * Drops the unfinished entries `only` selects, putting nothing back (after a repair by hand, or for
 * what can never be put back): a live run's entries are kept. Answers the targets forgotten.
 */
export function forgetJournal(
  o: { only: (e: JournalEntry) => boolean },
  dir = journalDir(),
): { vendor: string; baseUrl: string }[] {
  const out: { vendor: string; baseUrl: string }[] = [];
  for (const file of readJournal(dir).files) {
    const e = file.entry;
    if (!o.only(e) || (e.pid !== process.pid && alive(e.pid))) continue;
    finish(dir, file);
    if (!e.restored) out.push({ vendor: e.vendor, baseUrl: e.baseUrl });
  }
  return out;
}
