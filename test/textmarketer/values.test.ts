// The values the suite sets: unique per use by default; the tester's own notification targets, when
// configured, alternate so that no two consecutive changes send the same email or mobile.
import { expect, test } from 'vitest';
import requestSchema from '../../schemas/textmarketer/modify-request.schema.json' with { type: 'json' };
import configSchema from '../../schemas/textmarketer/target-config.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { freshValues } from '../../suites/textmarketer/values.ts';

const RUN = 'r0a1b2c3';
const base = {
  credentials: { username: 'u', password: 'p' },
  accountId: 'a1',
  foreignAccountId: 'b2',
  takenUsername: 'taken',
};

test('defaults: a new company, email and (valid UK) mobile per change', () => {
  const v = freshValues(RUN);
  const [a, b] = [v.change(), v.change()];
  expect(v.company()).not.toBe(b.company);
  expect(a.company).not.toBe(b.company);
  expect(a.email).not.toBe(b.email);
  expect(a.mobile).not.toBe(b.mobile);
  expect(a.email).toMatch(/@example\.com$/);
  expect(a.mobile).toMatch(/^447700900\d{3}$/);
  expect(schemaErrors(requestSchema, { notifcation_email: a.email, notifcation_mobile: a.mobile })).toEqual(
    [],
  );
});

test('configured targets alternate: consecutive changes always differ, company names stay unique', () => {
  const v = freshValues(RUN, {
    notificationEmails: ['me@mine.test', 'me2@mine.test'],
    notificationMobiles: ['447911123456', '447911654321'],
  });
  const seen = [v.change(), v.change(), v.change(), v.company(), v.change()];
  expect(seen.filter((x) => typeof x !== 'string').map((x) => (x as { email: string }).email)).toEqual([
    'me@mine.test',
    'me2@mine.test',
    'me@mine.test',
    'me2@mine.test',
  ]);
  const [a, b] = [v.change(), v.change()];
  expect(a.mobile).not.toBe(b.mobile);
  const companies = seen.map((x) => (typeof x === 'string' ? x : x.company));
  expect(new Set(companies).size).toBe(companies.length);
});

test('config: exactly two distinct values; mobiles as 447…, emails addresses', () => {
  expect(
    schemaErrors(configSchema, { ...base, notificationMobiles: ['447911123456', '447911654321'] }),
  ).toEqual([]);
  expect(schemaErrors(configSchema, { ...base, notificationEmails: ['a@b.test', 'c@d.test'] })).toEqual([]);
  expect(schemaErrors(configSchema, { ...base, notificationMobiles: ['447911123456'] })).not.toEqual([]);
  expect(
    schemaErrors(configSchema, { ...base, notificationMobiles: ['447911123456', '447911123456'] }),
  ).not.toEqual([]);
  expect(
    schemaErrors(configSchema, { ...base, notificationMobiles: ['447911123456', '07911654321'] }),
  ).not.toEqual([]);
  expect(
    schemaErrors(configSchema, { ...base, notificationEmails: ['a@b.test', 'nope', 'x@y.test'] }),
  ).not.toEqual([]);
  expect(schemaErrors(configSchema, { ...base, takenApiUsername: 'someone_else' })).toEqual([]);
});
