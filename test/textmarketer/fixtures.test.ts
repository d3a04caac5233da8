// The page's own example is a fixture: it validates against the DTD printed on the page (kept
// verbatim) and against the JSON Schema of the parsed XML; mutations of it fail with libxml2's message.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import errorsSchema from '../../schemas/textmarketer/errors-response.schema.json' with { type: 'json' };
import modifyRequest from '../../schemas/textmarketer/modify-request.schema.json' with { type: 'json' };
import successSchema from '../../schemas/textmarketer/modify-response.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { parseXml } from '../../src/validate/xml.ts';
import { DTD_TEXT, dtdErrors } from '../../suites/textmarketer/checks.ts';

const example = readFileSync(
  new URL('../../schemas/textmarketer/examples/modify-response.xml', import.meta.url),
);
const page = readFileSync(new URL('../../schemas/textmarketer/page.txt', import.meta.url), 'utf8');
const latin1 = example.toString('latin1');
const mutate = (f: (s: string) => string) => Buffer.from(f(latin1), 'latin1');

describe('the DTD and the example, verbatim from the page', () => {
  test("the DTD file is the page's DTD, character for character", () => {
    expect(page).toContain(DTD_TEXT.trimEnd());
  });

  test("the example is the page's example, and is stored as ISO-8859-1 bytes", () => {
    expect(page).toContain(latin1.trimEnd());
    expect(latin1.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
  });

  test('the example validates against the DTD', () => {
    expect(dtdErrors(example)).toEqual([]);
  });

  test('the example validates against the JSON Schema of the parsed XML', () => {
    const parsed = parseXml(example);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(schemaErrors(successSchema, parsed.value)).toEqual([]);
  });
});

describe("mutations of the example fail the DTD with libxml2's message", () => {
  const cases: [string, (s: string) => string, RegExp][] = [
    [
      'missing credits',
      (s) => s.replace('<credits>833</credits>\n', ''),
      /Element account content does not follow the DTD/,
    ],
    [
      'children reordered',
      (s) => s.replace(/(<create_date>.*<\/create_date>\n)(<credits>.*<\/credits>\n)/, '$2$1'),
      /Element account content does not follow the DTD/,
    ],
    [
      'no processed_date',
      (s) => s.replace(' processed_date="2012-04-11T11:23:14+02:00"', ''),
      /Element response does not carry attribute processed_date/,
    ],
    [
      'an unknown element',
      (s) => s.replace('<credits>833</credits>', '<credits>833</credits>\n<balance>1</balance>'),
      /No declaration for element balance/,
    ],
    [
      'another root',
      (s) =>
        s.replace('<response processed_date', '<reply processed_date').replace('</response>', '</reply>'),
      /root and DTD name do not match|No declaration for element reply/,
    ],
    [
      'an unknown attribute',
      (s) => s.replace('<account>', '<account type="x">'),
      /No declaration for attribute type of element account/,
    ],
    ['not well-formed', (s) => s.replace('</account>', ''), /not well-formed/],
  ];
  for (const [name, f, message] of cases) {
    test(name, () => {
      const errs = dtdErrors(mutate(f));
      expect(errs.length).toBeGreaterThan(0);
      expect(errs.join('\n')).toMatch(message);
    });
  }
});

describe('the JSON Schemas reject mutations too', () => {
  const parse = (s: string) => {
    const p = parseXml(Buffer.from(s, 'latin1'));
    if (!p.ok) throw new Error(p.errors.join());
    return p.value;
  };
  test('success: a missing required element, a malformed account ID, an extra element', () => {
    expect(schemaErrors(successSchema, parse(latin1.replace('<credits>833</credits>', '')))).toContain(
      'response.account.credits: is required',
    );
    expect(
      schemaErrors(
        successSchema,
        parse(latin1.replace('abcdefghijklmnopqrstuvwx', 'abcdefghijklmnopqrstuvwxy')),
      ).join(),
    ).toMatch(/account_id: must match pattern/);
    expect(
      schemaErrors(successSchema, parse(latin1.replace('<credits>', '<x>1</x><credits>'))).join(),
    ).toMatch(/must NOT have additional properties 'x'/);
  });

  test('success: credits is #PCDATA in the DTD, so any text passes', () => {
    expect(schemaErrors(successSchema, parse(latin1.replace('833', 'lots')))).toEqual([]);
    expect(dtdErrors(mutate((s) => s.replace('833', 'lots')))).toEqual([]);
  });

  const errorBody = (inner: string) =>
    `<?xml version="1.0" encoding="ISO-8859-1"?><response processed_date="2012-04-11T11:23:14+02:00">${inner}</response>`;
  test('errors: the documented envelope validates, with one or several errors', () => {
    expect(
      schemaErrors(
        errorsSchema,
        parse(
          errorBody('<errors><error code="2">The email address you specified is invalid.</error></errors>'),
        ),
      ),
    ).toEqual([]);
    expect(
      schemaErrors(
        errorsSchema,
        parse(errorBody('<errors><error code="2">a</error><error code="4">b</error></errors>')),
      ),
    ).toEqual([]);
  });
  test('errors: no <errors> wrapper, a non-numeric code, an empty message, no processed_date all fail', () => {
    expect(schemaErrors(errorsSchema, parse(errorBody('<error code="2">x</error>')))).not.toEqual([]);
    expect(
      schemaErrors(errorsSchema, parse(errorBody('<errors><error code="two">x</error></errors>'))),
    ).not.toEqual([]);
    expect(
      schemaErrors(errorsSchema, parse(errorBody('<errors><error code="2"></error></errors>'))),
    ).not.toEqual([]);
    expect(
      schemaErrors(errorsSchema, parse('<response><errors><error code="2">x</error></errors></response>')),
    ).not.toEqual([]);
  });

  test("request: the page's rules as a schema (boundaries both sides)", () => {
    expect(schemaErrors(modifyRequest, { account_username: 'abcde', company_name: 'abc' })).toEqual([]);
    expect(
      schemaErrors(modifyRequest, { account_username: 'a'.repeat(20), company_name: 'x'.repeat(40) }),
    ).toEqual([]);
    expect(schemaErrors(modifyRequest, { account_username: 'abcd' })).not.toEqual([]);
    expect(schemaErrors(modifyRequest, { account_username: 'a'.repeat(21) })).not.toEqual([]);
    expect(schemaErrors(modifyRequest, { account_username: 'abcdé' })).not.toEqual([]);
    expect(schemaErrors(modifyRequest, { company_name: 'ab' })).not.toEqual([]);
    expect(schemaErrors(modifyRequest, { notifcation_email: 'nope' })).not.toEqual([]);
    expect(schemaErrors(modifyRequest, { unknown_field: 'x' })).not.toEqual([]);
  });
});
