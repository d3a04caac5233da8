// JUnit XML: one testcase per check, classname = vendor.requirement(s), so CI dashboards group
// by requirement. Skipped and not-applicable checks are <skipped/>; errored ones <error/>.
import { pct, reportScore } from '../src/report.ts';
import type { VendorReport } from '../src/types.ts';
import { xml } from './escape.ts';
import { filterLine } from './facts.ts';

export function renderJunit(report: VendorReport): string {
  const c = report.summary.checks;
  const total = report.checks.length;
  const time = (report.run.durationMs / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="conformance" tests="${total}" failures="${c.failed}" errors="${c.errored + report.errors.length}" skipped="${c.skipped + c['not-applicable']}" time="${time}">`,
    `  <testsuite name="${xml(report.vendor.id)}" tests="${total}" failures="${c.failed}" errors="${c.errored + report.errors.length}" skipped="${c.skipped + c['not-applicable']}" time="${time}" timestamp="${xml(report.run.startedAt)}">`,
    '    <properties>',
    `      <property name="verdict" value="${xml(report.verdict)}"/>`,
    `      <property name="baseUrl" value="${xml(report.target.baseUrl)}"/>`,
    `      <property name="runId" value="${xml(report.run.id)}"/>`,
    `      <property name="score" value="${pct(reportScore(report).score)}"/>`,
    `      <property name="coverage" value="${pct(reportScore(report).coverage)}"/>`,
    ...(report.filter ? [`      <property name="filter" value="${xml(filterLine(report.filter))}"/>`] : []),
    '    </properties>',
  ];
  for (const err of report.errors) {
    lines.push(`    <testcase classname="${xml(report.vendor.id)}.run" name="run" time="0">`);
    lines.push(`      <error message="${xml(err)}" type="run-error">${xml(err)}</error>`);
    lines.push('    </testcase>');
  }
  for (const check of report.checks) {
    const classname = `${report.vendor.id}.${check.requirements.join('+') || 'untagged'}`;
    lines.push(
      `    <testcase classname="${xml(classname)}" name="${xml(check.title)}" time="${(check.durationMs / 1000).toFixed(3)}">`,
    );
    const detail = [check.message ?? '', ...check.notes].filter(Boolean).join('\n');
    if (check.outcome === 'failed') {
      lines.push(
        `      <failure message="${xml(check.failure?.title ?? check.message ?? 'failed')}" type="non-conformance">${xml(detail)}</failure>`,
      );
    } else if (check.outcome === 'errored') {
      lines.push(
        `      <error message="${xml(check.message?.split('\n')[0] ?? 'errored')}" type="${xml(check.errorKind ?? 'error')}">${xml(detail)}</error>`,
      );
    } else if (check.outcome === 'skipped' || check.outcome === 'not-applicable') {
      lines.push(`      <skipped message="${xml(`${check.outcome}: ${check.message ?? ''}`)}"/>`);
    }
    if (check.exchanges.length > 0) {
      const ex = check.exchanges
        .map(
          (e) =>
            `${e.request.method} ${e.request.url} -> ${e.response ? `HTTP ${e.response.status}` : e.error}`,
        )
        .join('\n');
      lines.push(`      <system-out>${xml(ex)}</system-out>`);
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
