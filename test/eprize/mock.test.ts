// The reference mock keeps the CAPTCHA secret out of every answer a real client would see: only the
// test-only fixture server (named in targetConfig) tells it, and the answer works exactly once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROMOTION, start } from '../../mocks/eprize/index.ts';
import type { RunningMock } from '../../src/types.ts';

let mock: RunningMock;
beforeAll(async () => {
  mock = await start({});
});
afterAll(() => mock.close());

describe('eprize reference mock', () => {
  test('the CAPTCHA answer is only in the fixture, and a challenge is single-use', async () => {
    const api = `${mock.url}/v1/${PROMOTION.apikey}`;
    const res = await fetch(`${api}/captcha`, { method: 'POST' });
    expect(res.status).toBe(201);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/v1/${PROMOTION.apikey}/captcha/[0-9a-f]+$`));
    const seen = `${[...res.headers].join('\n')}\n${await res.text()}`;

    const answerUrl = (mock.targetConfig.captcha as { answerUrl: string }).answerUrl;
    expect(new URL(answerUrl).port).not.toBe(new URL(mock.url).port);
    const answer = await (
      await fetch(answerUrl.replace('{challengeId}', location.split('/').pop() ?? ''))
    ).text();
    expect(answer).toMatch(/^[a-z]{6}$/);
    expect(seen).not.toContain(answer);

    const post = (email: string) =>
      fetch(`${api}/profile`, {
        method: 'POST',
        headers: {
          'x-captcha-challenge': location,
          'x-captcha-response': answer,
          'content-type': 'text/plain',
        },
        body: `email:${email}\nbirthdate:1990-01-31`,
      });
    const first = await post('once@example.com');
    expect(first.status).toBe(201);
    expect(await first.text()).not.toContain(answer);
    expect((await post('twice@example.com')).status).toBe(400);
  });
});
