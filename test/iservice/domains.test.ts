// The iService input domains (suites/iservice/domains.ts) keep the page's rules as the suite's own
// schemas state them: every valid value (boundary and random, for several seeds) makes a request the
// schema takes, every invalid one a request it refuses; the same seed gives the same values.
import { describe, expect, it } from 'vitest';
import loginRequestSchema from '../../schemas/iservice/login-request.schema.json' with { type: 'json' };
import requestSchema from '../../schemas/iservice/setdetails-request.schema.json' with { type: 'json' };
import { type DomainSide, sample } from '../../src/generate.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  isListedLoginType,
  loginFormDomain,
  loginNameDomain,
  loginTypeDomain,
  membershipDomain,
  propertyValueDomain,
  reservedHosts,
  TEXT_VALUE_MAX,
} from '../../suites/iservice/domains.ts';

const RUN = 'rtest01abcd';
const SEEDS = [1, 42, 2024, 987654321, -7];
const SEGMENTS = ['2', '3', '4'];

/** A setdetails form of the page's shape with one property value, one login and a membership. */
function payload(o: { value?: unknown; login?: { name: string; type: string }; membership?: string[] }) {
  return {
    contactID: 467,
    details: {
      properties: [
        { propertyID: '1', propertyName: 'First Name', values: [{ value: 'value' in o ? o.value : 'Jane' }] },
      ],
      setLogins: true,
      logins: [o.login ?? { name: 'jane@example.com', type: 'Email' }],
    },
    membership: o.membership ?? ['5'],
  };
}
const valid = (p: unknown) => schemaErrors(requestSchema, p);
const values = <T>(side: DomainSide<T>, seed: number, examples = 40) => sample(side, { seed, examples });

describe('iservice input domains', () => {
  const props = propertyValueDomain();
  const names = loginNameDomain(RUN);
  const types = loginTypeDomain();
  const memberships = membershipDomain(SEGMENTS);
  const forms = loginFormDomain(RUN);

  it('reads its bounds from the schemas, not a copy', () => {
    expect(TEXT_VALUE_MAX).toBe(40);
    expect(isListedLoginType('Email')).toBe(true);
    expect(isListedLoginType(' google ')).toBe(true);
    expect(isListedLoginType('blank')).toBe(true);
    expect(isListedLoginType('emails')).toBe(false);
  });

  it('valid property values: the schema takes them, within the promised length, never padded', () => {
    for (const seed of SEEDS) {
      for (const v of values(props.valid, seed)) {
        expect(valid(payload({ value: v }))).toEqual([]);
        expect([...v].length).toBeGreaterThanOrEqual(1);
        expect([...v].length).toBeLessThanOrEqual(TEXT_VALUE_MAX);
        expect(v).toBe(v.trim());
        expect(/[\u{10000}-\u{10FFFF}<>&\p{Cc}]/u.test(v)).toBe(false);
      }
    }
    // the bounds and each class come first
    const labels = props.valid.boundary.map((b) => b.label);
    expect(labels.slice(0, 2)).toEqual([
      '1 character (the shortest non-empty value)',
      `${TEXT_VALUE_MAX} ASCII characters (the promised upper bound)`,
    ]);
    expect(props.valid.boundary.map((b) => [...b.value].length)).toContain(TEXT_VALUE_MAX);
    expect(props.valid.boundary.some((b) => Buffer.byteLength(b.value) > TEXT_VALUE_MAX * 1.5)).toBe(true);
  });

  it('invalid property values: the schema refuses every one', () => {
    for (const seed of SEEDS) {
      for (const v of values(props.invalid, seed)) expect(valid(payload({ value: v }))).not.toEqual([]);
    }
  });

  it('login names: e-mail addresses the schema takes, on reserved hosts of the run only', () => {
    const hosts = reservedHosts(RUN);
    expect(hosts.every((h) => /^rtest01abcd\.example\.(com|org|net)$/.test(h))).toBe(true);
    for (const seed of SEEDS) {
      for (const name of values(names.valid, seed)) {
        expect(valid(payload({ login: { name, type: 'Email' } }))).toEqual([]);
        expect(name).toMatch(/^[a-z0-9]+(?:[._+-][a-z0-9]+)*@[^@\s]+$/);
        expect(hosts).toContain(name.split('@')[1]);
      }
    }
  });

  it('login types outside the list: the schema refuses every one, and none is a listed type a target may trim or fold', () => {
    for (const seed of SEEDS) {
      for (const type of values(types.invalid, seed)) {
        expect(valid(payload({ login: { name: 'jane@example.com', type } }))).not.toEqual([]);
        expect(isListedLoginType(type)).toBe(false);
      }
    }
  });

  it('memberships: subsets of the configured segments the schema takes', () => {
    for (const seed of SEEDS) {
      for (const m of values(memberships.valid, seed)) {
        expect(valid(payload({ membership: ['5', ...m] }))).toEqual([]);
        expect(m.every((s) => SEGMENTS.includes(s))).toBe(true);
        expect(new Set(m).size).toBe(m.length);
      }
    }
    expect(memberships.valid.boundary.map((b) => b.value)).toContainEqual([]);
  });

  it('wrong logins: malformed ones break the login form, well-formed ones name no account (reserved hosts)', () => {
    const hosts = reservedHosts(RUN);
    for (const seed of SEEDS) {
      for (const f of values(forms.refused, seed, 8)) {
        const errs = schemaErrors(loginRequestSchema, { emailAddress: f.emailAddress, Password: f.password });
        const host = f.emailAddress.split('@')[1] ?? '';
        if (errs.length === 0)
          expect(hosts.some((h) => f.emailAddress.endsWith(`.${h}`) || host === h)).toBe(true);
        else expect(f.emailAddress === '' || f.password === '').toBe(true);
      }
    }
    expect(forms.refused.boundary.map((b) => b.label)).toEqual(
      expect.arrayContaining(['an empty Password', 'an empty emailAddress']),
    );
  });

  it('the same seed gives the same values; another seed others', () => {
    for (const side of [
      props.valid,
      props.invalid,
      names.valid,
      types.invalid,
      memberships.valid,
      forms.refused,
    ]) {
      const a = sample<unknown>(side as DomainSide<unknown>, { seed: 5, examples: 30 });
      expect(sample<unknown>(side as DomainSide<unknown>, { seed: 5, examples: 30 })).toEqual(a);
    }
    expect(values(props.valid, 5)).not.toEqual(values(props.valid, 6));
  });
});
