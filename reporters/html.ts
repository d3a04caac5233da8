// One self-contained HTML file: inline CSS, no script, no external asset, a CSP that forbids
// loading anything; every string that came from the target or the config escaped. Failures first.
import { byConcern, FILTERED_OUT } from '../src/report.ts';
import type { CheckResult, RecordedExchange, RequirementResult, VendorReport } from '../src/types.ts';
import { html } from './escape.ts';
import { filterLine, scoreLine } from './facts.ts';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{padding:16px 24px;background:#fff;border-bottom:1px solid #d0d7de}
main{padding:16px 24px;max-width:1200px}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:24px 0 8px}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
.conformant{background:#1a7f37}.not-conformant{background:#cf222e}.errored{background:#9a6700}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;border:1px solid #d0d7de;margin-right:4px;background:#fff}
.o-passed{color:#1a7f37}.o-failed{color:#cf222e}.o-errored{color:#9a6700}.o-skipped,.o-not-applicable{color:#57606a}
.req{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:8px 0;padding:8px 12px}
.req.failed{border-left:4px solid #cf222e}.req.errored{border-left:4px solid #9a6700}.req.passed{border-left:4px solid #1a7f37}
blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid #d0d7de;color:#57606a;white-space:pre-wrap}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all;max-height:320px}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
summary{word-break:break-all;cursor:pointer}
.filters{margin:8px 0}.filters label{display:inline-block;padding:2px 10px;border:1px solid #d0d7de;border-radius:12px;background:#fff;cursor:pointer;margin:0 4px 4px 0}
main>input{position:absolute;opacity:0;pointer-events:none}
#o-all:checked~.filters label[for=o-all],#o-broken:checked~.filters label[for=o-broken],#o-passed:checked~.filters label[for=o-passed],#o-other:checked~.filters label[for=o-other],#l-all:checked~.filters label[for=l-all],#l-must:checked~.filters label[for=l-must],#l-should:checked~.filters label[for=l-should]{background:#0969da;color:#fff;border-color:#0969da}
#o-broken:checked~#requirements .req:not(.failed):not(.errored),#o-passed:checked~#requirements .req:not(.passed),#o-other:checked~#requirements .req.failed,#o-other:checked~#requirements .req.errored,#o-other:checked~#requirements .req.passed,#l-must:checked~#requirements .req:not(.lvl-MUST),#l-should:checked~#requirements .req:not(.lvl-SHOULD){display:none}
code{word-break:break-all}header div{overflow-wrap:anywhere}
.check{margin:6px 0 6px 12px}.badge.contract{background:#ddf4ff;border-color:#54aeff}.badge.client{background:#fff8c5;border-color:#d4a72c}.failure{color:#cf222e;white-space:pre-wrap}
`;

function exchange(e: RecordedExchange): string {
  const req = [
    `${e.request.method} ${e.request.url}`,
    ...Object.entries(e.request.headers).map(([k, v]) => `${k}: ${v}`),
  ];
  if (e.request.body !== undefined) req.push('', e.request.body);
  const res = e.response
    ? [
        `HTTP ${e.response.status}${e.response.truncated ? ' (body cut at the size cap)' : ''}`,
        ...Object.entries(e.response.headers).map(([k, v]) => `${k}: ${v}`),
        '',
        e.response.body,
      ]
    : [`no response: ${e.error ?? ''}`];
  return `<details><summary>${html(e.request.method)} ${html(e.request.url)} → ${e.response ? `HTTP ${e.response.status}` : 'no response'} (${e.durationMs} ms)</summary><pre>${html(req.join('\n'))}</pre><pre>${html(res.join('\n'))}</pre>${e.curl ? `<div>reproduce (secrets redacted: put your own in):</div><pre class="curl">${html(e.curl)}</pre>` : ''}</details>`;
}

function check(c: CheckResult): string {
  const f = c.failure;
  const failure = f
    ? `<div class="failure">${html(f.title)}${f.received !== undefined ? `\nReceived: ${html(f.received)}` : ''}${f.documented !== undefined ? `\nDocumented: ${html(f.documented)}` : ''}${(f.messages ?? []).map((m) => `\n  - ${html(m)}`).join('')}</div>`
    : c.message && c.outcome !== 'passed'
      ? `<div class="${c.outcome === 'failed' || c.outcome === 'errored' ? 'failure' : `o-${c.outcome}`}">${html(c.message)}</div>`
      : '';
  const notes = c.notes.length ? `<ul>${c.notes.map((n) => `<li>${html(n)}</li>`).join('')}</ul>` : '';
  const origin =
    c.origin === 'contract' || c.origin === 'client'
      ? `<span class="badge ${c.origin}">${c.origin}</span>`
      : '';
  return `<div class="check"><span class="o-${c.outcome}">● ${html(c.outcome)}</span> ${origin}${html(c.title)} <small>(${c.durationMs} ms)</small>${failure}${notes}${c.exchanges.map(exchange).join('')}</div>`;
}

function requirement(r: RequirementResult, checks: CheckResult[]): string {
  if (r.filtered)
    return `<section class="req skipped filtered lvl-${html(r.level)}" id="${html(r.id)}"><div><b>${html(r.id)}</b> <span class="o-skipped">${FILTERED_OUT}</span> <span class="badge">${html(r.level)}</span> ${html(r.title)}</div></section>`;
  const mine = byConcern(checks.filter((c) => c.requirements.includes(r.id)));
  return `<section class="req ${r.outcome} lvl-${html(r.level)}" id="${html(r.id)}">
<div><b>${html(r.id)}</b> <span class="o-${r.outcome}">${html(r.outcome)}</span> <span class="badge">${html(r.level)}</span><span class="badge">${html(r.basis)}</span> ${html(r.title)}</div>
<blockquote>${html(r.quote)}</blockquote><small>source: ${html(r.source)}${r.note ? ` · ${html(r.note)}` : ''}</small>
${mine.length ? mine.map(check).join('') : '<div class="check">no check ran for this requirement</div>'}
</section>`;
}

export function renderHtml(report: VendorReport): string {
  const s = report.summary;
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `<span class="badge o-${html(k)}">${html(k)}: ${v}</span>`)
      .join(' ');
  const readings = report.readings
    .map(
      (r) =>
        `<tr><td>${html(r.kind)}</td><td><b>${html(r.title)}</b>${r.quotes.map((q) => `<blockquote>${html(q)}</blockquote>`).join('')}</td><td><code>readings.${html(r.configKey)}</code></td><td>${r.options.map((o) => `<div>${o.value === r.chosen ? '<b>✔ ' : ''}<code>${html(JSON.stringify(o.value))}</code>${o.value === r.chosen ? '</b>' : ''}: ${html(o.description)}</div>`).join('')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(report.vendor.title)}: ${html(report.verdict)}</title><style>${CSS}</style></head>
<body><header><h1>${html(report.vendor.title)} <span class="verdict ${html(report.verdict)}" id="verdict">${html(report.verdict)}</span></h1>
<div>target <code>${html(report.target.baseUrl)}</code>${report.target.embeddedMock ? ` (embedded reference mock${report.target.faults.length ? `, faults: ${html(report.target.faults.join(', '))}` : ''})` : ''} · run <code>${html(report.run.id)}</code> · ${html(report.run.startedAt)} · ${report.run.durationMs} ms · exit code ${report.exitCode}${report.strict ? ' · strict' : ''}</div>
<div id="score"><b>${html(scoreLine(report))}</b></div>
${report.filter ? `<div id="filter" class="o-failed"><b>${html(filterLine(report.filter))}</b>: they are not judged</div>` : ''}
<div>requirements ${counts(s.requirements)}</div><div>checks ${counts(s.checks)}</div>
${report.traffic ? `<div id="traffic">Traffic: ${report.traffic.exchanges} exchange(s) judged. ${html(report.requirements.map((r) => `${r.id}: ${report.traffic?.judged[r.id] ? `judged ${report.traffic.judged[r.id]} times` : 'never seen'}`).join('; '))}</div>` : ''}
${report.contract ? `<div id="contract">Pact contract: ${report.contract.interactions} interactions from <code>${html(report.contract.pactFiles.join(', '))}</code>, verified in ${report.contract.durationMs} ms (provider states: ${html(report.contract.providerStates)})</div>` : ''}
<div>MUST failed: ${s.mustFailed} · SHOULD failed: ${s.shouldFailed} · MUST not verified: ${s.mustUnverified}${s.mustUnverified ? ' (not applicable or skipped: the verdict does not cover them)' : ''} · specification: <code>${html(report.vendor.source)}</code></div></header>
<main>
${report.errors.length ? `<h2>Run errors</h2><ul id="errors">${report.errors.map((e) => `<li class="failure">${html(e)}</li>`).join('')}</ul>` : ''}
${
  report.baseline
    ? `<h2>Baseline</h2><div id="baseline">gated by <code>${html(report.baseline.file)}</code>: ${report.baseline.expectedFailures.length} known deviation(s)${report.baseline.newFailures.length ? `; <b class="o-failed">new failures: ${html(report.baseline.newFailures.join(', '))}</b>` : ''}${report.baseline.unexpectedPasses.length ? `; <b class="o-failed">now passing (remove from the baseline): ${html(report.baseline.unexpectedPasses.join(', '))}</b>` : ''}<ul>${report.baseline.expectedFailures.map((e) => `<li><a href="#${html(e.id)}">${html(e.id)}</a>: ${html(e.reason)}</li>`).join('')}</ul></div>`
    : ''
}
${report.warnings?.length ? `<h2>Warnings</h2><ul id="warnings">${report.warnings.map((w) => `<li>${html(w)}</li>`).join('')}</ul>` : ''}
<h2>Requirements (failures first)</h2>
<input type="radio" name="o" id="o-all" checked><input type="radio" name="o" id="o-broken"><input type="radio" name="o" id="o-passed"><input type="radio" name="o" id="o-other">
<input type="radio" name="l" id="l-all" checked><input type="radio" name="l" id="l-must"><input type="radio" name="l" id="l-should">
<div class="filters" id="filters">show <label for="o-all">all</label><label for="o-broken">failed or errored</label><label for="o-passed">passed</label><label for="o-other">not applicable or not run</label> · level <label for="l-all">all</label><label for="l-must">MUST</label><label for="l-should">SHOULD</label></div>
<div id="requirements">${byConcern(report.requirements)
    .map((r) => requirement(r, report.checks))
    .join('\n')}</div>
<h2>Contradictions and open points of the page</h2>
<table id="readings"><tr><th>kind</th><th>what the page says</th><th>config key</th><th>readings (✔ = used in this run)</th></tr>${readings}</table>
</main></body></html>
`;
}
