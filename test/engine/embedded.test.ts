// The embedded mock in the suite's own thread (src/embedded.ts): the context against that instance,
// and a run whose checks and report all name it.
import { expect, test } from 'vitest';
import { rebase } from '../../src/embedded.ts';
import { runConformance } from '../../src/runner.ts';
import type { SuiteContext } from '../../src/types.ts';
import { VENDORS } from '../../vendors.ts';
import { testRunner } from '../runner.ts';

const engine = {
  url: 'http://127.0.0.1:1000/services/rest',
  targetConfig: {
    apikey: 'promo1',
    answerUrl: 'http://127.0.0.1:1001/captcha-answer/{challengeId}',
    nested: { list: ['http://127.0.0.1:1001/captcha-answer/{challengeId}', 'same'] },
  },
};
const context = (config: Record<string, unknown>, secrets: string[] = []): SuiteContext => ({
  vendor: 'eprize',
  baseUrl: engine.url,
  runId: 'r1',
  timeoutMs: 1000,
  maxBodyBytes: 1000,
  config,
  secrets,
  generation: { seed: 1, examples: 0 },
  embedded: { module: '/x/mocks/eprize/index.js', faults: ['f'], ...engine },
});

test("the context against this thread's instance: its URLs swapped in, the user's values and the rest kept", () => {
  const mine = {
    url: 'http://127.0.0.1:2000/services/rest/',
    targetConfig: {
      apikey: 'promo1',
      answerUrl: 'http://127.0.0.1:2001/captcha-answer/{challengeId}',
      nested: { list: ['http://127.0.0.1:2001/captcha-answer/{challengeId}', 'same'] },
    },
  };
  const ctx = context(
    {
      ...engine.targetConfig,
      timeoutUrl: 'http://127.0.0.1:1001/captcha-answer/{challengeId}',
      userUrl: 'http://elsewhere.test/',
      apikey: 'the-users-promo',
    },
    ['the-users-promo', 'http://127.0.0.1:1001/captcha-answer/{challengeId}'],
  );
  const r = rebase(ctx, mine);
  expect(r.baseUrl).toBe('http://127.0.0.1:2000/services/rest');
  expect(r.config).toEqual({
    apikey: 'the-users-promo',
    answerUrl: 'http://127.0.0.1:2001/captcha-answer/{challengeId}',
    nested: { list: ['http://127.0.0.1:2001/captcha-answer/{challengeId}', 'same'] },
    timeoutUrl: 'http://127.0.0.1:2001/captcha-answer/{challengeId}',
    userUrl: 'http://elsewhere.test/',
  });
  expect(r.secrets).toEqual(['the-users-promo', 'http://127.0.0.1:2001/captcha-answer/{challengeId}']);
  // the engine's context itself is left alone
  expect(ctx.config.answerUrl).toBe(engine.targetConfig.answerUrl);
  const { embedded, ...byUrl } = ctx;
  expect(embedded).toBeDefined();
  expect(rebase(byUrl, mine)).toBe(byUrl);
});

test('a run against the embedded mock: every check and the report name the instance the suite ran against', async () => {
  const { reports } = await runConformance(
    { allVendors: VENDORS, vendors: ['eprize'], examples: 0 },
    testRunner(),
  );
  const r = reports[0];
  expect([r?.verdict, r?.target.embeddedMock]).toEqual(['conformant', true]);
  const origins = new Set(r?.checks.flatMap((c) => c.exchanges.map((e) => new URL(e.request.url).port)));
  expect([...origins]).toEqual([new URL(r?.target.baseUrl ?? '').port]);
  // ePrize's suite reads each captcha's answer from the mock's fixtures server (another port, not
  // recorded): only this instance's knows the challenges it issued, so a conformant run shows that
  // URL was swapped too.
});
