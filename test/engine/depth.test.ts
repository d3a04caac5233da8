// A body nesting absurdly deep is refused before any parser or check walks it: the check fails
// saying so, never "Maximum call stack size exceeded" (src/validate/depth.ts).
import { describe, expect, test } from 'vitest';
import { jsonDeeperThan, MAX_NESTING, tooDeep, xmlDeeperThan } from '../../src/validate/depth.ts';
import { parseJson } from '../../src/validate/json.ts';
import { parseXml } from '../../src/validate/xml.ts';
import { errorCodeOf } from '../../suites/sociotoco/checks.ts';
import { readLeniently, secretsIn } from '../../suites/textmarks/checks.ts';
import { exchange } from '../exchange.ts';

const deepJson = `${'['.repeat(200_000)}1${']'.repeat(200_000)}`;
const deepXml = `<?xml version="1.0"?>${'<a>'.repeat(200_000)}x${'</a>'.repeat(200_000)}`;

describe('nesting depth', () => {
  test('JSON: brackets counted outside strings only', () => {
    expect(jsonDeeperThan(`${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`)).toBe(false);
    expect(jsonDeeperThan(`${'['.repeat(MAX_NESTING + 1)}`)).toBe(true);
    expect(jsonDeeperThan(JSON.stringify({ s: '['.repeat(1000), t: 'a\\"[[[' }))).toBe(false);
  });
  test('XML: start tags less end tags; self-closing, comments, CDATA and declarations do not count', () => {
    const flat = `<?xml version="1.0"?><!DOCTYPE r><r>${'<b/><!-- <c> --><![CDATA[<d>]]>'.repeat(1000)}</r>`;
    expect(xmlDeeperThan(flat)).toBe(false);
    expect(xmlDeeperThan(`${'<a>'.repeat(MAX_NESTING + 1)}`)).toBe(true);
  });
  test('the parsers refuse a 200,000-deep body with a plain message', () => {
    expect(parseJson(Buffer.from(deepJson))).toMatchObject({ ok: false, errors: [tooDeep()] });
    expect(parseXml(Buffer.from(deepXml))).toMatchObject({ ok: false, errors: [tooDeep()] });
  });
  test("the vendors' walks over target data survive it (sociotoco errorCodeOf, textmarks secretsIn)", () => {
    expect(errorCodeOf(exchange(200, deepJson, { 'content-type': 'application/json' }))).toBeUndefined();
    expect(errorCodeOf(exchange(200, deepXml, { 'content-type': 'text/xml' }))).toBeUndefined();
    const lenient = readLeniently(exchange(200, deepJson, { 'content-type': 'application/json' }));
    expect(lenient.value).toBeUndefined();
    expect(secretsIn(lenient.value)).toEqual([]);
  });
});
