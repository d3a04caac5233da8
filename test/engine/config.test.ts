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

describe('${NAME} from the environment', () => {
  const schemas = { v: { type: 'object' } };
  test('is replaced in every string; $${NAME} stays literal; the values are remembered as secrets', () => {
    const c = parseConfig(
      { v: { a: 'x-${TOKEN}-y', list: ['${USER_1}'], literal: '$${TOKEN}', n: 3 } },
      schemas,
      'target.json',
      { TOKEN: 's3cr3t', USER_1: 'alice' },
    );
    expect(c.sections.v).toEqual({ a: 'x-s3cr3t-y', list: ['alice'], literal: '${TOKEN}', n: 3 });
    expect(c.envValues).toEqual(['s3cr3t', 'alice']);
  });
  test('an unset variable is a config error naming it and where it is used', () => {
    expect(() =>
      parseConfig({ v: { creds: { password: '${NOPE_X}' } } }, schemas, 'target.json', {}),
    ).toThrow('target.json: v.creds.password: the environment variable NOPE_X is not set');
  });
});
