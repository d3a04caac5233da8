// The values the Sociotoco suite derives from the configured ones keep their shape.
import { describe, expect, test } from 'vitest';
import { uniqueValues } from '../../src/check.ts';
import {
  likeButNot,
  sameShape,
  UUID,
  unknownKeyFor,
  unknownSidFor,
  uuidFrom,
} from '../../suites/sociotoco/values.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('sociotoco: derived values', () => {
  test('sameShape: digits stay digits, hex letters hex letters, letters letters, the rest as it was', () => {
    const out = sameShape('set-42_Ab', bytes(1, 2, 3, 4, 5, 6, 7, 8, 9));
    expect(out).toMatch(/^[a-z][a-f][a-z]-[0-9][0-9]_[A-F][a-f]$/);
    expect(sameShape('3f2b8c1d', bytes(7, 11, 13))).toMatch(/^[0-9][a-f][0-9][a-f][0-9][a-f][0-9][a-f]$/);
    expect(sameShape('--', bytes(1))).toBe('--');
  });

  test('uuidFrom: a version-4 UUID from hex digits', () => {
    const u = uuidFrom('0123456789ABCDEF0123456789abcdef');
    expect(u).toMatch(UUID);
    expect(u.charAt(14)).toBe('4');
    expect('89ab').toContain(u.charAt(19));
    expect(UUID.test('GMRW32AP')).toBe(false);
  });

  test('likeButNot: same shape, never the original, another per use; nothing to vary gets a suffix', () => {
    const seeds = uniqueValues('run');
    const a = likeButNot('3f2b8c1d', 'key', seeds);
    const b = likeButNot('3f2b8c1d', 'key', seeds);
    expect(a).toMatch(/^[0-9][a-f][0-9][a-f][0-9][a-f][0-9][a-f]$/);
    expect(a).not.toBe('3f2b8c1d');
    expect(b).not.toBe(a);
    expect(likeButNot('--', 'key', seeds)).toBe('--0');
  });

  test('unknownKeyFor / unknownSidFor: the configured value wins; else a fresh one (a UUID for a UUID sid)', () => {
    const seeds = uniqueValues('run');
    expect(unknownKeyFor({ apiKey: 'abc123', unknownKey: 'k' }, seeds)).toBe('k');
    expect(unknownKeyFor({ apiKey: 'abc123' }, seeds)).toMatch(/^[a-f]{3}[0-9]{3}$/);
    expect(unknownSidFor({ sid: '89c13185-8756-4577-935d-c3e83e6e77ce', unknownSid: 's' }, seeds)).toBe('s');
    const sid = unknownSidFor({ sid: '89c13185-8756-4577-935d-c3e83e6e77ce' }, seeds);
    expect(sid).toMatch(UUID);
    expect(unknownSidFor({ sid: 'SET-7' }, seeds)).toMatch(/^[A-Z]{3}-[0-9]$/);
  });
});
