// How many worker threads a run gets (src/runner.ts workersFor): one per target reached by URL (a
// suite waits on the network, not the cores), up to 8; the embedded mocks share this machine's
// cores; never more workers than targets.
import { expect, test } from 'vitest';
import { workersFor } from '../../src/runner.ts';

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
