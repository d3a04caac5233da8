// The contract tests' limiter: never more runs at once than its slots, every run started, in order,
// a failing run freeing its slot.
import { expect, test } from 'vitest';
import { limited } from './limit.ts';

test('limited(n): at most n at once, in call order, a rejection frees its slot', async () => {
  const run = limited(3);
  let now = 0;
  let most = 0;
  const started: number[] = [];
  const tick = () => new Promise((done) => setTimeout(done, 2));
  const results = await Promise.allSettled(
    Array.from({ length: 12 }, (_, i) =>
      run(async () => {
        started.push(i);
        now += 1;
        most = Math.max(most, now);
        await tick();
        now -= 1;
        if (i % 4 === 0) throw new Error(`run ${i}`);
        return i;
      }),
    ),
  );
  expect(most).toBe(3);
  expect(started).toEqual([...Array(12).keys()]);
  expect(results.filter((r) => r.status === 'rejected').length).toBe(3);
  expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))).toEqual([
    1, 2, 3, 5, 6, 7, 9, 10, 11,
  ]);
});
