// Every requirement and reading traces to the page: documented quotes are verbatim lines of the
// vendor page copied into schemas/<vendor>/page.txt; inferred ones quote the page or related.txt
// (facts from other pages of the same documentation), and say why they are inferred.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { VENDORS } from '../vendors.ts';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

for (const vendor of VENDORS) {
  describe(`${vendor.id} catalogue`, () => {
    const dir = new URL(`../schemas/${vendor.id}/`, import.meta.url);
    const page = norm(readFileSync(new URL('page.txt', dir), 'utf8'));
    const relatedPath = new URL('related.txt', dir);
    const related = existsSync(relatedPath) ? norm(readFileSync(relatedPath, 'utf8')) : '';

    test('the page copy is the seed page, verbatim', () => {
      const seed = new URL(`../../shared/seeds/${vendor.source}`, import.meta.url);
      // The project stands alone; when the seeds are beside it, they must agree with the copy.
      if (existsSync(seed)) expect(page).toBe(norm(readFileSync(seed, 'utf8')));
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
        if (r.basis === 'inferred') expect(r.note ?? '', 'an inferred requirement says why').not.toBe('');
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
