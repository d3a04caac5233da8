// The pact files: the consumer tests write them, verification reads them. A file that cannot be
// used is the user's mistake (a usage error), not a failed check, hence its own error class.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';

/** Where the consumer tests write the contracts: one file per API, provider name = vendor id. */
export const PACT_DIR = join(PROJECT_ROOT, 'contracts', 'pacts');

/** Project-relative when inside the project, else as given. */
export function shown(path: string): string {
  const r = relative(PROJECT_ROOT, path);
  return r && !r.startsWith('..') ? r : path;
}

/** A pact file that cannot be used (missing, not JSON, not a pact): a usage error for the CLI. */
export class PactFileError extends Error {
  override name = 'PactFileError';
}

export interface PactInteraction {
  description: string;
  type?: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request?: { method?: string; path?: string };
  response?: { status?: number; headers?: Record<string, unknown>; body?: { content?: unknown } };
}

/** An interaction with the (shown) pact file it came from, for the report. */
export type ContractInteraction = PactInteraction & { file: string };

export interface PactDocument {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
}

export function readPact(path: string): PactDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PactFileError(
      `cannot read pact file ${path}: ${code ?? (e as Error).message}${code === 'ENOENT' ? ' (generate it: npx vitest run --project contracts)' : ''}`,
    );
  }
  const doc = raw as Partial<PactDocument>;
  if (
    !doc ||
    typeof doc.provider?.name !== 'string' ||
    typeof doc.consumer?.name !== 'string' ||
    !Array.isArray(doc.interactions)
  ) {
    throw new PactFileError(`${path} is not a pact file (consumer, provider and interactions expected)`);
  }
  return doc as PactDocument;
}

/** The pact files in `dir` whose provider is the vendor (sorted, absolute paths). */
export function findPactFiles(vendorId: string, dir = PACT_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .sort()
    .map((n) => join(dir, n))
    .filter((path) => {
      try {
        return readPact(path).provider.name === vendorId;
      } catch {
        return false;
      }
    });
}

const IDS = /^\[([^\]]+)\]\s*/;

/** The requirement IDs an interaction covers: its description starts with `[ID, ID]`. */
export function requirementsOf(description: string): string[] {
  const m = IDS.exec(description);
  return m?.[1]
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** The description without its leading `[ID, ID]`, for titles. */
export function withoutRequirements(description: string): string {
  return description.replace(IDS, '');
}
