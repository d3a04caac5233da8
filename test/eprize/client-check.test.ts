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

describe('CAPTCHA: a client of the promotion that enforces one', () => {
  let captchaCfg: ResolvedConfig;
  beforeAll(() => {
    captchaCfg = withDefaults(m.mock.targetConfig as unknown as EprizeConfig);
  });
  /** A challenge of the CAPTCHA promotion and its answer (the mock's test-only fixture). */
  async function solve(): Promise<{ challenge: string; answer: string }> {
    const issued = await fetch(`${m.mock.url}/v1/${captchaCfg.apikey}/captcha`, { method: 'POST' });
    const challenge = issued.headers.get('location') ?? '';
    const url = String(captchaCfg.captcha.answerUrl).replace(
      '{challengeId}',
      challenge.split('/').pop() ?? '',
    );
    return { challenge, answer: (await (await fetch(url)).text()).trim() };
  }
  const createOn = (headers: Record<string, string>) => {
    const r = createRequest(captchaCfg, m.mock.url, minimalPairs(captchaCfg, fresh()));
    return send({ ...r, headers: { ...r.headers, ...headers } });
  };

  test('the challenge and the answer in the named headers (any letter case) break nothing, 201', async () => {
    for (const [c, a] of [
      ['X-CAPTCHA-Challenge', 'X-CAPTCHA-Response'],
      ['x-captcha-challenge', 'x-captcha-response'],
    ] as const) {
      const solved = await solve();
      const r = await createOn({ [c]: solved.challenge, [a]: solved.answer });
      expect(r.violations).toEqual([]);
      expect(r.judged).toContain('EPZ-CLIENT-CAPTCHA');
      expect(r.status).toBe(201);
    }
  });

  const wrong: [string, (s: { challenge: string; answer: string }) => Record<string, string>][] = [
    ['no CAPTCHA headers (a trusted caller on the wrong promotion)', () => ({})],
    ['the challenge without the answer', (s) => ({ 'X-CAPTCHA-Challenge': s.challenge })],
    [
      'the answer in a header the page does not name',
      (s) => ({ 'X-CAPTCHA-Challenge': s.challenge, 'X-CAPTCHA-Answer': s.answer }),
    ],
  ];
  for (const [what, headers] of wrong) {
    test(`${what}: EPZ-CLIENT-CAPTCHA alone, answered 400`, async () => {
      const r = await createOn(headers(await solve()));
      expect(r.violations).toEqual(['EPZ-CLIENT-CAPTCHA']);
      expect(r.status).toBe(400);
    });
  }

  test('the console names the missing header and the one sent instead', () => {
    expect(
      m.lines.some((l) => /EPZ-CLIENT-CAPTCHA.*no X-CAPTCHA-Response header.*x-captcha-answer/.test(l)),
    ).toBe(true);
  });

  test('the open promotion: a create without CAPTCHA headers is not judged on them', async () => {
    const r = await create(minimalPairs(cfg, fresh()));
    expect(r.judged).not.toContain('EPZ-CLIENT-CAPTCHA');
    expect(r.violations).toEqual([]);
  });
});
