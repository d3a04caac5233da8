// mock --check-client, ePrize: a create built as the suite builds it (the open promotion, which needs
// no CAPTCHA) breaks nothing; a key name against the key rule, and a missing unique or required key,
// each break exactly their requirement, and the mock answers 400 as the API would.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HttpRequest } from '../../src/http.ts';
import { createRequest, freshValues, minimalPairs } from '../../suites/eprize/api.ts';
import type { Pairs } from '../../suites/eprize/checks.ts';
import { type EprizeConfig, type ResolvedConfig, withDefaults } from '../../suites/eprize/config.ts';
import { type JudgedMock, startJudged } from '../client-proof.ts';

let m: JudgedMock;
let cfg: ResolvedConfig;
let fresh: () => string;

beforeAll(async () => {
  m = await startJudged('eprize');
  cfg = withDefaults(m.mock.alternatives?.open as unknown as EprizeConfig);
  fresh = freshValues(cfg, 'clientchk');
});
afterAll(() => m.close());

const send = (r: HttpRequest) =>
  m.send(r.url, {
    method: r.method,
    headers: r.headers ?? {},
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
const create = (pairs: Pairs, format?: 'page' | 'lines' | 'form') =>
  send(createRequest(cfg, m.mock.url, pairs, { format }));

test('a correct client: the smallest valid profile, in each body format, breaks nothing and is created', async () => {
  for (const format of ['page', 'lines', 'form'] as const) {
    const a = await create([...minimalPairs(cfg, fresh()), ['opt_in2', 'yes']], format);
    expect(a.violations, format).toEqual([]);
    expect(a.judged).toEqual(['EPZ-CLIENT-KEY-NAME', 'EPZ-CLIENT-UNIQUE-KEY', 'EPZ-CLIENT-REQUIRED-KEY']);
    expect(a.status).toBe(201);
  }
});

describe('a wrong client breaks exactly its requirement, answered 400', () => {
  const cases: [string, () => Pairs, string][] = [
    [
      'a key beginning with a digit',
      () => [...minimalPairs(cfg, fresh()), ['2nd_choice', 'x']],
      'EPZ-CLIENT-KEY-NAME',
    ],
    [
      'a key with a capital letter',
      () => [...minimalPairs(cfg, fresh()), ['Nickname', 'x']],
      'EPZ-CLIENT-KEY-NAME',
    ],
    ['no unique key', () => minimalPairs(cfg, fresh()).slice(1), 'EPZ-CLIENT-UNIQUE-KEY'],
    [
      'a required key missing',
      () => minimalPairs(cfg, fresh()).filter(([k]) => k !== Object.keys(cfg.requiredKeys)[0]),
      'EPZ-CLIENT-REQUIRED-KEY',
    ],
  ];
  for (const [what, pairs, id] of cases) {
    test(what, async () => {
      const a = await create(pairs());
      expect(a.violations).toEqual([id]);
      expect(a.status).toBe(400);
    });
  }
});
