// reports/<vendor>/badge.svg: a shields-style badge for a README, "<vendor> | 97% · 90% judged".
// Self-contained: no external font, link or image; every string escaped. The width is estimated
// from the text (about 7 px a character at 11 px Verdana), as shields does without a font file.
import { pct, reportScore } from '../src/report.ts';
import type { VendorReport } from '../src/types.ts';
import { xml } from './escape.ts';

const COLOUR = { good: '#1a7f37', bad: '#cf222e', partial: '#9a6700', none: '#6e7781' } as const;

/** Green only for a conformant run whose judged requirements all passed. */
export function badgeColour(report: Pick<VendorReport, 'verdict' | 'summary' | 'requirements'>): string {
  const { score } = reportScore(report);
  if (score === null) return COLOUR.none;
  if (report.verdict === 'not-conformant') return COLOUR.bad;
  if (report.verdict === 'conformant' && score === 100) return COLOUR.good;
  return COLOUR.partial;
}

const width = (text: string) => Math.round(text.length * 7 + 10);

export function renderBadge(report: VendorReport): string {
  const sc = reportScore(report);
  const label = report.vendor.id;
  const message = `${pct(sc.score)} · ${pct(sc.coverage)} judged${report.filter ? ' (filtered)' : ''}`;
  const lw = width(label);
  const mw = width(message);
  const title = `${label}: score ${pct(sc.score)}, coverage ${pct(sc.coverage)}, ${report.verdict}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + mw}" height="20" role="img" aria-label="${xml(title)}">
<title>${xml(title)}</title>
<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${badgeColour(report)}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${xml(label)}</text><text x="${lw + mw / 2}" y="14">${xml(message)}</text>
</g></svg>
`;
}
