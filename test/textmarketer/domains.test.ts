// The TextMarketer input domains (suites/textmarketer/domains.ts) against the request schema they are
// read from: every valid value, boundary or random, satisfies the schema, every invalid one violates
// it, for several seeds; the same seed gives the same values; values that could reach people stay in
// the reserved ranges or the tester's own.
import { describe, expect, it } from 'vitest';
import requestSchema from '../../schemas/textmarketer/modify-request.schema.json' with { type: 'json' };
import { type DomainSide, sample } from '../../src/generate.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  COMPANY,
  CREDENTIAL,
  companyDomains,
  credentialDomains,
  emailDomains,
  mobileDomains,
} from '../../suites/textmarketer/domains.ts';

const SEEDS = [1, 42, 2024, 987654321, -7];
const EXAMPLES = 40;
const valuesOf = (side: DomainSide<string>, seed: number) => sample(side, { seed, examples: EXAMPLES });
const fits = (field: string, value: string) => schemaErrors(requestSchema, { [field]: value }).length === 0;

/** [field sent, side, valid?] for every side of the model. */
function allSides(owned = false): [string, DomainSide<string>, boolean][] {
  const creds = ['account_username', 'account_password', 'account_api_username', 'account_api_password'];
  const company = companyDomains();
  const email = emailDomains(owned ? ['tester@own.example.net', 'ops@own.example.net'] : undefined);
  const mobile = mobileDomains(owned ? ['447911000001', '447911000002'] : undefined);
  return [
    ...creds.flatMap((f): [string, DomainSide<string>, boolean][] => {
      const d = credentialDomains(f);
      return [
        [f, d.lengthValid, true],
        [f, d.lengthInvalid, false],
        [f, d.patternValid, true],
        [f, d.patternInvalid, false],
      ];
    }),
    ['company_name', company.lengthValid, true],
    ['company_name', company.lengthInvalid, false],
    ['company_name', company.ascii, true],
    ['company_name', company.latin1, true],
    ['notifcation_email', email.valid, true],
    ['notifcation_email', email.invalid, false],
    ['notifcation_mobile', mobile.valid, true],
    ['notifcation_mobile', mobile.invalid, false],
  ];
}

describe('textmarketer input domains, read from the request schema', () => {
  it('reads the rules from the schema, not a copy', () => {
    expect(CREDENTIAL).toEqual({ chars: 'A-Za-z0-9_-', min: 5, max: 20 });
    expect(COMPANY).toEqual({ min: 3, max: 40 });
  });

  for (const owned of [false, true]) {
    for (const [field, side, valid] of allSides(owned)) {
      it(`${side.id}${owned ? ' (own addresses and numbers)' : ''}: every ${valid ? 'value satisfies' : 'value violates'} the schema, boundary values first`, () => {
        expect(side.boundary.length).toBeGreaterThan(0);
        expect(side.rule.length).toBeGreaterThan(0);
        expect(side.outcome).toMatch(valid ? /^accepted/ : /^refused with error \d$/);
        const wrong = SEEDS.flatMap((seed) => valuesOf(side, seed)).filter((v) => fits(field, v) !== valid);
        expect(wrong).toEqual([]);
        expect(valuesOf(side, 1).slice(0, Math.min(EXAMPLES, side.boundary.length))).toEqual(
          side.boundary.slice(0, EXAMPLES).map((b) => b.value),
        );
      });
    }
  }

  it('the same seed gives the same values; another seed other random ones', () => {
    for (const [, side] of allSides()) {
      expect(valuesOf(side, 99)).toEqual(valuesOf(side, 99));
    }
    const random = credentialDomains('account_username').patternInvalid;
    expect(valuesOf(random, 1)).not.toEqual(valuesOf(random, 2));
  });

  it('the fair edges: no empty value, no edge whitespace on names and emails, nothing beyond ISO-8859-1', () => {
    for (const [field, side] of allSides()) {
      for (const v of SEEDS.flatMap((seed) => valuesOf(side, seed))) {
        expect(v).not.toBe('');
        expect([...v].every((c) => (c.codePointAt(0) ?? 0) >= 0x20 && (c.codePointAt(0) ?? 0) <= 0xff)).toBe(
          true,
        );
        if (field === 'company_name' || field === 'notifcation_email') expect(v).toBe(v.trim());
      }
    }
  });

  it('credential length sides stay on letters and digits, pattern sides strictly inside the bounds', () => {
    const d = credentialDomains('account_password');
    for (const seed of SEEDS) {
      expect(valuesOf(d.lengthValid, seed).every((v) => /^[A-Za-z0-9]+$/.test(v))).toBe(true);
      const lengths = [...valuesOf(d.patternValid, seed), ...valuesOf(d.patternInvalid, seed)].map(
        (v) => [...v].length,
      );
      expect(lengths.filter((n) => n < 6 || n > 19)).toEqual([]);
    }
  });

  it('company Latin-1 values are at most 40 UTF-8 bytes; the length side holds 40 Latin-1 letters', () => {
    const d = companyDomains();
    for (const seed of SEEDS) {
      expect(valuesOf(d.latin1, seed).every((v) => Buffer.byteLength(v, 'utf8') <= 40)).toBe(true);
      expect(valuesOf(d.latin1, seed).some((v) => /[^\u0000-\u007f]/.test(v))).toBe(true);
    }
    expect(
      d.lengthValid.boundary.some((b) => [...b.value].length === 40 && Buffer.byteLength(b.value) === 80),
    ).toBe(true);
  });

  it('emails and mobiles reach nobody, or only the tester', () => {
    const reserved = /@(?:[a-z0-9-]+\.)*example\.(?:com|org|net)$/i;
    const mobileSide = (owned?: string[]) => {
      const d = mobileDomains(owned);
      return SEEDS.flatMap((seed) => [...valuesOf(d.valid, seed), ...valuesOf(d.invalid, seed)]);
    };
    for (const seed of SEEDS) {
      const d = emailDomains();
      // an invalid address is not deliverable at all; the valid ones are at reserved domains
      expect(valuesOf(d.valid, seed).every((v) => reserved.test(v))).toBe(true);
      const own = emailDomains(['tester@own.example.net']);
      expect(
        valuesOf(own.valid, seed).every((v) => /^tester(\+[a-z0-9-]+)?@own\.example\.net$/i.test(v)),
      ).toBe(true);
    }
    const digits = (v: string) => v.replace(/[^0-9]/g, '');
    // valid: Ofcom's drama range 07700 900000-900999, or the tester's own numbers
    for (const v of mobileSide().filter((m) => fits('notifcation_mobile', m)))
      expect(digits(v)).toMatch(/^(?:44|0)7700900\d{3}$/);
    for (const v of mobileSide(['447911000001']).filter((m) => fits('notifcation_mobile', m)))
      expect(digits(v)).toMatch(/^(?:44|0)7911000001$/);
    // invalid: drama ranges (mobile, 01632 960, 020 7946 0, 0808 157 0) or the US 555-01xx fiction range
    for (const v of mobileSide().filter((m) => !fits('notifcation_mobile', m)))
      expect(digits(v)).toMatch(
        /^(?:(?:44|0)(?:7700900\d{2,4}|1632960\d{3}|2079460\d{3}|8081570\d{3})|120255501\d{2})$/,
      );
  });
});
