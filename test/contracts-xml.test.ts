// pact-js 16.5 and legacy XML-over-forms APIs: the known problems are still there (so the
// workarounds are still needed), and each workaround does what contracts/pact.ts and
// src/pact/verify.ts say it does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MatchersV3 as M, PactV4, SpecificationVersion, XmlBuilder } from '@pact-foundation/pact';
import { afterAll, describe, expect, test } from 'vitest';
import { attrs, fixture, formBody, pactFile, xmlInteger, xmlNumber } from '../contracts/pact.ts';
import { fixtureValues, formEncode, requirementsOf, xmlForVerifier } from '../src/pact/verify.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

interface Built {
  root: {
    attributes?: Record<string, unknown>;
    children: { name: string; attributes?: Record<string, unknown>; children: { content: string }[] }[];
  };
}
const build = (fn: (root: Parameters<Parameters<XmlBuilder['build']>[0]>[0]) => void): Built =>
  JSON.parse(new XmlBuilder('1.0', 'UTF-8', 'response').build(fn)) as Built;

const dirs: string[] = [];
let lastDir = '';
function tempPact(): PactV4 {
  const dir = mkdtempSync(join(tmpdir(), 'pact-xml-'));
  dirs.push(dir);
  lastDir = dir;
  return new PactV4({
    consumer: 'probe',
    provider: 'probe',
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'error',
  });
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('XmlBuilder attributes (pact-js 16.5)', () => {
  test('attributes given as a Map are silently dropped (still so: attrs() is still needed)', () => {
    const doc = build((r) => {
      r.appendElement('error', new Map([['code', '7']]), 'taken');
    });
    expect(doc.root.children[0]?.attributes).toEqual({});
  });

  test('attrs(): a plain object keeps them, matchers included', () => {
    const doc = build((r) => {
      r.setAttributes(attrs({ processed_date: M.string('2012-04-11T11:23:14+02:00') }));
      r.appendElement('error', attrs({ code: '7' }), 'taken');
    });
    expect(doc.root.children[0]?.attributes).toEqual({ code: '7' });
    expect(doc.root.attributes?.processed_date).toMatchObject({ 'pact:matcher:type': 'type' });
  });
});

describe('numbers in XML text (pact-js 16.5)', () => {
  test('integer() writes an empty element (still so: xmlInteger() is still needed)', () => {
    const doc = build((r) => {
      r.appendElement('credits', attrs({}), M.integer(833) as never);
    });
    expect(doc.root.children[0]?.children[0]?.content).toBe('');
  });

  test('xmlInteger() / xmlNumber(): the example stays, the pattern matches any value of the kind', () => {
    const doc = build((r) => {
      r.appendElement('credits', attrs({}), xmlInteger(833));
      r.appendElement('balance', attrs({}), xmlNumber(12.5));
    });
    expect(doc.root.children.map((c) => c.children[0]?.content)).toEqual(['833', '12.5']);
    const int = new RegExp(xmlInteger(1).regex);
    const num = new RegExp(xmlNumber(1).regex);
    expect(['0', '-12', '833'].every((v) => int.test(v))).toBe(true);
    expect(['', '8.5', '1e3', ' 1'].some((v) => int.test(v))).toBe(false);
    expect(['8.5', '-0.25', '833'].every((v) => num.test(v))).toBe(true);
    expect(['8.', '.5', 'x'].some((v) => num.test(v))).toBe(false);
  });

  test("through Pact's mock server: integer() serves <credits></credits>, the workaround <credits>833</credits>", async () => {
    const bodies: string[] = [];
    for (const text of [M.integer(833) as never, xmlInteger(833)]) {
      const body = new XmlBuilder('1.0', 'UTF-8', 'account').build((a) => {
        a.appendElement('credits', attrs({}), text);
      });
      await tempPact()
        .addInteraction()
        .given('an account')
        .uponReceiving('a read')
        .withRequest('GET', '/account')
        .willRespondWith(200, (res) => res.xmlBody(body))
        .executeTest(async (mock) => {
          bodies.push(await (await fetch(`${mock.url}/account`)).text());
        });
    }
    expect(bodies[0]).toContain('<credits></credits>');
    expect(bodies[1]).toContain('<credits>833</credits>');
  });
});

describe('form bodies (pact-js 16.5 has no form builder)', () => {
  test('formBody(): matchers and provider-state values in a form; the consumer test passes', async () => {
    const pact = tempPact();
    const dir = lastDir;
    await pact
      .addInteraction()
      .given('an account')
      .uponReceiving('a form post')
      .withRequest('POST', '/account/x', (req) =>
        formBody(req, {
          company_name: 'Pact Bakery Ltd',
          username: M.fromProviderState(fixture('user'), 'me'),
        }),
      )
      .willRespondWith(204)
      .executeTest(async (mock) => {
        const res = await fetch(`${mock.url}/account/x`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'username=me&company_name=Pact+Bakery+Ltd',
        });
        expect(res.status).toBe(204);
      });
    const written = JSON.parse(readFileSync(join(dir, 'probe-probe.json'), 'utf8'));
    const request = written.interactions[0].request;
    expect(request.body).toMatchObject({
      content: 'company_name=Pact+Bakery+Ltd&username=me',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(request.generators.body['$.username']).toEqual({
      type: 'ProviderState',
      expression: fixture('user'),
    });
  });

  test('body() with raw form bytes fails the consumer test (why formBody() exists)', async () => {
    const run = tempPact()
      .addInteraction()
      .given('an account')
      .uponReceiving('a raw form post')
      .withRequest('POST', '/account/x', (req) =>
        req.body('application/x-www-form-urlencoded', Buffer.from('company_name=Pact')),
      )
      .willRespondWith(204)
      .executeTest(async (mock) => {
        await fetch(`${mock.url}/account/x`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'company_name=Pact',
        });
      });
    await expect(run).rejects.toThrow(/content type/);
  });
});

describe('the verifier side (src/pact/verify.ts)', () => {
  test('xmlForVerifier: no DOCTYPE, UTF-8 from the declared ISO-8859-1, nothing else changed', () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE response PUBLIC\n"-//x//DTD y//EN"\n"http://x/y.dtd">\n<response a="1"><name>Caf\u00e9</name></response>\n',
      'latin1',
    );
    const out = xmlForVerifier(latin1, 'text/xml; charset=ISO-8859-1')?.toString('utf8');
    expect(out).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n\n<response a="1"><name>Caf\u00e9</name></response>\n',
    );
    const internal = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    );
    expect(xmlForVerifier(internal, 'application/xml')?.toString()).toBe('<?xml version="1.0"?><r>&x;</r>');
    expect(xmlForVerifier(Buffer.from('<?xml version="1.0"?><r/>'), 'text/xml')).toBeUndefined();
    expect(xmlForVerifier(Buffer.from('<!doctype html><html></html>'), 'text/html')).toBeUndefined();
    expect(xmlForVerifier(Buffer.from('{"a":1}'), 'application/json')).toBeUndefined();
  });

  test('formEncode: the form pact-js#884 turned into an object, back as the bytes it was', () => {
    const form = 'company_name=Pact+Bakery+Ltd&notifcation_email=pact%40example.com&username=a%26b';
    expect(formEncode(Object.fromEntries(new URLSearchParams(form)))).toBe(form);
    expect(formEncode({ a: ['1', '2'], b: { c: 'd' } })).toBe('a=1&a=2&b%5Bc%5D=d');
  });

  test('requirementsOf / fixtureValues', () => {
    expect(requirementsOf('[TMR-A, TMR-B] does a thing')).toEqual(['TMR-A', 'TMR-B']);
    expect(requirementsOf('no ids')).toEqual([]);
    expect(
      fixtureValues({ accountId: 'a1', credentials: { username: 'u', password: 'p' }, list: [1] }),
    ).toEqual({
      accountId: 'a1',
      'credentials.username': 'u',
      'credentials.password': 'p',
    });
  });

  test('the committed TextMarketer contract carries the workarounds: code attributes, non-empty credits', () => {
    const committed = fileURLToPath(new URL('../contracts/pacts/', import.meta.url));
    const pact = JSON.parse(readFileSync(pactFile('textmarketer', committed), 'utf8'));
    const bodies: string[] = pact.interactions.map(
      (i: { response: { body?: { content: string } } }) => i.response.body?.content ?? '',
    );
    const errors = bodies.filter((b) => b.includes('<errors>'));
    expect(errors.length).toBe(5);
    for (const b of errors) expect(b).toMatch(/<error code='[2-7]'>[^<]+<\/error>/);
    expect(bodies.find((b) => b.includes('<account>'))).toContain('<credits>833</credits>');
  });
});
