// Score and coverage as every renderer shows them, and reports/<vendor>/badge.svg.
import { XmlDocument } from 'libxml2-wasm';
import { describe, expect, test } from 'vitest';
import { badgeColour, renderBadge } from '../../reporters/badge.ts';
import { renderSummaryTable } from '../../reporters/console.ts';
import { renderHtml } from '../../reporters/html.ts';
import { renderJunit } from '../../reporters/junit.ts';
import { renderSummaryHtml, summarize } from '../../reporters/summary.ts';
import { reportScore } from '../../src/report.ts';
import type { VendorReport } from '../../src/types.ts';
import { sampleReport } from './sample.ts';

const report = sampleReport(); // 1 passed, 1 failed (MUST), 1 n/a (SHOULD): score 50%, coverage 66%
const sampleScore = reportScore(report);
const hostile = (): VendorReport => ({ ...report, vendor: { ...report.vendor, id: '<x>&"\'' } });

describe('score and coverage in the renderers', () => {
  test('the canonical report stores them; console table, summary.json, HTML and JUnit show them', () => {
    expect(report.summary.score).toEqual({
      MUST: { total: 2, judged: 2, passed: 1 },
      SHOULD: { total: 1, judged: 0, passed: 0 },
      coverage: 66,
      score: 50,
    });
    expect(renderSummaryTable([report])).toMatch(/^vendor\s+verdict\s+exit\s+score\s+coverage/);
    expect(renderSummaryTable([report])).toMatch(/demo\s+not-conformant\s+1\s+50%\s+66%/);
    expect(summarize([report]).vendors[0]?.score.coverage).toBe(66);
    expect(renderSummaryHtml(summarize([report]))).toContain('<i style="width:50%"></i></span>50%');
    expect(renderHtml(report)).toContain(
      '<div id="score"><b>score: 50% of the judged requirements passed; coverage: 66% judged (MUST 2/2, SHOULD 0/1)</b></div>',
    );
    expect(renderJunit(report)).toContain('<property name="score" value="50%"/>');
  });
});

describe('badge.svg', () => {
  test('well-formed, self-contained (no link, font, image or script), every string escaped', () => {
    const svg = renderBadge(hostile());
    const doc = XmlDocument.fromString(svg);
    try {
      expect(doc.find('//*[local-name()="text"]').map((n) => n.content)).toEqual([
        '<x>&"\'',
        '50% · 66% judged',
      ]);
    } finally {
      doc.dispose();
    }
    expect(svg).not.toMatch(
      /href|url\(|@import|@font-face|<image|<script|<foreignObject|https?:\/\/(?!www\.w3\.org\/2000\/svg")/i,
    );
    expect(svg).toContain('&lt;x&gt;&amp;&quot;&#39;');
  });

  test('green only for a conformant run with every judged requirement passed; red when not conformant; grey when nothing judged', () => {
    expect(badgeColour(report)).toBe('#cf222e');
    const passed = {
      ...report,
      verdict: 'conformant' as const,
      summary: { ...report.summary, score: { ...sampleScore, score: 100 } },
    };
    expect(badgeColour(passed)).toBe('#1a7f37');
    expect(badgeColour({ ...passed, verdict: 'errored' })).toBe('#9a6700');
    const none = {
      ...report,
      summary: { ...report.summary, score: { ...sampleScore, score: null } },
    };
    expect(badgeColour(none)).toBe('#6e7781');
    expect(renderBadge(none)).toContain('n/a · 66% judged');
  });
});
