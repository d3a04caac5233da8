// The TextMarks input domains (suites/textmarks/domains.ts) keep to the page's schema: every valid
// value, boundary or random, validates as a set_integration_config request; every invalid one does
// not, and no URL parser takes it for a URL; the same seed gives the same values. Several seeds.
import { describe, expect, test } from 'vitest';
import { type DomainSide, sample } from '../../src/generate.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  DOMAINS,
  describeNone,
  describeToken,
  JSONP_PATTERN,
  MAX_CALLBACK,
  MAX_URL,
  NONE,
} from '../../suites/textmarks/domains.ts';
import { SCHEMAS } from '../../suites/textmarks/schemas.ts';

const SEEDS = [1, 7, 42, 2024, 987654321];
const SIDES: DomainSide<string>[] = [
  DOMAINS.callbackUrl,
  DOMAINS.callbackNotUrl,
  DOMAINS.privateToken,
  DOMAINS.jsonpCallback,
  DOMAINS.jsonpNotIdentifier,
];
const EXAMPLES = 60;
const request = (extra: Record<string, string>) =>
  schemaErrors(SCHEMAS.setRequest, { auth_user: 'u', auth_pass: 'p', tm: 'KEYWORD', ...extra });
const RESERVED =
  /(^|\.)example\.(com|net|org)$|\.test$|\.invalid$|^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/;
/** WHATWG's reading of a callback template (the substitution codes hidden from the parser, as a target would). */
const parse = (v: string): URL | undefined => {
  try {
    return new URL(v.replace(/\\/g, '%5C'));
  } catch {
    return undefined;
  }
};

describe('textmarks: the input domains keep to the schema', () => {
  test('NONE is read from the schema', () => {
    expect(NONE).toBe('NONE');
  });

  for (const seed of SEEDS) {
    test(`seed ${seed}: valid callback URLs validate, reach reserved hosts only, and a URL parser keeps them as sent`, () => {
      const values = sample(DOMAINS.callbackUrl, { seed, examples: EXAMPLES });
      expect(values).toHaveLength(EXAMPLES);
      for (const v of values) {
        expect(request({ group_callback_url: v }), v).toEqual([]);
        expect(v.length, v).toBeLessThanOrEqual(MAX_URL);
        const u = parse(v);
        expect(u?.hostname, v).toMatch(RESERVED);
        // Fair on any target: a WHATWG-normalising store gives back the very same string.
        expect(u?.href, v).toBe(v.replace(/\\/g, '%5C'));
      }
    });

    test(`seed ${seed}: values that are neither URL nor NONE violate the schema, and no URL parser reads them`, () => {
      const values = sample(DOMAINS.callbackNotUrl, { seed, examples: EXAMPLES });
      expect(values).toHaveLength(EXAMPLES);
      for (const v of values) {
        expect(request({ group_callback_url: v }).length, v).toBeGreaterThan(0);
        expect(parse(v.trim()), v).toBeUndefined();
        expect(v.trim(), v).not.toBe(NONE);
        expect(v.trim(), v).not.toBe('');
      }
    });

    test(`seed ${seed}: private tokens validate, printable ASCII, 8 to 64 characters, never blank-edged or NONE`, () => {
      const values = sample(DOMAINS.privateToken, { seed, examples: EXAMPLES });
      for (const v of values) {
        expect(request({ private_token: v }), v).toEqual([]);
        expect(v, v).toMatch(/^[\x20-\x7e]{8,64}$/);
        expect(v.trim()).toBe(v);
        expect(v).not.toBe(NONE);
      }
    });
  }

  test('the boundary values come first, one per class, with distinct labels and values', () => {
    for (const side of SIDES) {
      const labels = side.boundary.map((b) => b.label);
      expect(new Set(labels).size).toBe(labels.length);
      expect(new Set(side.boundary.map((b) => b.value)).size).toBe(labels.length);
      expect(sample(side, { seed: 3, examples: 4 })).toEqual(side.boundary.slice(0, 4).map((b) => b.value));
    }
    expect(DOMAINS.callbackUrl.boundary.map((b) => b.value.length)).toContain(MAX_URL);
    expect(DOMAINS.privateToken.boundary.map((b) => b.value.length)).toEqual(expect.arrayContaining([8, 64]));
  });

  test('the same seed gives the same values, another seed others', () => {
    for (const side of SIDES) {
      const g = { seed: 1234, examples: 40 };
      expect(sample(side, g)).toEqual(sample(side, g));
      expect(sample(side, { ...g, seed: 4321 })).not.toEqual(sample(side, g));
    }
  });

  for (const seed of SEEDS) {
    test(`seed ${seed}: NONE follows a valid URL, and the request with NONE (and a token) validates`, () => {
      const values = sample(DOMAINS.noneClears, { seed, examples: EXAMPLES });
      expect(values).toHaveLength(EXAMPLES);
      for (const v of values) {
        expect(request({ group_callback_url: v.before }), v.before).toEqual([]);
        expect(parse(v.before)?.hostname, v.before).toMatch(RESERVED);
        expect(
          request({ group_callback_url: NONE, ...(v.withToken ? { private_token: 'tok' } : {}) }),
        ).toEqual([]);
      }
      expect(values.some((v) => v.withToken)).toBe(true);
      expect(values.some((v) => !v.withToken)).toBe(true);
    });

    test(`seed ${seed}: jsonp names of the valid side validate, those of the invalid side do not`, () => {
      for (const v of sample(DOMAINS.jsonpCallback, { seed, examples: EXAMPLES })) {
        expect(request({ jsonp: v }), v).toEqual([]);
        expect(v, v).toMatch(JSONP_PATTERN);
        expect(v.length, v).toBeGreaterThan(0);
        expect(v.length, v).toBeLessThanOrEqual(MAX_CALLBACK);
      }
      for (const v of sample(DOMAINS.jsonpNotIdentifier, { seed, examples: EXAMPLES })) {
        expect(request({ jsonp: v }).length, v).toBeGreaterThan(0);
        // never a prefix a plain JSON answer could start with, never a parenthesis (the hand-picked values')
        expect(v, v).not.toMatch(/^[{["]|[(){}]/);
      }
    });
  }

  test('the NONE side sends NONE beside a token within its first two values, the jsonp sides $ . and a digit first early', () => {
    expect(sample(DOMAINS.noneClears, { seed: 1, examples: 2 }).map((v) => v.withToken)).toContain(true);
    expect(sample(DOMAINS.jsonpCallback, { seed: 1, examples: 5 }).join(' ')).toMatch(/\$.*\./);
    expect(sample(DOMAINS.jsonpNotIdentifier, { seed: 1, examples: 1 })).toEqual(['1cb']);
    expect(describeNone({ before: 'http://a.test/', withToken: true })).toBe(
      'NONE beside a private_token after "http://a.test/"',
    );
  });

  test('a private_token is described without its value', () => {
    const t = 'ab+cd/ef gh12';
    const d = describeToken(t);
    expect(d).toBe('a private_token of 13 characters (letters, digits, spaces, the marks "+ /")');
    expect(d).not.toContain(t);
  });
});
