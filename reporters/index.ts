import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VendorReport } from '../src/types.ts';
import { renderBadge } from './badge.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';

import { renderSummaryHtml, renderSummaryMarkdown, summarize } from './summary.ts';

export { renderConsole, renderSummaryTable } from './console.ts';

export const RENDERERS = {
  'report.json': renderJson,
  'index.html': renderHtml,
  'junit.xml': renderJunit,
  'report.md': renderMarkdown,
  'badge.svg': renderBadge,
} as const;

/** Writes every rendering of one vendor's report under dir/<vendor>/ and returns the paths. */
export function writeReports(report: VendorReport, dir: string): string[] {
  const out = join(dir, report.vendor.id);
  mkdirSync(out, { recursive: true });
  return Object.entries(RENDERERS).map(([name, render]) => {
    const path = join(out, name);
    writeFileSync(path, render(report));
    return path;
  });
}

/** reports/summary.json and reports/index.html over every vendor of the run. */
export function writeSummary(reports: readonly VendorReport[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const s = summarize(reports);
  const json = join(dir, 'summary.json');
  const page = join(dir, 'index.html');
  const md = join(dir, 'summary.md');
  writeFileSync(json, `${JSON.stringify(s, null, 2)}\n`);
  writeFileSync(page, renderSummaryHtml(s));
  writeFileSync(md, renderSummaryMarkdown(s, reports));
  return [json, page, md];
}
