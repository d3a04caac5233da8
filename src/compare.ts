// `conformance compare <dir> <dir> …`: one grid per vendor, requirement × target (wpt.fyi's view),
// for a user who runs the suite against the vendor, a staging server and a re-implementation and
// wants to see where they differ. Reading the directories is diff.ts's readRunDir; the grid and
// its two renderings (Markdown, a self-contained HTML page without script) are pure.
import { html, mdCell } from '../reporters/escape.ts';
import { UsageError } from './config.ts';
import type { RunDir } from './diff.ts';
import type { Level, Outcome } from './types.ts';

export interface GridRow {
  id: string;
  level: Level;
  title: string;
  /** One cell per run, in the order given: the outcome, or null (not in that run). */
  cells: (Outcome | null)[];
  /** The runs disagree (one breaks the requirement or passes it where another does not). */
  differs: boolean;
}

export interface VendorGrid {
  id: string;
  title: string;
  /** Per run, the target this vendor was run against (null: not in that run). */
  targets: (string | null)[];
  rows: GridRow[];
}

export interface Comparison {
  labels: string[];
  vendors: VendorGrid[];
}

/** The label of each run: --label, else the host of its first target (embedded mocks included). */
export function labelsOf(runs: readonly RunDir[], given: readonly string[] = []): string[] {
  if (given.length > 0 && given.length !== runs.length)
    throw new UsageError(`--label: give one label per directory (${runs.length}), got ${given.length}`);
  return runs.map((r, i) => {
    if (given[i]) return given[i];
    const url = r.reports[0]?.target.baseUrl ?? r.dir;
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  });
}

const group = (o: Outcome | null): string =>
  o === 'failed' || o === 'errored' ? 'broken' : o === 'passed' ? 'passed' : String(o);

export function compareRuns(runs: readonly RunDir[], labels: readonly string[]): Comparison {
  if (runs.length < 2) throw new UsageError('compare: give at least two report directories');
  const ids = [...new Set(runs.flatMap((r) => r.reports.map((v) => v.vendor.id)))].sort();
  const vendors = ids.map((id): VendorGrid => {
    const reports = runs.map((r) => r.reports.find((v) => v.vendor.id === id));
    const first = reports.find((r) => r !== undefined);
    const seen = new Map<string, { level: Level; title: string }>();
    for (const r of reports) for (const q of r?.requirements ?? []) if (!seen.has(q.id)) seen.set(q.id, q);
    const rows = [...seen].map(([qid, q]): GridRow => {
      const cells = reports.map((r) => r?.requirements.find((x) => x.id === qid)?.outcome ?? null);
      const groups = new Set(cells.filter((c) => c !== null && c !== 'skipped').map(group));
      return { id: qid, level: q.level, title: q.title, cells, differs: groups.size > 1 };
    });
    return {
      id,
      title: first?.vendor.title ?? id,
      targets: reports.map((r) => r?.target.baseUrl ?? null),
      rows,
    };
  });
  return { labels: [...labels], vendors };
}

const MARK: Record<string, string> = {
  passed: 'pass',
  failed: 'FAIL',
  errored: 'ERR',
  skipped: 'skip',
  'not-applicable': 'n/a',
};
const cell = (o: Outcome | null) => (o === null ? '—' : (MARK[o] ?? o));

export function renderCompareMarkdown(c: Comparison): string {
  const out = [`# Conformance compared: ${c.labels.map((l) => mdCell(l)).join(' · ')}`, ''];
  for (const v of c.vendors) {
    const differ = v.rows.filter((r) => r.differs).length;
    out.push(
      `## ${mdCell(v.title)}`,
      '',
      `${differ} requirement(s) where the targets differ (marked ≠). Targets: ${v.targets.map((t, i) => `${mdCell(c.labels[i])} \`${mdCell(t ?? 'not run')}\``).join(', ')}.`,
      '',
      `| | requirement | level | ${c.labels.map((l) => mdCell(l)).join(' | ')} |`,
      `|---|---|---|${c.labels.map(() => '---').join('|')}|`,
      ...v.rows.map(
        (r) => `| ${r.differs ? '≠' : ''} | ${r.id} | ${r.level} | ${r.cells.map(cell).join(' | ')} |`,
      ),
      '',
    );
  }
  return out.join('\n');
}

export function renderCompareHtml(c: Comparison): string {
  const sections = c.vendors
    .map((v) => {
      const head = c.labels
        .map((l, i) => `<th>${html(l)}<br><code>${html(v.targets[i] ?? 'not run')}</code></th>`)
        .join('');
      const rows = v.rows
        .map(
          (r) =>
            `<tr class="${r.differs ? 'differs' : 'same'}"><td>${r.differs ? '≠' : ''}</td><td><b>${html(r.id)}</b> ${html(r.title)}</td><td>${r.level}</td>${r.cells.map((o) => `<td class="${html(o ?? 'absent')}">${html(cell(o))}</td>`).join('')}</tr>`,
        )
        .join('\n');
      return `<h2>${html(v.title)}</h2>
<p>${v.rows.filter((r) => r.differs).length} requirement(s) where the targets differ.</p>
<table><tr><th></th><th>requirement</th><th>level</th>${head}</tr>
${rows}
</table>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Conformance compared</title>
<style>body{font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse;margin-bottom:16px}
td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
.passed{background:#dafbe1}.failed,.errored{background:#ffebe9;font-weight:bold}.not-applicable,.skipped,.absent{color:#6e7781}
tr.differs td:first-child{color:#cf222e;font-weight:bold}
#only-differ:checked ~ table tr.same, #only-differ:checked ~ section tr.same{display:none}</style></head>
<body><h1>Conformance compared: ${c.labels.map((l) => html(l)).join(' · ')}</h1>
<input type="checkbox" id="only-differ"><label for="only-differ"> only the requirements where the targets differ</label>
<section>
${sections}
</section></body></html>
`;
}
