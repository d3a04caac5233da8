import { describe, expect, test } from 'vitest';
import { ConfigError, deepMerge, parseConfig } from '../../src/config.ts';

const vendorSchema = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: {
    token: { type: 'string' },
    readings: { type: 'object', properties: { mode: { enum: ['a', 'b'] } } },
  },
};
const schemas = { acme: vendorSchema };
const message = (raw: unknown) => {
  try {
    parseConfig(raw, schemas, 'target.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('parseConfig', () => {
  test('defaults, and a section kept as given', () => {
    expect(parseConfig({ acme: { token: 't' } }, schemas)).toEqual({
      timeoutMs: 10_000,
      maxBodyBytes: 1_048_576,
      sections: { acme: { token: 't' } },
    });
  });
  test('errors name the file and the field', () => {
    expect(message([])).toBe('target.json: (root): must be object');
    expect(message({ timeoutMs: 'fast' })).toBe('target.json: timeoutMs: must be integer');
    expect(message({ acme: { token: 1 } })).toBe('target.json: acme.token: must be string');
    expect(message({ acme: { readings: { mode: 'c' } } })).toMatch(
      /^target\.json: acme\.readings\.mode: must be equal to one of the allowed values \["a","b"\]/,
    );
    expect(message({ acme: { tokn: 'x' } })).toMatch(
      /acme\.\(root\): must NOT have additional properties 'tokn'/,
    );
    expect(message({ other: {} })).toMatch(/^target\.json: other: unknown field/);
  });
  test('a missing required field is left to the runner (the embedded mock may supply it)', () => {
    expect(parseConfig({ acme: {} }, schemas).sections.acme).toEqual({});
  });
});

test('deepMerge: later wins, objects merge, arrays replace', () => {
  expect(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: 2 })).toEqual({
    a: { b: 1, c: [2] },
    d: 1,
    e: 2,
  });
});
