// How many worker threads a run gets (src/runner.ts workersFor): one per target reached by URL (a
// suite waits on the network, not the cores), up to 8; the embedded mocks share this machine's
// cores; never more workers than targets.
import { expect, test } from 'vitest';
import { longestFirst, workersFor } from '../../src/runner.ts';

const url = { target: {} };
const embedded = { target: { mock: {} } };
const n = <T>(k: number, item: T): T[] => Array.from({ length: k }, () => item);

test('one worker per target reached by URL, up to 8, whatever the cores', () => {
  expect(workersFor(n(5, url), 2)).toBe(5);
  expect(workersFor(n(12, url), 2)).toBe(8);
  expect(workersFor(n(12, url), 16)).toBe(12);
});

test('the embedded mocks: the cores less one, at least two, never more than the targets', () => {
  expect(workersFor(n(5, embedded), 2)).toBe(2);
  expect(workersFor(n(5, embedded), 8)).toBe(5);
  expect(workersFor(n(60, embedded), 8)).toBe(7);
  expect(workersFor([...n(3, embedded), ...n(2, url)], 2)).toBe(2);
  expect(workersFor([...n(1, embedded), ...n(4, url)], 2)).toBe(4);
});

test('one target, one worker; none, still one', () => {
  expect(workersFor([url], 8)).toBe(1);
  expect(workersFor([embedded], 8)).toBe(1);
  expect(workersFor([], 8)).toBe(1);
});

// The order the suite files start in (the run's sequencer): the longest of the last run first, so
// the workers end close together; a file never timed before goes first, as in vitest's own order.
test('suite files start longest first, unknown ones before them, ties in their order', () => {
  const last: Record<string, number> = { tm: 2075, ep: 1019, so: 731, is: 572, tx: 612 };
  expect(longestFirst(['tx', 'is', 'so', 'ep', 'tm'], (f) => last[f])).toEqual([
    'tm',
    'ep',
    'so',
    'tx',
    'is',
  ]);
  expect(longestFirst(['a', 'tm', 'b', 'so'], (f) => last[f])).toEqual(['a', 'b', 'tm', 'so']);
  expect(longestFirst(['x', 'y'], () => 5)).toEqual(['x', 'y']);
});
