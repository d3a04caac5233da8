// Every requirement and reading traces to the page: documented quotes are verbatim lines of the
// vendor page copied into schemas/<vendor>/page.txt; inferred ones quote the page or related.txt
// (facts from other pages of the same documentation), and say why they are inferred. The rule for
// level and basis (CONTRIBUTING.md) is enforced where a machine can check it.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { schemaErrors } from '../src/validate/json-schema.ts';
import { VENDORS } from '../vendors.ts';

/** Words that make a quote normative: a rule, a requirement, an outcome, a bound. */
const NORMATIVE =
  /\b(must|required|requires?|only|between|inclusive|returns?|returned|will|error|errors|invalid|not|optional|may|unique|begin|contain|valid|success|created|conflict|bad request|comma|separated)\b/i;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

for (const vendor of VENDORS) {
  describe(`${vendor.id} catalogue`, () => {
    const dir = new URL(`../schemas/${vendor.id}/`, import.meta.url);
    const page = norm(readFileSync(new URL('page.txt', dir), 'utf8'));
    const relatedPath = new URL('related.txt', dir);
    const related = existsSync(relatedPath) ? norm(readFileSync(relatedPath, 'utf8')) : '';

    // The project stands alone: a user's clone has no ../shared, and this test says so visibly.
    const seed = new URL(`../../shared/seeds/${vendor.source}`, import.meta.url);
    test.skipIf(!existsSync(seed))('the page copy is the seed page, verbatim (needs ../shared/seeds)', () => {
      expect(page).toBe(norm(readFileSync(seed, 'utf8')));
    });

    test('the readings part of the config schema matches the reading table', () => {
      const schema = vendor.configSchema as {
        properties?: { readings?: { properties?: Record<string, object & { enum?: unknown[] }> } };
      };
      const props = schema.properties?.readings?.properties ?? {};
      expect(Object.keys(props).sort()).toEqual(vendor.readings.map((r) => r.configKey).sort());
      for (const r of vendor.readings) {
        const sub = props[r.configKey] ?? {};
        const values = r.options.map((o) => o.value);
        if (sub.enum) expect([...sub.enum].sort(), r.configKey).toEqual([...values].sort());
        for (const v of values)
          expect(schemaErrors(sub, v), `${r.configKey} = ${JSON.stringify(v)}`).toEqual([]);
      }
    });

    test('requirement IDs are unique', () => {
      const ids = vendor.requirements.map((r) => r.id);
      expect(ids.length).toBe(new Set(ids).size);
    });

    for (const r of vendor.requirements) {
      test(`${r.id} quotes its source`, () => {
        expect(r.source).toBe(vendor.source);
        const lines = r.quote.split('\n').map(norm).filter(Boolean);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          const found = page.includes(line) || (r.basis === 'inferred' && related.includes(line));
          expect(
            found,
            `"${line}" is not in page.txt${r.basis === 'inferred' ? ' or related.txt' : ''}`,
          ).toBe(true);
        }
        if (r.basis === 'inferred') {
          expect(r.note ?? '', 'an inferred requirement says why').not.toBe('');
        }
      });

      test(`${r.id} follows the rule for level and basis`, () => {
        if (r.reading !== undefined) {
          expect(
            vendor.readings.map((x) => x.configKey),
            'a reading-gated requirement names an existing reading',
          ).toContain(r.reading);
        }
        if (r.literal !== undefined)
          expect(norm(r.quote), 'the literal is in the quote').toContain(norm(r.literal));
        if (r.statement !== undefined)
          expect(page, 'the statement is verbatim in page.txt').toContain(norm(r.statement));
        if (r.level === 'MUST' && r.basis === 'documented' && r.reading === undefined) {
          const normative = NORMATIVE.test(r.quote) || r.literal !== undefined || r.statement !== undefined;
          expect(
            normative,
            'a documented MUST quotes a normative statement, or names its literal or statement',
          ).toBe(true);
        }
      });
    }

    for (const reading of vendor.readings) {
      test(`reading ${reading.id} quotes the page and offers its default`, () => {
        for (const q of reading.quotes) {
          for (const line of q.split('\n').map(norm).filter(Boolean)) {
            expect(page.includes(line) || related.includes(line), `"${line}"`).toBe(true);
          }
        }
        expect(reading.options.map((o) => o.value)).toContain(reading.default);
      });
    }
  });
}

test('the README names every reading of every vendor (it is the user-facing list)', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const missing = VENDORS.flatMap((v) =>
    v.readings.filter((r) => !readme.includes(`\`${r.configKey}\``)).map((r) => `${v.id}.${r.configKey}`),
  );
  expect(missing).toEqual([]);
});
