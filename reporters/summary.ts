// The run as a whole: reports/summary.json and reports/index.html, one row per vendor, linking
// each vendor's report. Written by every run and by `conformance merge` (shards of one run).
import { reportScore, type Score } from '../src/report.ts';
import type { VendorReport } from '../src/types.ts';
import { html, mdCell } from './escape.ts';

export interface RunSummary {
  exitCode: number;
  vendors: {
    id: string;
    title: string;
    verdict: VendorReport['verdict'];
    exitCode: number;
    baseUrl: string;
    runId: string;
    shard?: string;
    requirements: VendorReport['summary']['requirements'];
    /** Coverage and score, MUST and SHOULD apart (src/score.ts). */
    score: Score;
    /** Requirements --only/--exclude left out (not run), when the run was filtered. */
    filteredOut?: number;
  }[];
}

export function summarize(reports: readonly VendorReport[]): RunSummary {
  return {
    exitCode: reports.reduce((w, r) => Math.max(w, r.exitCode), 0),
    vendors: reports.map((r) => ({
      id: r.vendor.id,
      title: r.vendor.title,
      verdict: r.verdict,
      exitCode: r.exitCode,
      baseUrl: r.target.baseUrl,
      runId: r.run.id,
      ...(r.run.shard ? { shard: r.run.shard } : {}),
      requirements: r.summary.requirements,
      score: reportScore(r),
      ...(r.filter ? { filteredOut: r.filter.filteredOut.length } : {}),
    })),
  };
}

/** A percentage as a CSS bar and its figure ("n/a": nothing judged, no bar). */
function bar(n: number | null): string {
  return n === null ? 'n/a' : `<span class="bar"><i style="width:${n}%"></i></span>${n}%`;
}

export function renderSummaryHtml(s: RunSummary): string {
  const rows = s.vendors
    .map(
      (v) =>
        `<tr><td><a href="${html(encodeURIComponent(v.id))}/index.html">${html(v.title)}</a></td><td class="${html(v.verdict)}">${html(v.verdict)}</td><td>${v.exitCode}</td><td>${bar(v.score.score)}</td><td>${bar(v.score.coverage)}${v.filteredOut ? ` <b>filtered: ${v.filteredOut} not run</b>` : ''}</td><td><a href="${html(encodeURIComponent(v.id))}/badge.svg">badge.svg</a></td><td>${v.requirements.passed} passed, ${v.requirements.failed} failed, ${v.requirements.errored} errored, ${v.requirements['not-applicable']} n/a, ${v.requirements.skipped} skipped</td><td><code>${html(v.baseUrl)}</code></td><td>${html(v.shard ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Conformance: exit ${s.exitCode}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px}
.conformant{color:#1a7f37}.not-conformant{color:#cf222e}.errored{color:#9a6700}
.bar{display:inline-block;width:80px;height:8px;background:#eaeef2;margin-right:6px}.bar i{display:block;height:8px;background:#1a7f37}</style></head>
<body><h1>Conformance run: exit code ${s.exitCode}</h1>
<table><tr><th>vendor</th><th>verdict</th><th>exit</th><th>score</th><th>coverage</th><th>badge</th><th>requirements</th><th>target</th><th>shard</th></tr>
${rows}
</table></body></html>
`;
}

const pct = (n: number | null) => (n === null ? 'n/a' : `${n}%`);

/**
 * reports/summary.md: the run in one Markdown table (a pull-request comment, a CI job summary:
 * GITHUB_STEP_SUMMARY gets it appended), then each vendor's failing requirements, at most ten each.
 */
export function renderSummaryMarkdown(s: RunSummary, reports: readonly VendorReport[]): string {
  const out = [
    `## Conformance: exit code ${s.exitCode}`,
    '',
    '| vendor | verdict | score | coverage | passed | failed | errored | n/a | target |',
    '|---|---|---|---|---|---|---|---|---|',
    ...s.vendors.map(
      (v) =>
        `| ${mdCell(v.title)} | **${v.verdict}** | ${pct(v.score.score)} | ${pct(v.score.coverage)}${v.filteredOut ? ` (filtered: ${v.filteredOut} not run)` : ''} | ${v.requirements.passed} | ${v.requirements.failed} | ${v.requirements.errored} | ${v.requirements['not-applicable']} | \`${mdCell(v.baseUrl)}\` |`,
    ),
  ];
  for (const r of reports) {
    const bad = r.requirements.filter((q) => q.outcome === 'failed' || q.outcome === 'errored');
    if (bad.length === 0) continue;
    out.push('', `**${mdCell(r.vendor.title)}**: ${bad.length} requirement(s) not met`, '');
    for (const q of bad.slice(0, 10)) out.push(`- \`${q.id}\` ${q.level} ${q.outcome}: ${mdCell(q.title)}`);
    if (bad.length > 10) out.push(`- … and ${bad.length - 10} more (see ${mdCell(r.vendor.id)}/report.md)`);
  }
  return `${out.join('\n')}\n`;
}
