// --only and --exclude: which requirements a run judges, decided here and nowhere else.
//
// A requirement is selected when it matches an --only pattern (every requirement when there is no
// --only) and no --exclude pattern. A check (or a contract interaction) runs when any requirement
// it names is selected; a requirement that is not selected is reported "not run (filtered out)"
// (outcome skipped), never judged, even when a check that ran also names it.
// Patterns are exact IDs or `*` globs (`TMR-AUTH-*`); `*` is the only wildcard, so a six-line
// matcher does it (a glob library would bring path rules, braces and classes IDs never need).
import { UsageError } from './config.ts';
import { FILTERED_OUT } from './report.ts';
import type { CheckResult, RunFilter } from './types.ts';

export function globRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

function matchesAny(id: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globRegExp(p).test(id));
}

/** The requirement IDs of one catalogue the filter selects. */
export function selectIds(ids: readonly string[], filter: RunFilter): string[] {
  return ids.filter(
    (id) => (filter.only.length === 0 || matchesAny(id, filter.only)) && !matchesAny(id, filter.exclude),
  );
}

/**
 * Checks the patterns against the catalogues of the vendors the run names: a pattern that matches
 * no requirement of any of them is a usage error naming it (a typo must not silently select
 * nothing, or everything). Returns the selected IDs per vendor.
 */
export function resolveFilter(
  filter: RunFilter,
  vendors: readonly { id: string; requirements: readonly { id: string }[] }[],
): Map<string, string[]> {
  const all = vendors.flatMap((v) => v.requirements.map((r) => r.id));
  for (const [flag, patterns] of [
    ['--only', filter.only],
    ['--exclude', filter.exclude],
  ] as const) {
    for (const p of patterns) {
      if (!/^[A-Za-z0-9*_.-]+$/.test(p))
        throw new UsageError(`${flag}: '${p}' is not a requirement ID or a * pattern`);
      if (!all.some((id) => globRegExp(p).test(id)))
        throw new UsageError(
          `${flag}: '${p}' matches no requirement of ${vendors.map((v) => v.id).join(', ')} (see the IDs in reports/<vendor>/report.md)`,
        );
    }
  }
  return new Map(
    vendors.map((v) => [
      v.id,
      selectIds(
        v.requirements.map((r) => r.id),
        filter,
      ),
    ]),
  );
}

/**
 * vitest's test-name filter for the selected IDs: a suite check is named `[ID, ID…] title`
 * (src/suite.ts), so a name runs when its bracket holds a selected ID. vitest reports the others
 * as skipped without running them, their hooks included when a whole block is left out.
 */
export function testNamePattern(selected: Iterable<string>): RegExp {
  const ids = [...new Set(selected)].map((id) => id.replace(/[.+?^${}()|[\]\\*]/g, '\\$&'));
  if (ids.length === 0) return /$^/;
  return new RegExp(`\\[(?:[^\\]]*, )?(?:${ids.join('|')})(?:, [^\\]]*)?\\] `);
}

/** The requirement IDs a check's vitest name carries (`[ID, ID] title`). */
export function idsFromName(name: string): string[] {
  const m = /\[([^\]]+)\] /.exec(name);
  return m?.[1] ? m[1].split(', ').filter(Boolean) : [];
}

/**
 * A check vitest left out under the name filter arrives as skipped without its meta (it never
 * ran): it gets its requirement IDs back from its name and says why it did not run.
 */
export function markFiltered(checks: readonly CheckResult[], selected: ReadonlySet<string>): CheckResult[] {
  return checks.map((c) => {
    const ids = c.requirements.length > 0 ? c.requirements : idsFromName(c.id);
    if (c.outcome !== 'skipped' || ids.some((id) => selected.has(id))) return c;
    return { ...c, requirements: ids, message: FILTERED_OUT };
  });
}
