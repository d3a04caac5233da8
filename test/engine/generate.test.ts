// The generated-input kit: boundary values first, a failing random value shrunk to its minimum with
// only its exchanges kept, the seed replaying the same values, and errors that are no failure
// ending the exploration at once.
import { describe, expect, it } from 'vitest';
import { CheckFailure, fail, NotApplicable } from '../../src/check.ts';
import {
  classDomain,
  type DomainSide,
  type ExploreContext,
  explore,
  fc,
  parseClassPattern,
  patternDomain,
  sample,
} from '../../src/generate.ts';
import { pace, TransportError } from '../../src/http.ts';

function context(seed = 42, examples = 20) {
  const exchanges: string[] = [];
  const notes: string[] = [];
  const c: ExploreContext = {
    generation: { seed, examples },
    note: (m) => notes.push(m),
    evidence: {
      mark: () => exchanges.length,
      drop: (from, to) => {
        if (to > from) exchanges.splice(from, to - from);
      },
    },
  };
  return { c, exchanges, notes };
}

const credential = patternDomain('^[A-Za-z0-9_-]{5,20}$', {
  id: 'username',
  rule: '5 to 20 characters of A-Z a-z 0-9 - _',
  accepted: 'accepted',
  refused: 'refused with error 4',
});

describe('domains from the page rules', () => {
  it('reads a schema pattern', () => {
    expect(parseClassPattern('^[A-Za-z0-9_-]{5,20}$')).toEqual({ chars: 'A-Za-z0-9_-', min: 5, max: 20 });
    expect(parseClassPattern('^[0-9]{4}$')).toEqual({ chars: '0-9', min: 4, max: 4 });
    expect(() => parseClassPattern('^a+$')).toThrow(/not a/);
  });

  it('valid boundary and random values keep the rule, invalid ones break it', () => {
    const re = /^[A-Za-z0-9_-]{5,20}$/;
    const g = { seed: 7, examples: 60 };
    const valid = sample(credential.valid, g);
    const invalid = sample(credential.invalid, g);
    expect(valid).toHaveLength(60);
    expect(valid.every((v) => re.test(v))).toBe(true);
    expect(invalid.some((v) => re.test(v))).toBe(false);
    // each bound and each character class is a boundary value of its own
    const labels = credential.valid.boundary.map((b) => b.label);
    expect(labels).toEqual(
      expect.arrayContaining(['5 characters (the lower bound)', 'only "-", 5 characters']),
    );
    expect(credential.valid.boundary.find((b) => b.label === 'only "_", 5 characters')?.value).toBe('_____');
    expect(credential.invalid.boundary.map((b) => b.value.length)).toEqual(
      expect.arrayContaining([4, 21, 0]),
    );
  });

  it('the same seed gives the same values, another seed others', () => {
    const g = { seed: 1234, examples: 30 };
    expect(sample(credential.invalid, g)).toEqual(sample(credential.invalid, g));
    expect(sample(credential.valid, { ...g, seed: 99 })).not.toEqual(sample(credential.valid, g));
  });
});

describe('explore', () => {
  it('passes when every value gets its outcome, and says what it tried', async () => {
    const { c, exchanges, notes } = context();
    let sent = 0;
    await explore(c, credential.valid, async (v) => {
      sent += 1;
      exchanges.push(v);
    });
    expect(sent).toBe(20);
    // the evidence keeps the first values' exchanges only
    expect(exchanges).toHaveLength(3);
    expect(notes[0]).toMatch(/username\/valid: 20 value\(s\) accepted as documented .*seed 42/);
  });

  it('a failing boundary value is reported as it is, with only its exchanges', async () => {
    const { c, exchanges } = context();
    const err = await explore(c, credential.valid, async (v) => {
      exchanges.push(`sent ${v}`);
      if (/^_+$/.test(v)) fail('refused', { received: 'error 5' });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckFailure);
    const f = (err as CheckFailure).failure;
    expect(f.title).toBe('username/valid: boundary value (only "_", 5 characters) "_____": refused');
    expect(f.messages).toEqual(expect.arrayContaining([expect.stringMatching(/replay: --seed 42/)]));
    expect(exchanges).toEqual(['sent _____']);
  });

  it('a failing random value is shrunk to the minimal one', async () => {
    // A target that refuses a valid value holding a digit right after a letter.
    const side: DomainSide<string> = { ...credential.valid, boundary: [] };
    const { c, exchanges } = context(5, 50);
    const err = await explore(c, side, async (v) => {
      exchanges.push(v);
      if (/[A-Za-z][0-9]/.test(v)) fail('refused');
    }).catch((e: unknown) => e);
    const f = (err as CheckFailure).failure;
    const value = /"([^"]+)"/.exec(f.title)?.[1] ?? '';
    expect(f.title).toMatch(/minimal failing value/);
    expect(value).toMatch(/^[A-Za-z0-9_-]{5}$/); // shrunk to the lower bound
    expect(exchanges).toEqual([value]);
  });

  it('shrinking is bounded: each shrink is a request', async () => {
    const { c } = context(3, 10);
    let sent = 0;
    await explore(
      c,
      { ...credential.valid, boundary: [] },
      async () => {
        sent += 1;
        fail('refused');
      },
      { shrinkBudget: 4 },
    ).catch(() => undefined);
    expect(sent).toBeLessThanOrEqual(14);
  });

  it('a transport error ends the exploration at once, unshrunk and not a failure', async () => {
    const { c } = context();
    let sent = 0;
    const err = await explore(c, { ...credential.invalid, boundary: [] }, async () => {
      sent += 1;
      throw new TransportError('timed out', 'TIMEOUT');
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(sent).toBe(1);
  });

  it('--examples 0 turns the generated check off, naming the key', async () => {
    const { c } = context(1, 0);
    const err = await explore(c, credential.valid, async () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotApplicable);
    expect((err as NotApplicable).needs).toBe('examples');
  });

  it('classDomain works on any arbitrary type of rule (lengths in characters)', async () => {
    const d = classDomain({ id: 'x', chars: 'a-c', min: 1, max: 3, rule: 'r', accepted: 'a', refused: 'r' });
    expect(sample(d.invalid, { seed: 2, examples: 30 }).every((v) => !/^[a-c]{1,3}$/.test(v))).toBe(true);
    expect(fc.sample(d.valid.random, { seed: 1, numRuns: 5 }).every((v) => /^[a-c]{1,3}$/.test(v))).toBe(
      true,
    );
  });
});

describe('--rate', () => {
  it('spaces the requests to one origin', async () => {
    const started = performance.now();
    for (let i = 0; i < 5; i++) await pace('http://rate.test:1/x', 50);
    // five starts at 50 per second: the fifth 80 ms after the first
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    const other = performance.now();
    await pace('http://other.test:1/', 50);
    expect(performance.now() - other).toBeLessThan(20);
  });
});
