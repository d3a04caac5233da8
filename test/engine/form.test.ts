// The one form parser (src/form.ts): fields as bytes with the charset that covers them, and the
// decoded form the mocks read, for url-encoded and multipart bodies.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { charsetOf, decodeBytes, formFields, parseForm } from '../../src/form.ts';

describe('charsetOf', () => {
  test('the parameter, unquoted and in lower case; none without one', () => {
    expect(charsetOf('application/x-www-form-urlencoded; charset=UTF-8')).toBe('utf-8');
    expect(charsetOf('text/plain; format=flowed; charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(charsetOf('application/x-www-form-urlencoded')).toBeUndefined();
  });
});

describe('url-encoded', () => {
  test('bytes percent-decoded, the body label on each field', () => {
    const f = formFields(
      Buffer.from('a=caf%C3%A9&b=x+y&c'),
      'application/x-www-form-urlencoded; charset=utf-8',
    );
    expect(f.map((x) => [x.name, [...x.bytes], x.charset])).toEqual([
      ['a', [0x63, 0x61, 0x66, 0xc3, 0xa9], 'utf-8'],
      ['b', [0x78, 0x20, 0x79], 'utf-8'],
      ['c', [], 'utf-8'],
    ]);
  });

  test('decoded by the label: UTF-8, Latin-1 when so labelled, and bytes that are not UTF-8 as Latin-1', () => {
    expect(parseForm('a=caf%C3%A9')).toEqual({ a: 'café' });
    expect(parseForm('a=caf%E9', 'application/x-www-form-urlencoded; charset=ISO-8859-1')).toEqual({
      a: 'café',
    });
    expect(parseForm('a=caf%E9')).toEqual({ a: 'café' });
    // iso-8859-15 is not Latin-1 (it was once taken for it by a prefix match): read as UTF-8 here
    expect(parseForm('a=caf%C3%A9', 'application/x-www-form-urlencoded; charset=iso-8859-15')).toEqual({
      a: 'café',
    });
    expect(decodeBytes(Buffer.from([0xe9]), 'latin1')).toBe('é');
  });

  test('percent-decoding byte for byte as the first, character by character, decoder did', () => {
    // That decoder, kept here as the oracle of the faster one in src/form.ts.
    const reference = (s: string): number[] => {
      const bytes: number[] = [];
      for (let i = 0; i < s.length; i++) {
        const ch = s[i] as string;
        if (ch === '+') bytes.push(32);
        else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
          bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(...Buffer.from(ch, 'utf8'));
      }
      return bytes;
    };
    const unit = fc.constantFrom(...'%+09afAFgG z\u00e9\u00ff\u0100\u20ac\ud83d\ude00\ud800'.split(''));
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 12 }).map((u) => u.join('')),
        (s) => {
          expect([...(formFields(`a=${s}`)[0]?.bytes ?? [])]).toEqual(reference(s));
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
  });

  test('a repeated name: the last one wins', () => {
    expect(parseForm('a=1&a=2')).toEqual({ a: '2' });
  });
});

describe('multipart/form-data', () => {
  test('each part: its name, its bytes and its own charset; decoded like url-encoded', async () => {
    const form = new FormData();
    form.append('name', 'Zoë');
    form.append(
      'latin',
      new Blob([Buffer.from('Zoë', 'latin1')], { type: 'text/plain; charset=ISO-8859-1' }),
    );
    const req = new Request('http://x/', { method: 'POST', body: form });
    const type = req.headers.get('content-type') ?? '';
    const body = Buffer.from(await req.arrayBuffer());
    const fields = formFields(body, type);
    expect(fields.map((f) => [f.name, f.charset])).toEqual([
      ['name', undefined],
      ['latin', 'iso-8859-1'],
    ]);
    expect(parseForm(body, type)).toEqual({ name: 'Zoë', latin: 'Zoë' });
  });
});
