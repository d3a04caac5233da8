import { byConcern } from '../src/report.ts';
import type { VendorReport } from '../src/types.ts';
import { mdCell } from './escape.ts';

export function renderMarkdown(report: VendorReport): string {
  const s = report.summary;
  const out = [
    `# ${mdCell(report.vendor.title)}: **${report.verdict}**`,
    '',
    `Target \`${mdCell(report.target.baseUrl)}\`${report.target.embeddedMock ? ' (embedded reference mock)' : ''}, run \`${report.run.id}\`, ${report.run.startedAt}, exit code ${report.exitCode}.`,
    '',
    `Requirements: ${Object.entries(s.requirements)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}. MUST failed: ${s.mustFailed}, SHOULD failed: ${s.shouldFailed}, MUST not verified: ${s.mustUnverified}.`,
    '',
  ];
  if (report.baseline) {
    const b = report.baseline;
    out.push(
      '## Baseline',
      '',
      `Gated by \`${mdCell(b.file)}\`: new failures: ${b.newFailures.join(', ') || 'none'}; now passing: ${b.unexpectedPasses.join(', ') || 'none'}.`,
      '',
      ...b.expectedFailures.map((e) => `- ${e.id}: ${mdCell(e.reason)}`),
      '',
    );
  }
  if (report.warnings?.length)
    out.push('## Warnings', '', ...report.warnings.map((w) => `- ${mdCell(w)}`), '');
  if (report.errors.length) out.push('## Run errors', '', ...report.errors.map((e) => `- ${mdCell(e)}`), '');
  out.push(
    '## Requirements',
    '',
    '| ID | outcome | level | basis | requirement | detail |',
    '|---|---|---|---|---|---|',
  );
  for (const r of byConcern(report.requirements)) {
    const failing = report.checks.find(
      (c) => c.requirements.includes(r.id) && c.outcome === r.outcome && c.outcome !== 'passed',
    );
    const from = failing?.origin === 'contract' ? '[contract] ' : '';
    const detail = failing ? `${from}${failing.failure?.title ?? failing.message ?? ''}` : '';
    out.push(`| ${r.id} | ${r.outcome} | ${r.level} | ${r.basis} | ${mdCell(r.title)} | ${mdCell(detail)} |`);
  }
  if (report.contract) {
    const k = report.contract;
    out.push(
      '',
      '## Pact contract',
      '',
      `${k.interactions} interactions from ${k.pactFiles.map((f) => `\`${mdCell(f)}\``).join(', ')}, verified by the Pact verifier in ${k.durationMs} ms (provider states: ${k.providerStates}).`,
      '',
      '| interaction | outcome | requirements | mismatch |',
      '|---|---|---|---|',
    );
    for (const c of byConcern(report.checks.filter((ch) => ch.origin === 'contract'))) {
      const mismatch = c.failure?.messages?.join('; ') ?? (c.outcome === 'passed' ? '' : (c.message ?? ''));
      out.push(
        `| ${mdCell(c.title.replace(/^contract: /, ''))} | ${c.outcome} | ${mdCell(c.requirements.join(', '))} | ${mdCell(mismatch)} |`,
      );
    }
  }
  out.push(
    '',
    '## Contradictions and open points',
    '',
    '| kind | point | config key | used |',
    '|---|---|---|---|',
  );
  for (const r of report.readings) {
    out.push(
      `| ${r.kind} | ${mdCell(r.title)} | \`readings.${r.configKey}\` | \`${mdCell(JSON.stringify(r.chosen))}\` |`,
    );
  }
  return `${out.join('\n')}\n`;
}
