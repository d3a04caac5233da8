// ePrize's input domains (suites/eprize/domains.ts) keep their promise for any seed: every valid
// value, boundary and random, keeps the page's rule as the request schema holds it, every invalid
// one breaks it; values stay within what every correct promotion accepts (the reserved keys never
// taken, lengths in characters within the limit, free text NFC, 2 bytes a character at most); the
// same seed gives the same values.
import { describe, expect, it } from 'vitest';
import requestSchema from '../../schemas/eprize/create-request.schema.json' with { type: 'json' };
import { sample } from '../../src/generate.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  FIELD_ERROR_CODES,
  KEY_NAME_MAX,
  KEY_NAME_PATTERN,
  keyNameDomains,
  parseKeyNamePattern,
  uniqueDomains,
  valueDomains,
} from '../../suites/eprize/domains.ts';

const SEEDS = [1, 42, 777, 2024, 987654321];
const g = (seed: number) => ({ seed, examples: 60 });
/** A create request of one additional pair, as the request schema judges it. */
const keeps = (key: string) =>
  schemaErrors(requestSchema, { email: 'a@example.com', [key]: 'x' }).length === 0;
const chars = (s: string) => [...s].length;

const reserved = ['email', 'birthdate', 'first_name', 'optin', 'address', 'zz'];
const names = keyNameDomains({ reserved, refusedOutcome: 'refused' });

describe('key names', () => {
  it('reads the rule from the request schema', () => {
    expect(KEY_NAME_PATTERN).toBe(requestSchema.propertyNames.pattern);
    expect(parseKeyNamePattern(KEY_NAME_PATTERN)).toEqual({ first: 'a-z', rest: 'a-z0-9_' });
    expect(() => parseKeyNamePattern('^[a-z]+$')).toThrow(/not a/);
    expect(FIELD_ERROR_CODES).toEqual(['VALIDATION', 'NULL']);
  });

  it.each(SEEDS)('seed %i: valid names keep the rule, never a reserved key or id', (seed) => {
    const values = sample(names.valid, g(seed));
    expect(values).toHaveLength(60);
    for (const v of values) {
      expect(keeps(v), v).toBe(true);
      expect(chars(v)).toBeLessThanOrEqual(KEY_NAME_MAX);
      expect([...reserved, 'id']).not.toContain(v);
    }
  });

  it.each(SEEDS)(
    'seed %i: invalid names break the rule, and only the part of it their side names',
    (seed) => {
      for (const v of sample(names.start, g(seed))) {
        expect(keeps(v), v).toBe(false);
        expect(v).toMatch(/^[0-9_][a-z0-9_]*$/);
      }
      for (const v of sample(names.chars, g(seed))) {
        expect(keeps(v), v).toBe(false);
        expect(v).toMatch(/^[a-z]/);
        // one pair in every encoding: never the separators, never a space a trim would remove
        expect(v).not.toMatch(/[:,\r\n]|^\s|\s$/);
      }
    },
  );

  it('boundary values: each bound and each class on its own', () => {
    const valid = names.valid.boundary.map((b) => b.value);
    expect(valid).toEqual(expect.arrayContaining(['z', 'z0123456789', 'z__']));
    expect(Math.max(...valid.map(chars))).toBe(KEY_NAME_MAX);
    expect(names.start.boundary.map((b) => b.value[0])).toEqual(expect.arrayContaining(['0', '_']));
    const inside = names.chars.boundary.map((b) => b.label);
    expect(inside).toEqual(
      expect.arrayContaining(['an uppercase ASCII letter inside', 'a dot inside', 'a hyphen inside']),
    );
  });

  it('the same seed gives the same names, another seed others', () => {
    expect(sample(names.chars, g(5))).toEqual(sample(names.chars, g(5)));
    expect(sample(names.valid, g(5))).not.toEqual(sample(names.valid, g(6)));
  });
});

describe('the unique key', () => {
  const u = uniqueDomains({
    template: 'conformance.{run}.{n}@example.com',
    runId: 'rabc123ef01',
    optionalKeys: ['first_name', 'optin'],
  });

  it.each(SEEDS)('seed %i: fresh values are the template with the run id; no value is empty', (seed) => {
    for (const v of sample(u.fresh, g(seed))) {
      expect(v).toMatch(/^conformance\.rabc123ef01\.[0-9]{1,4}@example\.com$/);
      expect(schemaErrors(requestSchema, { email: v })).toEqual([]);
    }
    for (const v of sample(u.empty, g(seed))) {
      expect(['', null]).toContain(v.value);
      expect(['first_name', 'optin']).toEqual(expect.arrayContaining(v.extras));
    }
    for (const v of sample(u.taken, g(seed))) expect(Number.isInteger(v.pick)).toBe(true);
  });

  it('a {digits} template stays a phone number of the reserved range', () => {
    const phone = uniqueDomains({ template: '07700900{digits}', runId: 'rabc123ef01', optionalKeys: [] });
    for (const v of sample(phone.fresh, g(3))) expect(v).toMatch(/^07700900[0-9]{9}$/);
  });
});

describe('field values', () => {
  const limits = { first_name: 40, address: 100 };
  const v = valueDomains({ limits, textKey: 'first_name' });

  it.each(SEEDS)(
    'seed %i: within the limit in characters, from half of it; over it by one at least',
    (seed) => {
      for (const rec of sample(v.within, g(seed))) {
        expect(Object.keys(rec).sort()).toEqual(['address', 'first_name']);
        expect(schemaErrors(requestSchema, { email: 'a@example.com', ...rec })).toEqual([]);
        for (const [k, value] of Object.entries(rec)) {
          const n = limits[k as keyof typeof limits];
          expect(chars(value)).toBeLessThanOrEqual(n);
          expect(chars(value)).toBeGreaterThanOrEqual(n / 2);
          // only the free-text key takes other characters than the hand-picked "x"
          if (k !== 'first_name') expect(value).toMatch(/^x+$/);
        }
      }
      for (const { key, value } of sample(v.over, g(seed)))
        expect(chars(value)).toBeGreaterThan(limits[key as keyof typeof limits]);
    },
  );

  it.each(SEEDS)(
    'seed %i: free text is NFC, 2 bytes a character at most, no outer or double space',
    (seed) => {
      const text = v.text;
      if (!text) throw new Error('no text side');
      for (const s of sample(text, g(seed))) {
        expect(chars(s)).toBeGreaterThan(0);
        expect(chars(s)).toBeLessThanOrEqual(20);
        expect(s.normalize('NFC')).toBe(s);
        expect([...s].every((c) => Buffer.byteLength(c) <= 2)).toBe(true);
        expect(s).not.toMatch(/^\s|\s$|\s\s|[:,<>&]/);
      }
    },
  );

  it('boundary values hit the limit with letters of more than one byte, and a letter beyond Latin-1', () => {
    const atLimit = v.within.boundary.map((b) => b.value.first_name ?? '');
    expect(atLimit.some((s) => chars(s) === 40 && Buffer.byteLength(s) === 80)).toBe(true);
    expect(v.text?.boundary.some((b) => /[^\u0000-\u00ff]/u.test(b.value))).toBe(true);
    expect(v.over.boundary.map((b) => chars(b.value.value))).toEqual(expect.arrayContaining([41, 101]));
  });

  it('no textKey: no text side; no limits: nothing over', () => {
    expect(valueDomains({ limits: {}, textKey: undefined }).text).toBeUndefined();
  });
});
