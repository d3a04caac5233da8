// mock --check-client, Sociotoco: requests signed as the suite signs them break nothing; each way of
// signing wrongly is diagnosed under its own requirement, and the mock answers 210 SignatureInvalid
// (or the missing argument's code) as the API would.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ResolvedConfig, type SociotocoConfig, withDefaults } from '../../suites/sociotoco/config.ts';
import {
  endpoint,
  getSetParams,
  setProfilesParams,
  signOptions,
  unixTime,
  withSig,
} from '../../suites/sociotoco/requests.ts';
import { type Param, sign, signatureBase } from '../../suites/sociotoco/sign.ts';
import { type JudgedMock, startJudged } from '../client-proof.ts';

let m: JudgedMock;
let cfg: ResolvedConfig;
let clock = Number(unixTime());
/** A fresh time per request: the mock may refuse a replayed signature. */
const time = () => String(clock++);

beforeAll(async () => {
  m = await startJudged('sociotoco');
  cfg = withDefaults(m.mock.targetConfig as unknown as SociotocoConfig);
});
afterAll(() => m.close());

const get = (params: readonly Param[]) => m.send(endpoint(m.mock.url, params));
const code = (body: string) => /code="(\d+)"/.exec(body)?.[1];
/** setProfiles with sig computed from a base the caller makes (a deliberately wrong signer). */
const signedBy = (base: (p: Param[]) => string, algorithm = cfg.algorithm) => {
  const p = setProfilesParams(cfg, {}, time());
  return get([...p, ['sig', createHash(algorithm).update(base(p), 'utf8').digest('hex')]]);
};

describe('a correct client', () => {
  test('setProfiles and sets.get signed as the suite signs them, in every algorithm, break nothing', async () => {
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha384', 'sha512'] as const) {
      const a = await get(withSig(cfg, setProfilesParams(cfg, {}, time()), { algorithm }));
      expect(a.violations, algorithm).toEqual([]);
      expect(a.status).toBe(200);
      expect(a.judged).toContain('SOC-CLIENT-SIG-SORTED');
      expect(a.judged).toContain('SOC-CLIENT-REQUIRED');
    }
    const r = await get(withSig(cfg, getSetParams(cfg, time())));
    expect(r.violations).toEqual([]);
    expect(r.status).toBe(200);
  });
});

describe('a wrong client: each signing mistake under its own requirement, answered 210', () => {
  const opts = () => signOptions(cfg);
  const cases: [string, () => ReturnType<typeof get>, string][] = [
    [
      'parameters signed in query order',
      () => get(withSig(cfg, setProfilesParams(cfg, {}, time()), { order: 'as-given' })),
      'SOC-CLIENT-SIG-SORTED',
    ],
    [
      'time left out of the base',
      () => get(withSig(cfg, setProfilesParams(cfg, {}, time()), { exclude: ['time'] })),
      'SOC-CLIENT-SIG-ALL-PARAMS',
    ],
    [
      'the secret prepended',
      () => signedBy((p) => `${cfg.secret}${signatureBase(p, { ...opts(), secret: '' })}`),
      'SOC-CLIENT-SIG-SECRET',
    ],
    [
      "the secret after a '#'",
      () => signedBy((p) => `${signatureBase(p, { ...opts(), secret: '' })}#${cfg.secret}`),
      'SOC-CLIENT-SIG-SECRET',
    ],
    [
      'a digest cut to 30 hex digits',
      () => {
        const p = setProfilesParams(cfg, {}, time());
        return get([...p, ['sig', sign(p, opts()).slice(0, 30)]]);
      },
      'SOC-CLIENT-SIG-ALGORITHM',
    ],
    [
      'a wrong secret',
      () => get(withSig(cfg, setProfilesParams(cfg, {}, time()), { secret: 'not-the-secret' })),
      'SOC-CLIENT-SIG',
    ],
  ];
  for (const [what, send, id] of cases) {
    test(what, async () => {
      const a = await send();
      expect(a.violations).toEqual([id]);
      expect(code(a.body)).toBe('210');
    });
  }
});

describe("time in the page's form: a Unix timestamp, whole seconds", () => {
  test("a correct client: seconds (the suite's unixTime) are judged and break nothing", async () => {
    const a = await get(withSig(cfg, setProfilesParams(cfg, {}, time())));
    expect(a.judged).toContain('SOC-CLIENT-TIME');
    expect(a.violations).toEqual([]);
  });
  const wrong: [string, () => string][] = [
    ['milliseconds (Date.now())', () => String(Date.now())],
    ['a fraction (time.time())', () => `${time()}.25`],
    ['an ISO date', () => new Date().toISOString()],
    ['a negative number', () => `-${time()}`],
  ];
  for (const [what, value] of wrong) {
    test(`${what}, correctly signed: SOC-CLIENT-TIME alone`, async () => {
      const a = await get(withSig(cfg, setProfilesParams(cfg, {}, value())));
      expect(a.violations).toEqual(['SOC-CLIENT-TIME']);
    });
  }
});

test('a setProfiles without profiles (correctly signed): SOC-CLIENT-REQUIRED, answered 305', async () => {
  const a = await get(withSig(cfg, setProfilesParams(cfg, { profiles: null }, time())));
  expect(a.violations).toEqual(['SOC-CLIENT-REQUIRED']);
  expect(code(a.body)).toBe('305');
});

test('no secret and no API key on the console or in the report', () => {
  const all = `${m.lines.join('\n')}\n${JSON.stringify(m.report())}`;
  expect(m.lines.some((l) => l.includes('SOC-CLIENT-SIG-SECRET'))).toBe(true);
  expect(all).not.toContain(cfg.secret);
  expect(all).not.toContain(cfg.apiKey);
});
