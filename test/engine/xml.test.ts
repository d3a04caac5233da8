// XML from a target: text is decoded as XML defines it; nothing a DOCTYPE declares is expanded.
import { expect, test } from 'vitest';
import { decodeXmlText, parseXml } from '../../src/validate/xml.ts';

test('predefined entities and character references are decoded; declared entities are not', () => {
  expect(decodeXmlText('Bill&apos;s &amp; &lt;Co&gt; &quot;x&quot; caf&#233; &#x263A;')).toBe(
    'Bill\'s & <Co> "x" café ☺',
  );
  expect(decodeXmlText('&xxe; &#0; &#x110000;')).toBe('&xxe; &#0; &#x110000;');
});

test('parsed values and attributes are decoded text', () => {
  const p = parseXml(Buffer.from('<?xml version="1.0"?><r a="1 &amp; 2"><n>Bill&apos;s</n></r>'));
  expect(p.ok && p.value).toEqual({ r: { '@a': '1 & 2', n: "Bill's" } });
});

test('a billion-laughs document is not expanded', () => {
  const lol = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><r>&c;</r>`;
  const p = parseXml(Buffer.from(lol));
  expect(JSON.stringify(p).length).toBeLessThan(2000);
});

test('invalid bytes for the declared encoding are an error, not a replacement character', () => {
  const p = parseXml(
    Buffer.from([
      ...Buffer.from('<?xml version="1.0" encoding="UTF-8"?><r>'),
      0xc3,
      0x28,
      ...Buffer.from('</r>'),
    ]),
  );
  expect(p.ok).toBe(false);
  if (!p.ok) expect(p.errors[0]).toMatch(/not valid UTF-8/);
});
