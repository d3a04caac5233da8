// The restore journal: per target (vendor and base URL), what a run may change as it read it before
// the first change, and the section needed to put it back (credentials included). It is the one
// place a secret may rest: a file of mode 0600 in a directory of mode 0700, outside reports/, under
// $CONFORMANCE_STATE_DIR, else $XDG_STATE_HOME/legacy-api-conformance, else
// ~/.local/state/legacy-api-conformance. Written and flushed (fsync, then an atomic rename) before
// the suite sends its first change; marked restored once a put-back from it succeeded, then removed.
// A run that is cancelled or killed leaves it for `conformance restore`.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Json } from './types.ts';

export const STATE_DIR_ENV = 'CONFORMANCE_STATE_DIR';

export interface JournalEntry {
  version: 1;
  vendor: string;
  baseUrl: string;
  /** The vendor section the run used (credentials included): what a restore logs in with. */
  section: Record<string, unknown>;
  /** Every secret of the run (the section's and the environment's): masked in what a restore prints. */
  secrets: string[];
  /** The run's per-request timeout and body cap: a restore from this entry is bounded the same way. */
  limits: { timeoutMs: number; maxBodyBytes: number; rate?: number };
  /** What the vendor's restorer read before the first change. */
  saved: Json;
  restored: boolean;
  runId: string;
  /** The process that wrote it: while it lives, the target is that run's (a lease on this machine). */
  pid: number;
  startedAt: string;
}

export interface JournalFile {
  path: string;
  entry: JournalEntry;
}

/** Where journals live (the environment decides; tests point it at a temporary directory). */
export function journalDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env[STATE_DIR_ENV];
  if (own) return own;
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'legacy-api-conformance');
}

/** One file per target: the vendor and a digest of its base URL (no URL in a file name). */
export function entryPath(dir: string, vendor: string, baseUrl: string): string {
  const digest = createHash('sha256').update(`${vendor}\n${baseUrl}`).digest('hex').slice(0, 16);
  return join(dir, `${vendor}-${digest}.json`);
}

/** Writes the entry durably: a 0600 temporary file, fsync, rename over the target's file, fsync the directory. */
export function writeEntry(dir: string, entry: JournalEntry): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = entryPath(dir, entry.vendor, entry.baseUrl);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(entry, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return path;
}

/** The entry as a value, or why the file is not one (never a crash on a damaged journal). */
export function parseEntry(text: string): JournalEntry | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const e = v as Partial<JournalEntry> | null;
  if (
    !e ||
    typeof e !== 'object' ||
    e.version !== 1 ||
    typeof e.vendor !== 'string' ||
    typeof e.baseUrl !== 'string' ||
    typeof e.section !== 'object' ||
    e.section === null ||
    !Array.isArray(e.secrets) ||
    typeof e.limits?.timeoutMs !== 'number' ||
    typeof e.limits?.maxBodyBytes !== 'number' ||
    typeof e.restored !== 'boolean' ||
    typeof e.pid !== 'number' ||
    !('saved' in e)
  )
    return 'not a journal entry of this tool (version 1)';
  return e as JournalEntry;
}

/** Every journal file of the directory, read; a file that is not an entry comes back with the reason. */
export function readJournal(dir: string): { files: JournalFile[]; damaged: { path: string; why: string }[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return { files: [], damaged: [] };
  }
  const files: JournalFile[] = [];
  const damaged: { path: string; why: string }[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      damaged.push({ path, why: (e as NodeJS.ErrnoException).code ?? 'unreadable' });
      continue;
    }
    const entry = parseEntry(text);
    if (typeof entry === 'string') damaged.push({ path, why: entry });
    else files.push({ path, entry });
  }
  return { files, damaged };
}

/** The target's entry, if there is one. */
export function findEntry(dir: string, vendor: string, baseUrl: string): JournalFile | undefined {
  const path = entryPath(dir, vendor, baseUrl);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const entry = parseEntry(text);
  if (typeof entry === 'string') return undefined;
  return { path, entry };
}

/** Marks the entry restored (durably), then removes it: a crash in between leaves a finished entry. */
export function finish(dir: string, file: JournalFile): void {
  writeEntry(dir, { ...file.entry, restored: true });
  try {
    unlinkSync(file.path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Is the process that wrote an entry still running (on this machine)? */
export function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why a run must not start against this target (undefined: it may): an unfinished entry left by a
 * run that ended, or one of a run still going (the lease). The message names what to do.
 */
export function refusal(file: JournalFile | undefined, configHint: string): string | undefined {
  if (!file || file.entry.restored) return undefined;
  const e = file.entry;
  const who = `run ${e.runId} (pid ${e.pid}, started ${e.startedAt})`;
  if (e.pid !== process.pid && alive(e.pid))
    return `${e.vendor} at ${e.baseUrl}: another ${who} is changing this target now; one run per target account at a time: wait for it to end, or give parallel jobs separate accounts`;
  return `${e.vendor} at ${e.baseUrl}: a ${who} ended before it put back what it changed; put it back first: npx conformance restore${configHint}`;
}
