// `conformance diff <before-dir> <after-dir>`: what changed between two runs, per vendor and
// requirement. Reading the report directories is the only I/O (readRunDir); the comparison and
// the three renderings (text, Markdown, JSON) are pure.
//
// Each requirement that changed falls in one kind, the first that applies:
//   added / removed        in one run only (a vendor in one run only: all its requirements)
//   newly-failing          failed or errored now, neither before
//   newly-passing          passed now, not before
//   newly-not-applicable   not applicable now, not before
//   newly-not-run          skipped now (the filter, a shard), judged or not applicable before
// failed <-> errored is no change of kind (both break the requirement). Exit 1 when anything is
// newly failing, an added requirement that fails included (a new failure all the same), else 0.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdCell } from '../reporters/escape.ts';
import { ConfigError } from './config.ts';
import type { Level, Outcome } from './types.ts';

/** The report.json versions this diff reads. */
export const READABLE_VERSIONS: readonly string[] = ['1.0'];

/** What the diff needs of a report.json: written by every version that carries schemaVersion 1.0. */
export interface DiffableReport {
  schemaVersion: string;
  run: { id: string };
  vendor: { id: string; title: string };
  target: { baseUrl: string };
  requirements: { id: string; title: string; level: Level; outcome: Outcome; filtered?: true }[];
}

export interface RunDir {
  dir: string;
  reports: DiffableReport[];
}

export type ChangeKind =
  | 'added'
  | 'removed'
  | 'newly-failing'
  | 'newly-passing'
  | 'newly-not-applicable'
  | 'newly-not-run';

export interface Change {
  kind: ChangeKind;
  id: string;
  level: Level;
  title: string;
  before: Outcome | null;
  after: Outcome | null;
}

export interface VendorDiff {
  id: string;
  title: string;
  /** In both runs, or in one of them only. */
  presence: 'both' | 'added' | 'removed';
  target: { before: string | null; after: string | null };
  changes: Change[];
  unchanged: number;
}

export interface RunDiff {
  before: string;
  after: string;
  vendors: VendorDiff[];
  /** Requirements that newly fail (added ones that fail included): exit 1 when > 0. */
  newlyFailing: number;
  exitCode: 0 | 1;
}

const KINDS: readonly ChangeKind[] = [
  'newly-failing',
  'newly-passing',
  'newly-not-applicable',
  'newly-not-run',
  'added',
  'removed',
];

function fail(message: string): never {
  throw new ConfigError(`diff: ${message}`);
}

/** One report.json, checked for what the diff reads; another schemaVersion is refused by name. */
export function parseReport(path: string, text: string): DiffableReport {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch (e) {
    fail(`${path} is not valid JSON (${(e as Error).message})`);
  }
  const o = r as Partial<DiffableReport> | null;
  if (typeof o !== 'object' || o === null || typeof o.schemaVersion !== 'string')
    fail(`${path} is not a conformance report (no schemaVersion)`);
  if (!READABLE_VERSIONS.includes(o.schemaVersion))
    fail(
      `${path} has schemaVersion ${JSON.stringify(o.schemaVersion)}, which this version cannot read (it reads ${READABLE_VERSIONS.join(', ')})`,
    );
  const okReq = (q: unknown) => {
    const x = q as Record<string, unknown>;
    return typeof x?.id === 'string' && typeof x.outcome === 'string' && typeof x.level === 'string';
  };
  if (typeof o.vendor?.id !== 'string' || !Array.isArray(o.requirements) || !o.requirements.every(okReq))
    fail(`${path} is not a conformance report (vendor.id or requirements[].id/outcome/level missing)`);
  return o as DiffableReport;
}

/** Reads <dir>/<vendor>/report.json (a run's or a merge's report directory). */
export function readRunDir(dir: string): RunDir {
  if (!existsSync(dir)) fail(`no such directory ${dir}`);
  const reports: DiffableReport[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name, 'report.json');
    if (!entry.isDirectory() || !existsSync(path)) continue;
    const report = parseReport(path, readFileSync(path, 'utf8'));
    if (reports.some((r) => r.vendor.id === report.vendor.id))
      fail(`${dir} holds two reports of ${report.vendor.id}`);
    reports.push(report);
  }
  if (reports.length === 0) fail(`${dir} holds no <vendor>/report.json (give a run's --report-dir)`);
  return { dir, reports };
}

const broke = (o: Outcome | null) => o === 'failed' || o === 'errored';

function kindOf(before: Outcome | null, after: Outcome | null): ChangeKind | undefined {
  if (before === null) return 'added';
  if (after === null) return 'removed';
  if (broke(after) && !broke(before)) return 'newly-failing';
  if (after === 'passed' && before !== 'passed') return 'newly-passing';
  if (after === 'not-applicable' && before !== 'not-applicable') return 'newly-not-applicable';
  if (after === 'skipped' && before !== 'skipped') return 'newly-not-run';
  return undefined;
}

export function diffRuns(before: RunDir, after: RunDir): RunDiff {
  const ids = [...new Set([...before.reports, ...after.reports].map((r) => r.vendor.id))].sort();
  const vendors = ids.map((id): VendorDiff => {
    const b = before.reports.find((r) => r.vendor.id === id);
    const a = after.reports.find((r) => r.vendor.id === id);
    const reqIds = [...new Set([...(b?.requirements ?? []), ...(a?.requirements ?? [])].map((q) => q.id))];
    const changes: Change[] = [];
    let unchanged = 0;
    for (const rid of reqIds) {
      const qb = b?.requirements.find((q) => q.id === rid);
      const qa = a?.requirements.find((q) => q.id === rid);
      const q = (qa ?? qb) as DiffableReport['requirements'][number];
      const kind = kindOf(qb?.outcome ?? null, qa?.outcome ?? null);
      if (!kind) unchanged += 1;
      else
        changes.push({
          kind,
          id: rid,
          level: q.level,
          title: q.title,
          before: qb?.outcome ?? null,
          after: qa?.outcome ?? null,
        });
    }
    changes.sort((x, y) => KINDS.indexOf(x.kind) - KINDS.indexOf(y.kind) || x.id.localeCompare(y.id));
    return {
      id,
      title: (a ?? b)?.vendor.title ?? id,
      presence: a && b ? 'both' : a ? 'added' : 'removed',
      target: { before: b?.target.baseUrl ?? null, after: a?.target.baseUrl ?? null },
      changes,
      unchanged,
    };
  });
  const newlyFailing = vendors
    .flatMap((v) => v.changes)
    .filter((c) => c.kind === 'newly-failing' || (c.kind === 'added' && broke(c.after))).length;
  return { before: before.dir, after: after.dir, vendors, newlyFailing, exitCode: newlyFailing > 0 ? 1 : 0 };
}

const LABEL: Record<ChangeKind, string> = {
  'newly-failing': 'newly failing',
  'newly-passing': 'newly passing',
  'newly-not-applicable': 'newly not applicable',
  'newly-not-run': 'newly not run',
  added: 'added',
  removed: 'removed',
};

const shown = (o: Outcome | null) => o ?? '—';

function counts(v: VendorDiff): string {
  const parts = KINDS.map((k) => [k, v.changes.filter((c) => c.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${LABEL[k]}`);
  return `${parts.join(', ') || 'no change'}; ${v.unchanged} unchanged`;
}

function presence(v: VendorDiff): string {
  return v.presence === 'added'
    ? ' (only in the after run)'
    : v.presence === 'removed'
      ? ' (only in the before run)'
      : '';
}

function verdictLine(d: RunDiff): string {
  return d.newlyFailing > 0
    ? `${d.newlyFailing} requirement(s) newly failing (exit 1)`
    : 'nothing newly failing (exit 0)';
}

/** Target text on a terminal: control characters shown, never obeyed. */
function safe(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

export function renderDiffText(d: RunDiff): string {
  const lines = [`conformance diff ${d.before} → ${d.after}`];
  for (const v of d.vendors) {
    lines.push('', `${v.id}${presence(v)}: ${counts(v)}`);
    if (v.presence === 'both') lines.push(`  target: ${v.target.before} → ${v.target.after}`);
    const width = Math.max(4, ...v.changes.map((c) => c.id.length));
    for (const c of v.changes)
      lines.push(
        `  ${LABEL[c.kind].toUpperCase().padEnd(20)} ${c.id.padEnd(width)} ${c.level.padEnd(6)} ${shown(c.before)} → ${shown(c.after)}  ${c.title}`,
      );
  }
  lines.push('', verdictLine(d));
  return safe(lines.join('\n'));
}

export function renderDiffMarkdown(d: RunDiff): string {
  const out = [
    `## Conformance diff: ${d.newlyFailing > 0 ? `**${d.newlyFailing} newly failing**` : 'nothing newly failing'}`,
    '',
    `\`${mdCell(d.before)}\` → \`${mdCell(d.after)}\``,
  ];
  for (const v of d.vendors) {
    out.push('', `### ${mdCell(v.title)} (\`${v.id}\`)${presence(v)}`, '', `${counts(v)}.`);
    if (v.presence === 'both')
      out.push('', `Target: \`${mdCell(v.target.before)}\` → \`${mdCell(v.target.after)}\``);
    if (v.changes.length === 0) continue;
    out.push('', '| change | ID | level | before | after | requirement |', '|---|---|---|---|---|---|');
    for (const c of v.changes)
      out.push(
        `| ${c.kind === 'newly-failing' ? `**${LABEL[c.kind]}**` : LABEL[c.kind]} | ${mdCell(c.id)} | ${c.level} | ${shown(c.before)} | ${shown(c.after)} | ${mdCell(c.title)} |`,
      );
  }
  return `${out.join('\n')}\n`;
}

export function renderDiffJson(d: RunDiff): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

export const DIFF_FORMATS = {
  text: renderDiffText,
  markdown: renderDiffMarkdown,
  json: renderDiffJson,
} as const;
