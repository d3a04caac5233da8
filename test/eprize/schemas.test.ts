// The page's three answers (placeholders filled) validate against the ePrize schemas, and mutations
// of them do not, each with the validator's message. The request example fixes the "page" layout.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import conflictSchema from '../../schemas/eprize/conflict-response.schema.json' with { type: 'json' };
import requestSchema from '../../schemas/eprize/create-request.schema.json' with { type: 'json' };
import successSchema from '../../schemas/eprize/create-response.schema.json' with { type: 'json' };
import fieldErrorsSchema from '../../schemas/eprize/field-errors-response.schema.json' with { type: 'json' };
import targetSchema from '../../schemas/eprize/target-config.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { parseXml } from '../../src/validate/xml.ts';
import { encodeBody } from '../../suites/eprize/checks.ts';

const dir = new URL('../../schemas/eprize/examples/', import.meta.url);
const raw = (name: string) => readFileSync(new URL(name, dir));

function example(name: string): Record<string, unknown> {
  const p = parseXml(raw(name));
  if (!p.ok) throw new Error(`${name}: ${p.errors.join('; ')}`);
  return p.value;
}

// biome-ignore lint/suspicious/noExplicitAny: a mutation reaches deep into a parsed example whose shape the test knows
type Doc = Record<string, any>;
const cases: {
  name: string;
  file: string;
  schema: object;
  mutations: [string, (d: Doc) => void, RegExp][];
}[] = [
  {
    name: '201 Created',
    file: 'create-response.xml',
    schema: successSchema,
    mutations: [
      ['no ver', (d) => delete d.result['@ver'], /result\.@ver: is required/],
      ['no status', (d) => delete d.result.status, /result\.status: is required/],
      ['no id', (d) => delete d.result.result.profile.id, /profile\.id: is required/],
      ['status not a number', (d) => (d.result.status = 'ok'), /result\.status: must match pattern/],
      [
        'profile not wrapped in result',
        (d) => {
          d.result.profile = d.result.result.profile;
          delete d.result.result;
        },
        /result\.result: is required/,
      ],
      [
        'a key name in capitals',
        (d) => (d.result.result.profile.SafeKey = 'x'),
        /must match pattern "\^\[a-z\]/,
      ],
      [
        'a nested element in the profile',
        (d) => (d.result.result.profile.address = { street: 'x' }),
        /address: must be string/,
      ],
    ],
  },
  {
    name: '409 Conflict',
    file: 'conflict-response.xml',
    schema: conflictSchema,
    mutations: [
      [
        'no terminal_errors',
        (d) => delete d.result.result.errors.terminal_errors,
        /terminal_errors: is required/,
      ],
      [
        'error directly under result',
        (d) => (d.result.result = { error: 'duplicate_account' }),
        /errors: is required/,
      ],
      [
        'an empty error list',
        (d) => (d.result.result.errors.terminal_errors.error = []),
        /must NOT have fewer than 1 items|must match exactly one schema/,
      ],
      ['no status', (d) => delete d.result.status, /status: is required/],
      ['no error code', (d) => delete d.result.result.errors.terminal_errors.error, /error: is required/],
      [
        'an empty error code',
        (d) => (d.result.result.errors.terminal_errors.error = ''),
        /must NOT have fewer than 1 characters|must match exactly one schema/,
      ],
    ],
  },
  {
    name: '400 Bad Request',
    file: 'field-errors-response.xml',
    schema: fieldErrorsSchema,
    mutations: [
      [
        'an unknown error code',
        (d) => (d.result.result.errors.field_errors.field[0].error = 'REQUIRED'),
        /must be equal to one of the allowed values/,
      ],
      [
        'a field without a name',
        (d) => delete d.result.result.errors.field_errors.field[1].name,
        /name: is required/,
      ],
      [
        'field_errors not wrapped in errors',
        (d) => (d.result.result = d.result.result.errors),
        /errors: is required/,
      ],
      [
        'an empty name',
        (d) => (d.result.result.errors.field_errors.field[0].name = ''),
        /must NOT have fewer than 1 characters/,
      ],
      ['no ver', (d) => delete d.result['@ver'], /@ver: is required/],
      [
        'name as an attribute',
        (d) => (d.result.result.errors.field_errors.field = [{ '@name': 'x', error: 'NULL' }]),
        /name: is required/,
      ],
    ],
  },
];

// The page elides parts of every body ("…" lines): elements it does not show are allowed, and a
// terminal error other than duplicate_account need not follow the key-name rule.
const additions: { file: string; schema: object; add: (d: Doc) => void }[] = [
  { file: 'create-response.xml', schema: successSchema, add: (d) => (d.result.result.message = 'welcome') },
  { file: 'create-response.xml', schema: successSchema, add: (d) => (d.result.messages = 'x') },
  {
    file: 'conflict-response.xml',
    schema: conflictSchema,
    add: (d) => {
      d.result.result.errors.terminal_errors.error = ['duplicate_account', 'Promotion Closed'];
      d.result.result.errors.field_errors = { field: { name: 'x', error: 'NULL' } };
    },
  },
  {
    file: 'field-errors-response.xml',
    schema: fieldErrorsSchema,
    add: (d) => {
      d.result.result.errors.field_errors.field[0].message = 'must be a date';
      d.result.result.errors.terminal_errors = { error: 'x' };
      d.result['@lang'] = 'en';
    },
  },
];

for (const c of cases) {
  describe(`eprize ${c.name} example`, () => {
    test('the page example (placeholders filled) validates', () => {
      expect(schemaErrors(c.schema, example(c.file))).toEqual([]);
    });
    for (const [what, mutate, message] of c.mutations) {
      test(`a mutation is refused: ${what}`, () => {
        const doc = structuredClone(example(c.file)) as Doc;
        mutate(doc);
        const errs = schemaErrors(c.schema, doc);
        expect(errs.length).toBeGreaterThan(0);
        expect(errs.join('\n')).toMatch(message);
      });
    }
  });
}

describe('eprize response schemas allow what the page elides', () => {
  for (const [i, a] of additions.entries()) {
    test(`${a.file}: extra elements #${i + 1} validate`, () => {
      const doc = structuredClone(example(a.file)) as Doc;
      a.add(doc);
      expect(schemaErrors(a.schema, doc)).toEqual([]);
    });
  }
});

describe('eprize request representation', () => {
  test('the "page" layout reproduces the page\'s request example (its "..." line aside)', () => {
    const page = raw('create-request.txt').toString('utf8').trimEnd().split('\n');
    const pairs: [string, string][] = [
      ['{profile-key}', '{profile-value}'],
      ['{key1}', '{value1}'],
      ['{key2}', '{value2}'],
      ['{keyN}', '{valueN}'],
    ];
    expect(encodeBody(pairs, 'page', 'text/plain').body.split('\n')).toEqual(page.filter((l) => l !== '...'));
  });

  test('"lines" drops the commas, "form" is urlencoded UTF-8', () => {
    const pairs: [string, string][] = [
      ['email', 'a@b.example'],
      ['first_name', 'Zoë'],
      ['optin', 'Y'],
    ];
    expect(encodeBody(pairs, 'lines', 'text/plain')).toEqual({
      body: 'email:a@b.example\nfirst_name:Zoë\noptin:Y',
      contentType: 'text/plain',
    });
    expect(encodeBody(pairs, 'form', 'text/plain')).toEqual({
      body: 'email=a%40b.example&first_name=Zo%C3%AB&optin=Y',
      contentType: 'application/x-www-form-urlencoded',
    });
  });

  test('valid pairs validate; bad key names and non-text values do not', () => {
    expect(schemaErrors(requestSchema, { email: 'a@b.example', safe_key2: 'x' })).toEqual([]);
    expect(schemaErrors(requestSchema, { Email: 'x' }).join()).toMatch(/must match pattern/);
    expect(schemaErrors(requestSchema, { '2nd': 'x' }).join()).toMatch(/must match pattern/);
    expect(schemaErrors(requestSchema, { fav_colour: 3 }).join()).toMatch(/must be string/);
    expect(schemaErrors(requestSchema, {}).join()).toMatch(/must NOT have fewer than 1 properties/);
  });
});

describe('eprize target config schema', () => {
  const ok = { apikey: 'abc123', uniqueKey: 'email', captcha: { enforced: false } };
  test('a minimal section validates', () => {
    expect(schemaErrors(targetSchema, ok)).toEqual([]);
  });
  test('a template without run id, a bad key name or an unknown reading is refused', () => {
    expect(schemaErrors(targetSchema, { ...ok, uniqueValueTemplate: 'fixed@example.com' }).join()).toMatch(
      /pattern/,
    );
    expect(schemaErrors(targetSchema, { ...ok, uniqueKey: 'E-mail' }).join()).toMatch(/pattern/);
    expect(schemaErrors(targetSchema, { ...ok, readings: { bodyFormat: 'json' } }).join()).toMatch(
      /allowed values/,
    );
    expect(schemaErrors(targetSchema, { ...ok, captcha: {} }).join()).toMatch(/enforced: is required/);
    expect(schemaErrors(targetSchema, { ...ok, readings: { badKeyNames: 'ignored' } })).toEqual([]);
    expect(schemaErrors(targetSchema, { ...ok, readings: { badKeyNames: 'accepted' } }).join()).toMatch(
      /allowed values/,
    );
  });
});
