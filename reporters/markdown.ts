import { byConcern, FILTERED_OUT } from '../src/report.ts';
import type { VendorReport } from '../src/types.ts';
import { mdCell } from './escape.ts';
import { filterLine, scoreLine } from './facts.ts';

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
    `${scoreLine(report).replace(/^score/, 'Score')}.`,
    '',
    ...(report.filter ? [`**${mdCell(filterLine(report.filter))}**: they are not judged.`, ''] : []),
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
    const from = failing?.origin === 'contract' || failing?.origin === 'client' ? `[${failing.origin}] ` : '';
    const detail = failing ? `${from}${failing.failure?.title ?? failing.message ?? ''}` : '';
    out.push(
      `| ${r.id} | ${r.filtered ? FILTERED_OUT : r.outcome} | ${r.level} | ${r.basis} | ${mdCell(r.title)} | ${mdCell(detail)} |`,
    );
  }
  if (report.traffic) {
    const t = report.traffic;
    out.push(
      '',
      `Traffic: ${t.exchanges} exchange(s) judged. ${report.requirements
        .map((r) => `${r.id}: ${t.judged[r.id] ? `judged ${t.judged[r.id]} times` : 'never seen'}`)
        .join('; ')}`,
      '',
    );
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
  const repro = byConcern(report.checks).filter((c) => c.exchanges.some((e) => e.curl));
  if (repro.length > 0) {
    out.push(
      '',
      '## Reproducers',
      '',
      'Each failing request as curl (secrets stay redacted: put your own in).',
    );
    for (const c of repro) {
      const text = c.exchanges.flatMap((e) => (e.curl ? [e.curl] : [])).join('\n');
      // A fence longer than any run of backticks in the commands, so none can close it.
      const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      out.push(
        '',
        `### ${mdCell(c.title)} (${c.outcome}; ${mdCell(c.requirements.join(', '))})`,
        '',
        `${fence}sh`,
        text,
        fence,
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
