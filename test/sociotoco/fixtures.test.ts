// The page's two example responses are fixtures: they validate against the JSON Schemas of their
// format, and mutations of them fail with the validator's message. The error envelopes of the API's
// error page, the request example and the mock's target config are checked the same way.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { start } from '../../mocks/sociotoco/index.ts';
import errorJson from '../../schemas/sociotoco/error-response-json.schema.json' with { type: 'json' };
import errorXml from '../../schemas/sociotoco/error-response-xml.schema.json' with { type: 'json' };
import requestSchema from '../../schemas/sociotoco/setprofiles-request.schema.json' with { type: 'json' };
import successJson from '../../schemas/sociotoco/setprofiles-response-json.schema.json' with { type: 'json' };
import successXml from '../../schemas/sociotoco/setprofiles-response-xml.schema.json' with { type: 'json' };
import configSchema from '../../schemas/sociotoco/target-config.schema.json' with { type: 'json' };
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { parseXml } from '../../src/validate/xml.ts';

const file = (name: string) =>
  readFileSync(new URL(`../../schemas/sociotoco/${name}`, import.meta.url), 'utf8');
const page = file('page.txt');
const xmlExample = file('examples/setprofiles-response.xml');
const jsonExample = file('examples/setprofiles-response.json');
const requestExample = file('examples/setprofiles-request.txt');

function xml(text: string): unknown {
  const p = parseXml(Buffer.from(text, 'utf8'));
  if (!p.ok) throw new Error(p.errors.join('; '));
  return p.value;
}

describe("sociotoco: the page's examples, verbatim", () => {
  test('each example file is a piece of the page', () => {
    for (const e of [xmlExample, jsonExample, requestExample]) expect(page).toContain(e.trimEnd());
  });

  test('the XML example validates against the XML schema', () => {
    expect(schemaErrors(successXml, xml(xmlExample))).toEqual([]);
  });

  test('the JSON example validates against the JSON schema', () => {
    expect(schemaErrors(successJson, JSON.parse(jsonExample))).toEqual([]);
  });

  test('the two examples list the same profiles, in different orders (order is not significant)', () => {
    const fromXml = [...xmlExample.matchAll(/<profile id="([0-9A-F]+)">/g)].map((m) => m[1]);
    const fromJson = (
      JSON.parse(jsonExample) as { response: { sociotocoSet: { addedProfiles: { id: string }[] } } }
    ).response.sociotocoSet.addedProfiles.map((p) => p.id);
    expect(fromXml).not.toEqual(fromJson);
    expect([...fromXml].sort()).toEqual([...fromJson].sort());
  });

  test("the example request names exactly the page's required arguments (placeholders left as they are)", () => {
    const query = /\?(\S+) HTTP/.exec(requestExample)?.[1] ?? '';
    const names = query.split('&').map((p) => p.split('=')[0]);
    expect(names.sort()).toEqual(['key', 'method', 'profiles', 'sid', 'sig', 'time']);
    expect(requestSchema.required.slice().sort()).toEqual([
      'key',
      'method',
      'profiles',
      'sid',
      'sig',
      'time',
    ]);
  });
});

describe('sociotoco: mutations of the XML example fail the schema', () => {
  const cases: [string, (s: string) => string, RegExp][] = [
    [
      'profile id moved from attribute to element',
      (s) =>
        s.replace(
          '<profile id="5B2C22279AA3A4E7D4176F3ED1ED29D7">',
          '<profile><id>5B2C22279AA3A4E7D4176F3ED1ED29D7</id>',
        ),
      /addedProfiles\.profile\.0: @id: is required|@id: is required/,
    ],
    [
      'sociotocoId empty',
      (s) => s.replace('sociotocoId="89c13185-8756-4577-935d-c3e83e6e77ce"', 'sociotocoId=""'),
      /@sociotocoId: must NOT have fewer than 1 characters/,
    ],
    [
      'no sociotocoId',
      (s) => s.replace(' sociotocoId="89c13185-8756-4577-935d-c3e83e6e77ce"', ''),
      /@sociotocoId: is required/,
    ],
    [
      'version not an integer',
      (s) => s.replace('version="1"', 'version="one"'),
      /@version: must match pattern/,
    ],
    ['no version', (s) => s.replace(' version="1"', ''), /sociotocoSet\.@version: is required/],
    ['no name', (s) => s.replace('  <name />\n', ''), /sociotocoSet\.name: is required/],
    [
      'no urlName',
      (s) => s.replace('  <urlName>GMRW32AP</urlName>\n', ''),
      /sociotocoSet\.urlName: is required/,
    ],
    [
      'network without id',
      (s) => s.replace('<network id="6">Twitter</network>', '<network>Twitter</network>'),
      /must be object|@id: is required/,
    ],
    [
      'no addedProfiles',
      (s) => s.replace(/ {2}<addedProfiles>[\s\S]*<\/addedProfiles>\n/, ''),
      /addedProfiles: is required/,
    ],
    [
      'another root',
      (s) => s.replace('<response>', '<reply>').replace('</response>', '</reply>'),
      /response: is required/,
    ],
  ];
  for (const [name, mutate, message] of cases) {
    test(name, () => {
      const mutated = mutate(xmlExample);
      expect(mutated).not.toBe(xmlExample);
      const errs = schemaErrors(successXml, xml(mutated));
      expect(errs.length).toBeGreaterThan(0);
      expect(errs.join('\n')).toMatch(message);
    });
  }

  test('nothing added (<addedProfiles />), a named set and a sociotocoId that is not a UUID are valid', () => {
    expect(schemaErrors(successXml, xml(xmlExample.replace('89c13185-8756', 'GMRW32AP-XXXX')))).toEqual([]);
    const none = xmlExample.replace(/<addedProfiles>[\s\S]*<\/addedProfiles>/, '<addedProfiles />');
    expect(schemaErrors(successXml, xml(none))).toEqual([]);
    expect(schemaErrors(successXml, xml(xmlExample.replace('<name />', '<name>My set</name>')))).toEqual([]);
  });
});

describe('sociotoco: mutations of the JSON example fail the schema', () => {
  type Doc = { response: { sociotocoSet: Record<string, unknown> } };
  const cases: [string, (d: Doc) => void, RegExp][] = [
    ['name missing', (d) => delete d.response.sociotocoSet.name, /sociotocoSet\.name: is required/],
    ['version a string', (d) => (d.response.sociotocoSet.version = '1'), /version: must be integer/],
    [
      'sociotocoId empty',
      (d) => (d.response.sociotocoSet.sociotocoId = ''),
      /sociotocoId: must NOT have fewer than 1 characters/,
    ],
    [
      'sociotocoId a number',
      (d) => (d.response.sociotocoSet.sociotocoId = 89),
      /sociotocoId: must be string/,
    ],
    [
      'addedProfiles an object',
      (d) => (d.response.sociotocoSet.addedProfiles = {}),
      /addedProfiles: must be array/,
    ],
    [
      'network id a string',
      (d) => {
        (
          (d.response.sociotocoSet.addedProfiles as { network: { id: unknown } }[])[0] as {
            network: { id: unknown };
          }
        ).network.id = '6';
      },
      /addedProfiles\.0\.network\.id: must be integer/,
    ],
    [
      'profile without id',
      (d) => delete (d.response.sociotocoSet.addedProfiles as Record<string, unknown>[])[1]?.id,
      /addedProfiles\.1\.id: is required/,
    ],
    ['name a number', (d) => (d.response.sociotocoSet.name = 0), /name: must be string,null/],
    ['no urlName', (d) => delete d.response.sociotocoSet.urlName, /urlName: is required/],
  ];
  for (const [name, mutate, message] of cases) {
    test(name, () => {
      const doc = JSON.parse(jsonExample) as Doc;
      mutate(doc);
      const errs = schemaErrors(successJson, doc);
      expect(errs.length).toBeGreaterThan(0);
      expect(errs.join('\n')).toMatch(message);
    });
  }
});

describe("sociotoco: the error envelopes of the API's error page", () => {
  const xmlError = (inner: string) => `<?xml version="1.0" encoding="utf-8"?>\n<response>${inner}</response>`;
  test('the documented envelopes validate (code 200, "Invalid key in query parameters.")', () => {
    expect(
      schemaErrors(errorXml, xml(xmlError('<error code="200">Invalid key in query parameters.</error>'))),
    ).toEqual([]);
    expect(
      schemaErrors(errorJson, {
        response: { error: { code: 200, message: 'Invalid key in query parameters.' } },
      }),
    ).toEqual([]);
  });

  test('XML: the code as an element, a non-numeric code, no message, no <response> fail', () => {
    expect(
      schemaErrors(errorXml, xml(xmlError('<error><code>200</code><message>x</message></error>'))).join(),
    ).toMatch(/@code: is required/);
    expect(schemaErrors(errorXml, xml(xmlError('<error code="KeyInvalid">x</error>'))).join()).toMatch(
      /@code: must match pattern/,
    );
    expect(schemaErrors(errorXml, xml(xmlError('<error code="200"></error>')))).not.toEqual([]);
    expect(schemaErrors(errorXml, xml('<error code="200">x</error>')).join()).toMatch(
      /response: is required/,
    );
  });

  test('JSON: a string code, no message, the error outside response fail', () => {
    expect(schemaErrors(errorJson, { response: { error: { code: '200', message: 'x' } } }).join()).toMatch(
      /code: must be integer/,
    );
    expect(schemaErrors(errorJson, { response: { error: { code: 200 } } }).join()).toMatch(
      /message: is required/,
    );
    expect(schemaErrors(errorJson, { error: { code: 200, message: 'x' } }).join()).toMatch(
      /response: is required/,
    );
  });
});

describe('sociotoco: the request and the target config', () => {
  const good = {
    method: 'sociotoco.sets.setprofiles',
    key: 'abc',
    sig: 'a'.repeat(64),
    time: '1262304000',
    sid: '89c13185-8756-4577-935d-c3e83e6e77ce',
    profiles: '5B2C22279AA3A4E7D4176F3ED1ED29D7,3C40B61624DB5575553797257782A64C5DC4FD3B93425ECE',
  };
  test('a valid request; a sig of no known digest length, a missing argument, a stray one fail', () => {
    expect(schemaErrors(requestSchema, good)).toEqual([]);
    expect(schemaErrors(requestSchema, { ...good, format: 'json' })).toEqual([]);
    expect(schemaErrors(requestSchema, { ...good, sig: 'a'.repeat(33) })).not.toEqual([]);
    const { sid: _sid, ...noSid } = good;
    expect(schemaErrors(requestSchema, noSid)).toContain('sid: is required');
    expect(schemaErrors(requestSchema, { ...good, profiles: 'A,,B' })).not.toEqual([]);
    // The page never says a SociotocoID is a UUID: any non-empty sid.
    expect(schemaErrors(requestSchema, { ...good, sid: 'GMRW32AP' })).toEqual([]);
    expect(schemaErrors(requestSchema, { ...good, sid: '' })).not.toEqual([]);
    expect(schemaErrors(requestSchema, { ...good, extra: '1' }).join()).toMatch(
      /additional properties 'extra'/,
    );
  });

  test("the mock's target config is valid; a wrong algorithm or reading is named", async () => {
    const mock = await start();
    try {
      expect(schemaErrors(configSchema, mock.targetConfig)).toEqual([]);
      expect(schemaErrors(configSchema, { ...mock.targetConfig, algorithm: 'sha224' }).join()).toMatch(
        /algorithm: must be equal to one of the allowed values/,
      );
      expect(
        schemaErrors(configSchema, { ...mock.targetConfig, readings: { errorStatus: 'often' } }).join(),
      ).toMatch(/readings\.errorStatus: must match pattern/);
      // "a list of profileIDs comma seperated": one profile is not a list.
      expect(
        schemaErrors(configSchema, {
          ...mock.targetConfig,
          profileIds: (mock.targetConfig.profileIds as string[]).slice(0, 1),
        }).join(),
      ).toMatch(/profileIds: must NOT have fewer than 2 items/);
      expect(
        schemaErrors(configSchema, { ...mock.targetConfig, sid: 'set-42', unknownSid: 'set-43' }),
      ).toEqual([]);
      expect(schemaErrors(configSchema, { ...mock.targetConfig, sid: '' }).join()).toMatch(/sid: must NOT/);
      expect(
        schemaErrors(configSchema, {
          ...mock.targetConfig,
          readings: { addedProfilesListing: 'newly-added' },
        }),
      ).toEqual([]);
      expect(
        schemaErrors(configSchema, {
          ...mock.targetConfig,
          readings: { addedProfilesListing: 'all' },
        }).join(),
      ).toMatch(/addedProfilesListing: must be equal to one of the allowed values/);
      expect(
        schemaErrors(configSchema, {
          ...mock.targetConfig,
          readings: { legacyMediaTypes: 'text/plain, text/html', sigHexCase: 'either', methodNames: 'both' },
        }),
      ).toEqual([]);
      expect(
        schemaErrors(configSchema, { ...mock.targetConfig, readings: { legacyMediaTypes: 'plain' } }).join(),
      ).toMatch(/legacyMediaTypes: must match pattern/);
    } finally {
      await mock.close();
    }
  });
});
