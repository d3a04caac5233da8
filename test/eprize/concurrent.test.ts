// Two runs at once against one ePrize promotion, from two "machines" (test/concurrent.ts). ePrize
// documents no delete, no update and no read: a run only creates profiles, each with its own run id
// in its unique key, and judges each create by its own answer. Two runs at once must therefore
// meet nothing of each other's: no failure, no check errored "changed by another client".
import { expect, test } from 'vitest';
import { concurrentProof } from '../concurrent.ts';

test('eprize: two runs at once against one promotion: no false failure, nothing errored', async () => {
  const out = await concurrentProof({ vendor: 'eprize' });
  console.log(JSON.stringify(out));
  expect(out.overlapped, 'the two runs overlapped').toBe(true);
  expect(out.byAnother).toEqual([0, 0]);
  expect(out.codes).toEqual([0, 0]);
}, 600_000);
