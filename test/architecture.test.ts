// The imports that must never exist (ARCHITECTURE.md): the engine never imports a vendor, checks
// never import mocks, mocks never import checks, renderers read only the report model.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

/** Project-relative targets of every relative import (static and dynamic) in a file. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.[^'"]+)['"]/g)].map(
    (m) => m[1] as string,
  );
  return specs.map((s) => relative(ROOT, resolve(join(ROOT, file, '..'), s)));
}

const rules: [string, (target: string) => boolean, string][] = [
  [
    'src',
    (t) => /^(suites|mocks|contracts)\/|^vendors\.ts$|^schemas\/[^/]+\//.test(t),
    'the engine never imports a vendor',
  ],
  ['suites', (t) => t.startsWith('mocks/'), 'checks never import mocks'],
  ['mocks', (t) => t.startsWith('suites/'), 'mocks never import checks'],
  [
    'reporters',
    (t) => !(t.startsWith('reporters/') || t === 'src/types.ts' || t === 'src/report.ts'),
    'renderers read only the report model',
  ],
];

describe('architecture', () => {
  for (const [dir, forbidden, why] of rules) {
    test(`${dir}/: ${why}`, () => {
      const offending = files(dir).flatMap((f) =>
        imports(f)
          .filter(forbidden)
          .map((t) => `${f} -> ${t}`),
      );
      expect(offending).toEqual([]);
    });
  }

  const VENDOR_TOPS = ['schemas', 'suites', 'mocks', 'contracts', 'test'];
  const vendorOf = (path: string) => {
    const [top, vendor, ...rest] = path.split('/');
    return top && VENDOR_TOPS.includes(top) && rest.length > 0 ? vendor : undefined;
  };
  const vendors = readdirSync(join(ROOT, 'suites')).filter((d) =>
    statSync(join(ROOT, 'suites', d)).isDirectory(),
  );

  test("no vendor tree imports another vendor's tree", () => {
    const offending = VENDOR_TOPS.flatMap((top) => files(top)).flatMap((f) => {
      const mine = vendorOf(f);
      if (!mine || !vendors.includes(mine)) return [];
      return imports(f)
        .filter((t) => {
          const theirs = vendorOf(t);
          return theirs !== undefined && theirs !== mine && vendors.includes(theirs);
        })
        .map((t) => `${f} -> ${t}`);
    });
    expect(offending).toEqual([]);
  });

  test('no string path into suites/ or mocks/ outside vendors.ts (product code; imports excepted)', () => {
    // vendors.ts is where suites and mocks are joined; tests may name what they test.
    const product = ['src', 'suites', 'mocks', 'contracts', 'reporters', 'bench', 'bin'].flatMap((d) =>
      files(d),
    );
    const offending = product.flatMap((f) => {
      const code = readFileSync(join(ROOT, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
        .replace(/(?:from\s+|import\s*\(\s*)['"][^'"]+['"]/g, '');
      return [...code.matchAll(/['"`][^'"`\n]*\b(?:suites|mocks)\/[^'"`\n]*['"`]/g)].map(
        (m) => `${f}: ${m[0]}`,
      );
    });
    expect(offending).toEqual([]);
  });

  test('the rule catches an offending import (the scanner works)', () => {
    expect(imports('vendors.ts').some((t) => t.startsWith('mocks/'))).toBe(true);
  });
});
