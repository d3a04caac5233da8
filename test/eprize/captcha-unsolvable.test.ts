// A promotion that enforces a CAPTCHA the config gives no way to answer (no captcha.answerUrl or
// captcha.answer, as with a real promotion and no test hook): the CAPTCHA checks that need no
// solved CAPTCHA still run, without their control, and say so; a target that takes a wrong answer
// (or none) fails them.
import { expect, test } from 'vitest';
import { start } from '../../mocks/eprize/index.ts';
import { runByUrl } from '../runner.ts';

const unsolvable = (section: Record<string, unknown>) => ({
  ...section,
  captcha: { enforced: true },
});

const outcome = (r: Awaited<ReturnType<typeof runByUrl>>, id: string) =>
  r.checks.find((c) => c.requirements.includes(id));

test('eprize: CAPTCHA-REQUIRED and CAPTCHA-WRONG run without a control when no CAPTCHA can be answered, and say so', async () => {
  const mock = await start();
  try {
    const r = await runByUrl('eprize', mock, unsolvable(mock.targetConfig));
    expect(r.errors).toEqual([]);
    for (const id of ['EPZ-CAPTCHA-REQUIRED', 'EPZ-CAPTCHA-WRONG']) {
      const c = outcome(r, id);
      expect([id, c?.outcome]).toEqual([id, 'passed']);
      expect(c?.notes.join(' ')).toContain('without control');
    }
  } finally {
    await mock.close();
  }
});

test('eprize: a target that takes a wrong CAPTCHA answer fails CAPTCHA-WRONG even when no CAPTCHA can be answered', async () => {
  const mock = await start({ faults: ['captcha-answer-unchecked'] });
  try {
    const r = await runByUrl('eprize', mock, unsolvable(mock.targetConfig));
    expect(outcome(r, 'EPZ-CAPTCHA-WRONG')?.outcome).toBe('failed');
    expect(outcome(r, 'EPZ-CAPTCHA-REQUIRED')?.outcome).toBe('passed');
  } finally {
    await mock.close();
  }
});
