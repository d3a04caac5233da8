// The kit's decision for two runs at once (src/concurrent.ts): whose value a read shows, what a
// read-back check and a restore do with it.
import { describe, expect, test } from 'vitest';
import { CheckFailure, PreconditionLost } from '../../src/check.ts';
import {
  anotherRunIn,
  anothersFields,
  CHANGED_BY_ANOTHER,
  checkReadFields,
  isAnothers,
  isLeftToAnother,
  leftToAnother,
  type Ownership,
  restoreStep,
  writeLog,
} from '../../src/concurrent.ts';
import { newRunId } from '../../src/target.ts';

const RUN = 'rabc123beef';
const own: Ownership = {
  saved: { company: 'Acme Ltd', mobile: '447777777777' },
  wrote: { company: ['Test 1', 'Test 2'], mobile: ['07700 900123'] },
  runId: RUN,
  canon: (f, v) => (f === 'mobile' ? v.replace(/\s/g, '').replace(/^\+?44|^0/, '44') : v),
};

describe('isAnothers', () => {
  test("a value neither saved, nor written, nor carrying the run id is another client's", () => {
    expect(isAnothers('company', 'Someone Else Ltd', own)).toBe(true);
    expect(isAnothers('company', `Co ${'rzzz999aaaa'} 3`, own)).toBe(true);
  });
  test("the saved value, a written one, one in the target's form, and a mangled one of the run's are the run's", () => {
    expect(isAnothers('company', 'Acme Ltd', own)).toBe(false);
    expect(isAnothers('company', 'Test 1', own)).toBe(false);
    expect(isAnothers('mobile', '447700900123', own)).toBe(false);
    expect(isAnothers('company', `CafÃ© ${RUN}`, own)).toBe(false);
  });
  test('a cleared or absent field is the target’s doing, never evidence of another writer', () => {
    expect(isAnothers('company', '', own)).toBe(false);
    expect(isAnothers('company', undefined, own)).toBe(false);
  });
  test('without canon a rewritten mobile is another’s (the vendor says how its target rewrites)', () => {
    const { canon: _, ...plain } = own;
    expect(isAnothers('mobile', '447700900123', plain)).toBe(true);
  });
});

describe('checkReadFields', () => {
  test('what the target did with the run’s own values is judged first: a failure', () => {
    const read = { company: 'Test 1', mobile: '449999999999' };
    expect(() =>
      checkReadFields(read, { company: 'Test 2', mobile: '447700900123' }, 'read-back', own),
    ).toThrow(CheckFailure);
  });
  test('only another client’s values differ: errored (PreconditionLost), naming fields, never values', () => {
    let err: unknown;
    try {
      checkReadFields(
        { company: 'Test 2', mobile: '449999999999' },
        { company: 'Test 2', mobile: '447700900123' },
        'read-back',
        own,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PreconditionLost);
    expect((err as Error).message).toContain(CHANGED_BY_ANOTHER);
    expect((err as Error).message).toContain('mobile');
    expect((err as Error).message).not.toContain('449999999999');
  });
  test('all as expected: passes', () => {
    expect(() =>
      checkReadFields({ company: 'Test 2' }, { company: 'Test 2' }, 'read-back', own),
    ).not.toThrow();
  });
  test('anothersFields lists only the fields another client wrote', () => {
    expect(anothersFields({ company: 'Other', mobile: '447777777777' }, ['company', 'mobile'], own)).toEqual([
      'company',
    ]);
  });
});

describe('restoreStep', () => {
  test('unchanged, put back (the run’s value), or left to another client', () => {
    expect(restoreStep('company', 'Acme Ltd', 'Acme Ltd', own)).toBe('unchanged');
    expect(restoreStep('company', 'Test 2', 'Acme Ltd', own)).toBe('put-back');
    expect(restoreStep('company', `x ${RUN} y`, 'Acme Ltd', own)).toBe('put-back');
    expect(restoreStep('company', 'Other Ltd', 'Acme Ltd', own)).toBe('another-client');
  });
  test('without what the run wrote (the journal after a kill), whatever changed is put back', () => {
    expect(restoreStep('company', 'Other Ltd', 'Acme Ltd')).toBe('put-back');
  });
  test('the warning for a field left is recognised, and no other warning is', () => {
    expect(isLeftToAnother(leftToAnother('textmarketer', 'company_name'))).toBe(true);
    expect(
      isLeftToAnother('textmarketer: restoring company_name failed (HTTP 500); it keeps a test value'),
    ).toBe(false);
  });
});

describe('anotherRunIn', () => {
  test('finds another run’s id in a value, not this run’s, not a word that merely looks alike', () => {
    const other = newRunId();
    const mine = newRunId();
    expect(anotherRunIn({ a: `O'Brien & Co ${other} 3` }, mine)).toBe(other);
    expect(anotherRunIn({ a: `O'Brien & Co ${mine} 3` }, mine)).toBeUndefined();
    expect(anotherRunIn({ a: 'Acme Ltd', b: undefined, c: `xr${other.slice(1)}` }, mine)).toBeUndefined();
  });
});

test('writeLog keeps every value sent, per target and field', () => {
  const log = writeLog();
  log.record('acct', { company: 'A' });
  log.record('acct', { company: 'B', mobile: 'M' });
  log.record('other', { company: 'C' });
  expect(log.wrote('acct')).toEqual({ company: ['A', 'B'], mobile: ['M'] });
  expect(log.wrote('none')).toEqual({});
});
