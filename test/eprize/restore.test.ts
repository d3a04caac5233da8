// A real promotion is left as the suite found it, as far as the API allows. The page documents no
// delete: the profiles the suite creates stay (each carries the run id in its unique key, an obvious
// trail, so two runs never collide). What the suite must never do is change a profile it did not
// create: a profile already in the promotion reads back, through the API's own read-back and look-up
// (related.txt), exactly as before a full run against the same long-lived mock.
import { expect, test } from 'vitest';
import { PROMOTION, start } from '../../mocks/eprize/index.ts';
import { runByUrl } from '../runner.ts';

test('eprize: after a run a profile the suite did not create reads back exactly as before', async () => {
  const mock = await start();
  const cfg = mock.targetConfig as { apikey: string; captcha: { answerUrl: string } };
  const api = `${mock.url}/v1/${cfg.apikey}`;
  const email = `restore.${Date.now()}@example.com`;
  try {
    // A profile that was there before the run, created through the API (with a solved CAPTCHA).
    const challenge = await fetch(`${api}/captcha`, { method: 'POST' });
    const path = challenge.headers.get('location') ?? '';
    const answer = await (
      await fetch(cfg.captcha.answerUrl.replace('{challengeId}', path.split('/').pop() ?? ''))
    ).text();
    const created = await fetch(`${api}/profile`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-captcha-challenge': path,
        'x-captcha-response': answer,
      },
      body: `email:${email}\nbirthdate:${PROMOTION.requiredKeys.birthdate},\nfirst_name:Zoë Before,\noptin:N`,
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    const read = async () => {
      const profile = await fetch(`${mock.url}${location}`, { headers: { accept: 'application/xml' } });
      const lookup = await fetch(`${api}/profile(email)/${encodeURIComponent(email)}`, {
        redirect: 'manual',
      });
      return {
        status: profile.status,
        body: await profile.text(),
        lookup: [lookup.status, lookup.headers.get('location')],
      };
    };
    const before = await read();
    expect(before.status).toBe(200);
    expect(before.body).toContain('<first_name>Zoë Before</first_name>');
    expect(before.lookup).toEqual([303, location]);

    const report = await runByUrl('eprize', mock);
    expect(report.verdict).toBe('conformant');
    expect(await read()).toEqual(before);
  } finally {
    await mock.close();
  }
});
