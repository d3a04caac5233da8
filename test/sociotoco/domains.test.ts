// Sociotoco's input domains (suites/sociotoco/domains.ts) keep to the request schema: every valid
// value of a side satisfies it, every invalid one breaks it or (where the outcome rests on identity,
// not form: a sid of no set, a wrong digest) is well formed and still not the configured value. The
// same seed gives the same values.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import requestSchema from '../../schemas/sociotoco/setprofiles-request.schema.json' with { type: 'json' };
import { type DomainSide, sample } from '../../src/generate.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  applySigEdit,
  digestForm,
  profilesInvalidSide,
  profilesValidSide,
  SIG_FORM,
  sidCaseSide,
  sidUnknownSide,
  sigInvalidSide,
} from '../../suites/sociotoco/domains.ts';
import { UUID } from '../../suites/sociotoco/values.ts';

const SID = '89c13185-8756-4577-935d-c3e83e6e77ce';
const IDS = [
  '5B2C22279AA3A4E7D4176F3ED1ED29D7',
  '3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE',
  'A1B2C3D4E5F60718293A4B5C6D7E8F90',
];
const INVALID = 'not a profile!';
const SEEDS = [1, 42, 1234, 987654321, -7];

/** A request of the page's form with one argument replaced: the schema's errors about it. */
function errorsWith(name: string, value: string): string[] {
  const request: Record<string, string> = {
    method: 'sociotoco.sets.setprofiles',
    key: 'k',
    sig: '0'.repeat(32),
    time: '1700000000',
    sid: SID,
    profiles: IDS.join(','),
    [name]: value,
  };
  return schemaErrors(requestSchema, request);
}

const values = <T>(side: DomainSide<T>, seed: number) => sample(side, { seed, examples: 20 });

const defined = <T>(side: DomainSide<T> | undefined): DomainSide<T> => {
  if (!side) throw new Error('no side');
  return side;
};

describe('sociotoco: input domains', () => {
  test("sig: the digest's form is read from the request schema", () => {
    expect(SIG_FORM).toEqual({ chars: '0-9a-fA-F', lengths: [32, 40, 64, 96, 128] });
    expect(() => digestForm('^[0-9]+$')).toThrow(/not a/);
  });

  test('sig/invalid: never the digest, in either letter case; malformed ones break the schema', () => {
    const side = sigInvalidSide();
    for (const [algorithm, upper] of [
      ['md5', false],
      ['sha256', false],
      ['sha512', true],
    ] as const) {
      const hex = createHash(algorithm).update('base').digest('hex');
      const digest = upper ? hex.toUpperCase() : hex;
      for (const seed of SEEDS) {
        for (const edit of values(side, seed)) {
          const sig = applySigEdit(edit, digest);
          expect(sig.toLowerCase(), JSON.stringify(edit)).not.toBe(hex);
          expect(sig.length).toBeGreaterThan(0);
          // a sig of the digest's form is a wrong digest; any other breaks the schema
          const wellFormed = SIG_FORM.lengths.includes(sig.length) && /^[0-9a-f]+$/i.test(sig);
          expect(errorsWith('sig', sig).length > 0, `${sig} (${JSON.stringify(edit)})`).toBe(!wellFormed);
        }
      }
    }
    // the boundary covers each side of the digest: a digit changed, one short, one over, a foreign character
    const hex = createHash('sha256').update('base').digest('hex');
    const sent = side.boundary.map((b) => applySigEdit(b.value, hex));
    expect(sent.slice(0, 5).map((s) => s.length)).toEqual([64, 64, 63, 65, 64]);
    expect(sent[0]?.slice(0, 63)).toBe(hex.slice(0, 63));
    expect(sent[1]?.slice(1)).toBe(hex.slice(1));
    expect(sent[4]).toMatch(/g$/);
  });

  test('sid/case: the configured UUID in other letter cases, never as configured', () => {
    const side = defined(sidCaseSide(SID));
    for (const seed of SEEDS) {
      for (const sid of values(side, seed)) {
        expect(errorsWith('sid', sid)).toEqual([]);
        expect(sid).toMatch(UUID);
        expect(sid.toLowerCase()).toBe(SID);
        expect(sid).not.toBe(SID);
      }
    }
    expect(side.boundary.map((b) => b.value)).toContain(SID.toUpperCase());
    expect(side.boundary.map((b) => b.value)).toContain('89C13185-8756-4577-935d-c3e83e6e77ce');
    // nothing for a sid of another form: its letter case may matter
    expect(sidCaseSide('GMRW32AP')).toBeUndefined();
  });

  test('sid/unknown: well-formed UUIDs of the same version and variant that are not the configured sid', () => {
    const side = defined(sidUnknownSide(SID));
    for (const seed of SEEDS) {
      // many values: the version and variant digits are 2 of 32 a random change could hit
      for (const sid of sample(side, { seed, examples: 400 })) {
        expect(errorsWith('sid', sid)).toEqual([]);
        expect(sid).toMatch(UUID);
        expect(sid.toLowerCase()).not.toBe(SID);
        expect(sid.charAt(14)).toBe('4');
        expect('89abAB').toContain(sid.charAt(19));
      }
    }
    expect(side.boundary[0]?.value).toBe('89c13185-8756-4577-935d-c3e83e6e77cf');
    // a near neighbour of a sid of another form may be a real set: nothing is generated
    expect(sidUnknownSide('12345')).toBeUndefined();
  });

  test('profiles/valid: lists of configured profiles, each once, that keep the schema', () => {
    const side = profilesValidSide(IDS);
    for (const seed of SEEDS) {
      for (const list of values(side, seed)) {
        expect(errorsWith('profiles', list.join(','))).toEqual([]);
        expect(list.length).toBeGreaterThan(0);
        expect(list.every((id) => IDS.includes(id))).toBe(true);
        expect(new Set(list).size).toBe(list.length);
      }
    }
  });

  test('profiles/invalid: one malformed item, anywhere, and the list breaks the schema', () => {
    const side = profilesInvalidSide(IDS, INVALID);
    const places = new Set<number>();
    for (const seed of SEEDS) {
      for (const list of values(side, seed)) {
        expect(errorsWith('profiles', list.join(',')).length).toBeGreaterThan(0);
        expect(list.filter((x) => x === INVALID)).toHaveLength(1);
        expect(list.filter((x) => x !== INVALID).every((id) => IDS.includes(id))).toBe(true);
        places.add(list.indexOf(INVALID) === list.length - 1 ? -1 : list.indexOf(INVALID));
      }
    }
    // first, inside and last all occur
    expect([...places]).toEqual(expect.arrayContaining([0, 1, -1]));
  });

  test('the same seed gives the same values, another seed others', () => {
    const sides: DomainSide<unknown>[] = [
      sigInvalidSide(),
      defined(sidCaseSide(SID)),
      defined(sidUnknownSide(SID)),
      profilesValidSide(IDS),
      profilesInvalidSide(IDS, INVALID),
    ];
    for (const side of sides) {
      expect(values(side, 77)).toEqual(values(side, 77));
      expect(values(side, 78), side.id).not.toEqual(values(side, 77));
    }
  });
});
