// The signing function against vectors written out by hand: the base string is spelled literally
// here (sorted by name, name=value joined with #, the secret appended) and hashed with node:crypto.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  ALGORITHMS,
  DIGEST_HEX_LENGTH,
  type Param,
  queryString,
  sign,
  signatureBase,
} from '../../suites/sociotoco/sign.ts';

const SECRET = 's3cr3t';
// In the order a client might send them: not sorted.
const PARAMS: Param[] = [
  ['method', 'sociotoco.sets.setprofiles'],
  ['key', 'abc123'],
  ['sid', '89c13185-8756-4577-935d-c3e83e6e77ce'],
  ['profiles', '5B2C22279AA3A4E7D4176F3ED1ED29D7,3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE'],
  ['time', '1262304000'],
];
const BASE =
  'key=abc123#method=sociotoco.sets.setprofiles#profiles=5B2C22279AA3A4E7D4176F3ED1ED29D7,3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE#sid=89c13185-8756-4577-935d-c3e83e6e77ce#time=1262304000s3cr3t';
const hex = (algorithm: string, s: string) => createHash(algorithm).update(s, 'utf8').digest('hex');

describe('sociotoco: signatureBase', () => {
  test('sorted by name, name=value joined with #, the secret appended with no separator', () => {
    expect(signatureBase(PARAMS, { secret: SECRET, algorithm: 'md5' })).toBe(BASE);
  });

  test('sig itself is never signed; format is, unless excluded (readings.signFormat)', () => {
    const withSig: Param[] = [...PARAMS, ['format', 'json'], ['sig', 'ffff']];
    expect(signatureBase(withSig, { secret: SECRET, algorithm: 'md5' })).toBe(
      'format=json#key=abc123#method=sociotoco.sets.setprofiles#profiles=5B2C22279AA3A4E7D4176F3ED1ED29D7,3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE#sid=89c13185-8756-4577-935d-c3e83e6e77ce#time=1262304000s3cr3t',
    );
    expect(signatureBase(withSig, { secret: SECRET, algorithm: 'md5', exclude: ['format'] })).toBe(BASE);
  });

  test('values as sent percent-encoded (readings.signedValues "encoded"): the comma becomes %2C', () => {
    expect(signatureBase(PARAMS, { secret: SECRET, algorithm: 'md5', encodeValues: true })).toBe(
      'key=abc123#method=sociotoco.sets.setprofiles#profiles=5B2C22279AA3A4E7D4176F3ED1ED29D7%2C3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE#sid=89c13185-8756-4577-935d-c3e83e6e77ce#time=1262304000s3cr3t',
    );
  });

  test('raw commas (SOC-PROFILES-RAW-COMMAS): sent as A,B and signed as sent under either reading', () => {
    const opts = { secret: SECRET, algorithm: 'md5', rawCommas: ['profiles'] } as const;
    expect(signatureBase(PARAMS, { ...opts, encodeValues: true })).toBe(BASE);
    expect(signatureBase(PARAMS, opts)).toBe(BASE);
    expect(queryString([['profiles', 'A,B C']], ['profiles'])).toBe('profiles=A,B%20C');
    expect(queryString([['profiles', 'A,B']])).toBe('profiles=A%2CB');
  });

  test("'as-given' keeps the query order (the suite's deliberately wrong signature)", () => {
    expect(signatureBase(PARAMS, { secret: SECRET, algorithm: 'md5', order: 'as-given' })).toBe(
      'method=sociotoco.sets.setprofiles#key=abc123#sid=89c13185-8756-4577-935d-c3e83e6e77ce#profiles=5B2C22279AA3A4E7D4176F3ED1ED29D7,3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE#time=1262304000s3cr3t',
    );
  });

  test('sorting is by code unit, not locale: upper case before lower case', () => {
    expect(
      signatureBase(
        [
          ['b', '2'],
          ['B', '1'],
          ['a', '3'],
        ],
        { secret: 'x', algorithm: 'md5' },
      ),
    ).toBe('B=1#a=3#b=2x');
  });
});

describe('sociotoco: sign', () => {
  for (const algorithm of ALGORITHMS) {
    test(`${algorithm}: the hex digest of the base, ${DIGEST_HEX_LENGTH[algorithm]} lower-case hex digits`, () => {
      const sig = sign(PARAMS, { secret: SECRET, algorithm });
      expect(sig).toBe(hex(algorithm, BASE));
      expect(sig).toMatch(new RegExp(`^[0-9a-f]{${DIGEST_HEX_LENGTH[algorithm]}}$`));
    });
  }

  test('one fixed vector, spelled out: md5("a=1#b=2secret")', () => {
    expect(
      sign(
        [
          ['b', '2'],
          ['a', '1'],
        ],
        { secret: 'secret', algorithm: 'md5' },
      ),
    ).toBe(hex('md5', 'a=1#b=2secret'));
  });

  test('upper-case hex when readings.sigHexCase is "upper"', () => {
    expect(sign(PARAMS, { secret: SECRET, algorithm: 'sha1', hexCase: 'upper' })).toBe(
      hex('sha1', BASE).toUpperCase(),
    );
  });

  test('another secret, another value or another order gives another signature', () => {
    const good = sign(PARAMS, { secret: SECRET, algorithm: 'sha256' });
    expect(sign(PARAMS, { secret: 'other', algorithm: 'sha256' })).not.toBe(good);
    expect(sign(PARAMS, { secret: SECRET, algorithm: 'sha256', order: 'as-given' })).not.toBe(good);
    expect(sign(PARAMS, { secret: SECRET, algorithm: 'sha256', exclude: ['time'] })).not.toBe(good);
    const changed: Param[] = PARAMS.map(([n, v]) => [n, n === 'time' ? '1262304001' : v]);
    expect(sign(changed, { secret: SECRET, algorithm: 'sha256' })).not.toBe(good);
  });
});

test('sociotoco: queryString percent-encodes names and values in the order given', () => {
  expect(
    queryString([
      ['profiles', 'A,B'],
      ['key', 'not a key!'],
    ]),
  ).toBe('profiles=A%2CB&key=not%20a%20key!');
});
