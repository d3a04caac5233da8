// Every renderer reads the canonical report; strings from the target are escaped in each format.
import { XmlDocument } from 'libxml2-wasm';
import { describe, expect, test } from 'vitest';
import { renderConsole } from '../../reporters/console.ts';
import { renderHtml } from '../../reporters/html.ts';
import { renderJson } from '../../reporters/json.ts';
import { renderJunit } from '../../reporters/junit.ts';
import { renderMarkdown } from '../../reporters/markdown.ts';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { sampleReport } from './sample.ts';

const report = sampleReport();

describe('renderers', () => {
  test('the canonical JSON validates against schemas/report.schema.json', () => {
    expect(schemaErrors(reportSchema, JSON.parse(renderJson(report)))).toEqual([]);
  });

  test('HTML: self-contained, no script, every hostile string escaped, failures first', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.indexOf('id="D-BAD"')).toBeLessThan(html.indexOf('id="D-OK"'));
  });

  test('JUnit: well-formed XML, one testcase per check, counts right, control bytes removed', () => {
    const xml = renderJunit(report);
    const doc = XmlDocument.fromString(xml);
    try {
      expect(doc.find('//testcase').length).toBe(3);
      expect(doc.get('//testsuite/@failures')?.content).toBe('1');
      expect(doc.get('//testsuite/@skipped')?.content).toBe('1');
      expect(doc.get('//testcase[failure]/@classname')?.content).toBe('demo.D-BAD');
    } finally {
      doc.dispose();
    }
    expect(xml).not.toContain('\u0001');
  });

  test('Markdown: pipes and newlines cannot break the table (snapshot)', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('\\| pipe');
    expect(md).toMatchSnapshot();
  });

  test('console: failures listed with their reason, counts, verdict (snapshot)', () => {
    const out = renderConsole(report);
    expect(out).toContain('FAIL D-BAD');
    expect(out).toMatch(/verdict: NOT-CONFORMANT \(exit 1\)/);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('\\x1b[31mred');
    expect(out).toMatchSnapshot();
  });
});
