// The console summary: one line per requirement that is not passing, counts, and the verdict.
import { byConcern, FILTERED_OUT, pct, reportScore } from '../src/report.ts';
import type { VendorReport } from '../src/types.ts';
import { filterLine, scoreLine } from './facts.ts';

/** Target text on a terminal: control characters (ANSI escapes among them) shown, never obeyed. */
function safe(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const MARK: Record<string, string> = {
  passed: 'ok  ',
  failed: 'FAIL',
  errored: 'ERR ',
  skipped: 'skip',
  'not-applicable': 'n/a ',
};

export function renderConsole(report: VendorReport, opts: { verbose?: boolean } = {}): string {
  const s = report.summary;
  const lines = [
    `${report.vendor.title} @ ${report.target.baseUrl}${report.target.embeddedMock ? ' (embedded mock)' : ''}`,
  ];
  const width = Math.max(...report.requirements.map((r) => r.id.length), 4);
  // A contract-only run (pact verify) leaves the requirements no interaction covers unchecked:
  // counted, not listed one by one.
  const contractOnly = !!report.contract && report.checks.every((c) => c.origin === 'contract');
  let uncovered = 0;
  // The same reason for many requirements (a target that went down) is said once, with the IDs.
  const grouped = new Map<string, string[]>();
  for (const r of byConcern(report.requirements)) {
    if (r.outcome === 'passed' && !opts.verbose) continue;
    if (r.filtered) {
      // Said once below, with the filter; listed one by one only when asked.
      if (opts.verbose)
        lines.push(
          `  ${MARK.skipped} ${r.id.padEnd(width)} ${r.level.padEnd(6)} ${r.title}: ${FILTERED_OUT}`,
        );
      continue;
    }
    if (contractOnly && r.outcome === 'skipped' && r.checks.length === 0 && !opts.verbose) {
      uncovered += 1;
      continue;
    }
    const failing = report.checks.find(
      (c) => c.requirements.includes(r.id) && c.outcome === r.outcome && c.outcome !== 'passed',
    );
    const from = failing?.origin === 'contract' || failing?.origin === 'client' ? `[${failing.origin}] ` : '';
    const reason = (failing?.failure?.title ?? failing?.message ?? '').split('\n')[0] ?? '';
    // What came back, on the same line: a status or a content encoding explains many a failure.
    const received = failing?.failure?.received?.split('\n')[0];
    const why = failing ? `: ${from}${reason}${received ? ` (received: ${clip(received, 100)})` : ''}` : '';
    if (reason.startsWith('not run: ')) {
      grouped.set(reason, [...(grouped.get(reason) ?? []), r.id]);
      continue;
    }
    lines.push(`  ${MARK[r.outcome]} ${r.id.padEnd(width)} ${r.level.padEnd(6)} ${r.title}${why}`);
  }
  for (const [reason, ids] of grouped) lines.push(`  ${MARK.errored} ${reason}: ${ids.join(', ')}`);
  if (uncovered > 0)
    lines.push(`  ${uncovered} requirements no contract interaction covers (the suite checks them)`);
  for (const e of report.errors) lines.push(`  ERR  ${e}`);
  for (const w of report.warnings ?? []) lines.push(`  warn ${w}`);
  if (report.traffic) {
    // Passive coverage: how often the traffic judged each requirement, and which it never exercised.
    const t = report.traffic;
    const never = report.requirements.filter((r) => !t.judged[r.id]).map((r) => r.id);
    const judged = Object.entries(t.judged).map(([id, n]) => `${id} ${n}x`);
    lines.push(`  traffic: ${t.exchanges} exchange(s) judged; judged: ${judged.join(', ') || 'none'}`);
    if (never.length > 0) lines.push(`  traffic: never seen: ${never.join(', ')}`);
  }
  if (report.contract) {
    const k = report.contract;
    const mine = report.checks.filter((ch) => ch.origin === 'contract');
    const n = (o: string) => mine.filter((ch) => ch.outcome === o).length;
    lines.push(
      `  contract: ${k.interactions} interactions (${k.pactFiles.join(', ')}): ${n('passed')} passed, ${n('failed')} failed, ${n('errored')} errored; verified in ${k.durationMs} ms, provider states: ${k.providerStates}`,
    );
  }
  if (s.mustUnverified > 0 && !contractOnly) {
    lines.push(
      `  note: ${s.mustUnverified} MUST requirement(s) not verified (not applicable or skipped): the verdict does not cover them`,
    );
  }
  const needs = new Map<string, string[]>();
  for (const r of report.requirements)
    for (const key of r.needs ?? []) needs.set(key, [...(needs.get(key) ?? []), r.id]);
  for (const [key, ids] of needs) lines.push(`  to verify ${ids.join(', ')}: set ${key} in the config`);
  if (report.baseline) {
    const b = report.baseline;
    lines.push(
      `  baseline ${b.file}: ${b.expectedFailures.length} known deviation(s)${b.newFailures.length ? `; NEW failures: ${b.newFailures.join(', ')}` : ''}${b.unexpectedPasses.length ? `; now passing, remove from the baseline: ${b.unexpectedPasses.join(', ')}` : ''}`,
    );
  }
  if (report.filter) lines.push(`  ${filterLine(report.filter)}`);
  lines.push(`  ${scoreLine(report)}`);
  const c = s.checks;
  lines.push(
    `  requirements: ${s.requirements.passed} passed, ${s.requirements.failed} failed, ${s.requirements.errored} errored, ${s.requirements.skipped} skipped, ${s.requirements['not-applicable']} n/a`,
    `  checks: ${c.passed} passed, ${c.failed} failed, ${c.errored} errored, ${c.skipped} skipped, ${c['not-applicable']} n/a`,
    `  verdict: ${report.verdict.toUpperCase()} (exit ${report.exitCode})`,
  );
  return safe(lines.join('\n'));
}

/** One row per vendor: the table a CI log ends with. */
export function renderSummaryTable(reports: readonly VendorReport[]): string {
  const head = [
    'vendor',
    'verdict',
    'exit',
    'score',
    'coverage',
    'passed',
    'failed',
    'errored',
    'n/a',
    'skipped',
    'MUST failed',
  ];
  const rows = reports.map((r) => {
    const q = r.summary.requirements;
    const sc = reportScore(r);
    return [
      r.vendor.id,
      r.verdict,
      String(r.exitCode),
      pct(sc.score),
      `${pct(sc.coverage)}${r.filter ? ' (filtered)' : ''}`,
      String(q.passed),
      String(q.failed),
      String(q.errored),
      String(q['not-applicable']),
      String(q.skipped),
      String(r.summary.mustFailed),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return safe([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
