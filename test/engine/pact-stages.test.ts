// The stages of contract verification (src/pact/) without the Rust verifier: what each one makes of
// its input, so a regression shows here rather than as a puzzling contract check in a report.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { flatHeaders } from '../../src/http.ts';
import type { ContractInteraction } from '../../src/pact/files.ts';
import { requirementsOf, withoutRequirements } from '../../src/pact/files.ts';
import { atBase, formEncode, recordingProxy, targetUrl, xmlForVerifier } from '../../src/pact/proxy.ts';
import {
  contractResults,
  describeMismatch,
  parseDuration,
  throughTarget,
  type VerifierJson,
  type VerifyEvent,
} from '../../src/pact/results.ts';
import { fixtureValues, stateHandlers, stateSource, unavailableInteractions } from '../../src/pact/states.ts';
import * as verify from '../../src/pact/verify.ts';
import { Redactor } from '../../src/redact.ts';
import type { ContractProvider, RecordedExchange } from '../../src/types.ts';

const BASE = 'https://target.example/api';

describe('files', () => {
  test('requirement IDs come from the leading brackets only', () => {
    expect(requirementsOf('[TMR-A, TMR-B ,] sends a thing')).toEqual(['TMR-A', 'TMR-B']);
    expect(requirementsOf('sends [TMR-A] later')).toEqual([]);
    expect(withoutRequirements('[TMR-A] sends a thing')).toBe('sends a thing');
  });

  test('verify.ts still exports what its importers use', () => {
    for (const name of [
      'verifyContract',
      'findPactFiles',
      'readPact',
      'PactFileError',
      'PACT_DIR',
      'PROJECT_ROOT',
      'requirementsOf',
      'fixtureValues',
      'formEncode',
      'xmlForVerifier',
    ]) {
      expect(verify, name).toHaveProperty(name);
    }
    expect(verify.PACT_DIR).toBe(`${verify.PROJECT_ROOT}/contracts/pacts`);
    expect(() => verify.readPact('/nonexistent/x.json')).toThrow(verify.PactFileError);
  });
});

describe('states', () => {
  test('fixtureValues: scalars (null included) at dotted paths; arrays and undefined left out', () => {
    expect(fixtureValues({ a: { b: { c: 1 }, d: null }, e: [1], f: undefined, g: false })).toEqual({
      'a.b.c': 1,
      'a.d': null,
      g: false,
    });
  });

  test('stateSource: the target config, and the state-change URL when the config gives one', () => {
    expect(stateSource({ stateChangeUrl: 'http://x' })).toBe('state-change-url');
    expect(stateSource({})).toBe('target-config');
    expect(stateSource(undefined)).toBe('target-config');
  });

  const providerContext = { section: {}, baseUrl: BASE, runId: 'r1', http: {} as never };

  test("the driver's values win over the fixtures and reach the next state; a failing state is recorded, not thrown", async () => {
    const events: VerifyEvent[] = [];
    const calls: unknown[] = [];
    const provider: ContractProvider = {
      states: {
        ok: {
          setup: async (_ctx, params, values) => {
            calls.push(['ok', params, values.accountId]);
            return { accountId: 'from-driver' };
          },
        },
        broken: {
          setup: async (_ctx, _params, values) => {
            calls.push(['broken', values.accountId]);
            throw new Error('no such state, token s3cret');
          },
        },
      },
    };
    const interactions = [
      { description: 'a', file: 'f', providerStates: [{ name: 'ok' }, { name: 'broken' }] },
      { description: 'b', file: 'f', providerStates: [{ name: 'ok' }] },
    ];
    const pending = { states: [], values: {} };
    const handlers = stateHandlers(interactions, {
      section: { accountId: 'fixture', credentials: { username: 'u' } },
      provider,
      providerContext,
      timeoutMs: 1000,
      redactor: new Redactor(['s3cret']),
      events,
      errors: [],
      pending,
    });
    expect(Object.keys(handlers)).toEqual(['ok', 'broken']);
    expect(await handlers.ok?.setup({ x: 1 })).toEqual({
      accountId: 'from-driver',
      'credentials.username': 'u',
    });
    expect(await handlers.broken?.setup()).toEqual({ accountId: 'from-driver', 'credentials.username': 'u' });
    expect(calls).toEqual([
      ['ok', { x: 1 }, 'fixture'],
      ['broken', 'from-driver'],
    ]);
    expect(pending).toEqual({
      states: [
        { name: 'ok', params: { x: 1 } },
        { name: 'broken', params: {} },
      ],
      values: { accountId: 'from-driver', 'credentials.username': 'u' },
      // The interaction's request will not be sent: its ground is not there.
      failed: "provider state 'broken' could not be set up: no such state, token [REDACTED]",
    });
    expect(events).toEqual([
      { kind: 'state', state: 'ok' },
      {
        kind: 'state',
        state: 'broken',
        error: "provider state 'broken' could not be set up: no such state, token [REDACTED]",
      },
    ]);
  });

  test('unavailableInteractions: the first state the target cannot be in, with its reason and key; none with a state-change URL', () => {
    const provider: ContractProvider = {
      states: {
        fine: {},
        missing: {
          unavailable: (s) => (s.foreign ? undefined : { reason: 'no foreign account', needs: 'foreign' }),
        },
      },
    };
    const interactions = [
      { description: 'a', file: 'f', providerStates: [{ name: 'fine' }, { name: 'missing' }] },
      { description: 'b', file: 'f', providerStates: [{ name: 'fine' }] },
      { description: 'c', file: 'f', providerStates: [{ name: 'unknown' }] },
    ];
    expect([...unavailableInteractions(interactions, provider, {})]).toEqual([
      ['a', { reason: "not replayed: given 'missing', no foreign account", needs: 'foreign' }],
      [
        'c',
        {
          reason: "not replayed: given 'unknown', no provider driver can set up the state 'unknown'",
          needs: 'pact.stateChangeUrl',
        },
      ],
    ]);
    expect([...unavailableInteractions(interactions, provider, { foreign: 'x' })].map(([d]) => d)).toEqual([
      'c',
    ]);
    expect(unavailableInteractions(interactions, provider, {}, { stateChangeUrl: 'http://x' }).size).toBe(0);
  });

  describe('through a state-change URL', () => {
    let server: Server;
    let url = '';
    const received: unknown[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          const parsed = JSON.parse(body) as { action: string };
          received.push({ ...parsed, token: req.headers['x-token'] });
          if (parsed.action === 'teardown') res.writeHead(500).end();
          else res.end('{"accountId":"from-url"}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/state`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    test('setup posts {state, params, action}; a failed teardown is an error of the run', async () => {
      const errors: string[] = [];
      const handlers = stateHandlers([{ description: 'a', file: 'f', providerStates: [{ name: 's' }] }], {
        section: { accountId: 'fixture' },
        pact: { stateChangeUrl: url, stateChangeHeaders: { 'x-token': 'tok123' } },
        timeoutMs: 2000,
        redactor: new Redactor([]),
        events: [],
        errors,
      });
      expect(await handlers.s?.setup({ p: 2 })).toEqual({ accountId: 'from-url' });
      await handlers.s?.teardown({ p: 2 });
      expect(received).toEqual([
        { state: 's', params: { p: 2 }, action: 'setup', token: 'tok123' },
        { state: 's', params: { p: 2 }, action: 'teardown', token: 'tok123' },
      ]);
      expect(errors).toEqual([
        "provider state 's' teardown failed: the state-change URL answered HTTP 500 for 's'",
      ]);
    });
  });
});

describe('proxy', () => {
  test('formEncode: spaces as +, nested keys in brackets, empty values kept', () => {
    expect(formEncode({ name: 'a b&c', list: { x: ['1', '2'] }, empty: null })).toBe(
      'name=a+b%26c&list%5Bx%5D=1&list%5Bx%5D=2&empty=',
    );
  });

  test('xmlForVerifier: recognised by its declaration, transcoded even without a DOCTYPE', () => {
    const cp1252 = Buffer.from("<?xml version='1.0' encoding='windows-1252'?><r>\u00e9</r>", 'latin1');
    expect(xmlForVerifier(cp1252, 'text/plain')?.toString('utf8')).toBe(
      "<?xml version='1.0' encoding='UTF-8'?><r>\u00e9</r>",
    );
    expect(xmlForVerifier(Buffer.from('<r>\u00e9</r>'), 'application/xml')).toBeUndefined();
  });

  test("atBase/targetUrl: a contract path of '/' is the base URL itself, without a trailing slash", () => {
    expect(atBase('/?method=x&sig=1')).toBe('?method=x&sig=1');
    expect(atBase('/')).toBe('');
    expect(atBase('/account/1?x=1')).toBe('/account/1?x=1');
    expect(targetUrl('https://h/services/1.1/rest', '?method=x')).toBe(
      'https://h/services/1.1/rest?method=x',
    );
    expect(targetUrl('https://h/services/1.1/rest/', '')).toBe('https://h/services/1.1/rest');
    expect(targetUrl('https://h/api', '/account/1')).toBe('https://h/api/account/1');
  });

  test('flatHeaders: lower-case names, joined repeats, numbers as text, undefined left out', () => {
    expect(flatHeaders({ 'Content-Length': 12, 'X-A': ['1', '2'], 'x-b': undefined })).toEqual({
      'content-length': '12',
      'x-a': '1, 2',
    });
  });

  describe('the recording request filter: it sends the request itself', () => {
    let target: Server;
    let verifierSide: Server;
    let url = '';
    let base = '';
    const events: VerifyEvent[] = [];
    let received: { url?: string; body: string; length?: string } | undefined;
    let nextCalled = false;
    const SENT = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE r PUBLIC "-//x//EN" "r.dtd"><r>\u00e9</r>',
      'latin1',
    );
    beforeAll(async () => {
      // The target: records what it gets, answers Latin-1 XML with a public DOCTYPE, in two writes.
      target = createServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received = {
            ...(req.url ? { url: req.url } : {}),
            body: Buffer.concat(chunks).toString(),
            ...(req.headers['content-length'] ? { length: req.headers['content-length'] } : {}),
          };
          res.setHeader('content-type', 'text/xml');
          res.write(SENT.subarray(0, 44));
          res.end(SENT.subarray(44));
        });
      });
      await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${(target.address() as { port: number }).port}/api`;
      const filter = recordingProxy({
        baseUrl: base,
        timeoutMs: 2000,
        maxBodyBytes: 1000,
        redactor: new Redactor(['secret1']),
        events,
      });
      // pact-js's side: a form parsed into an object (pact-js#884) and a header of its own.
      verifierSide = createServer((req: IncomingMessage, res: ServerResponse) => {
        Object.assign(req, { body: { user: 'secret1', note: 'a b' } });
        res.setHeader('x-powered-by', 'Express');
        filter(req, res, () => {
          nextCalled = true;
        });
      });
      await new Promise<void>((r) => verifierSide.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(verifierSide.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((r) => verifierSide.close(() => r()));
      await new Promise<void>((r) => target.close(() => r()));
    });

    test('the form goes on as a form to the exact URL; the verifier gets UTF-8 XML; the report keeps what was sent', async () => {
      const res = await fetch(`${url}/send?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'user=secret1&note=a+b',
      });
      expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><r>\u00e9</r>');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(nextCalled).toBe(false);
      expect(received).toEqual({ url: '/api/send?x=1', body: 'user=secret1&note=a+b', length: '21' });
      const event = events.at(-1) as Extract<VerifyEvent, { kind: 'request' }>;
      expect(event.normalised).toBe(true);
      expect(event.exchange.request.url).toBe(`${base}/send?x=1`);
      expect(event.exchange.request.body).toBe('user=[REDACTED]&note=a+b');
      expect(event.exchange.request.headers).not.toHaveProperty('host');
      expect(event.exchange.response).toMatchObject({
        status: 200,
        headers: { 'content-type': 'text/xml' },
        bodyBytes: SENT.length,
        truncated: false,
      });
    });

    test("a contract path of '/' reaches the base URL itself, no slash before the query; a doubled slash stays doubled", async () => {
      await fetch(`${url}/?method=m`, { method: 'GET' });
      expect(received?.url).toBe('/api?method=m');
      await fetch(`${url}//TextMarkManager/x`, { method: 'GET' });
      expect(received?.url).toBe('/api//TextMarkManager/x');
    });
  });
});

describe('proxy: the request filter', () => {
  let target: Server;
  let verifierSide: Server;
  let url = '';
  const events: { kind: string; contractLine?: string; filterError?: string; exchange: RecordedExchange }[] =
    [];
  let forwarded: { url?: string; body?: string; length?: string; auth?: string } = {};
  beforeAll(async () => {
    target = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        forwarded = {
          ...(req.url ? { url: req.url } : {}),
          body: Buffer.concat(chunks).toString(),
          ...(req.headers['content-length'] ? { length: req.headers['content-length'] } : {}),
          ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
        };
        res.end('ok');
      });
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(target.address() as { port: number }).port}`;
    const proxy = recordingProxy({
      baseUrl: base,
      timeoutMs: 2000,
      maxBodyBytes: 1000,
      redactor: new Redactor(['s3cret']),
      events: events as never,
      adjust: (req) => {
        if (req.path.includes('throw')) throw new Error('cannot sign');
        return {
          method: req.method,
          path: req.path.replace('/a', '/b'),
          headers: { ...req.headers, Authorization: 'Bearer s3cret' },
          body: Buffer.from(`${req.body?.toString() ?? ''}&sig=1`),
        };
      },
    });
    verifierSide = createServer((req: IncomingMessage, res: ServerResponse) => {
      Object.assign(req, { body: Buffer.from('x=1') });
      proxy(req, res, () => undefined);
    });
    await new Promise<void>((r) => verifierSide.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(verifierSide.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => verifierSide.close(() => r()));
    await new Promise<void>((r) => target.close(() => r()));
  });

  test('the target gets what the filter answers; the evidence records it as sent (redacted) and what the contract had', async () => {
    await fetch(`${url}/a?q=1`, { method: 'POST', body: 'x=1' });
    expect(forwarded).toEqual({ url: '/b?q=1', body: 'x=1&sig=1', length: '9', auth: 'Bearer s3cret' });
    const ev = events.at(-1);
    expect(ev?.contractLine).toBe('POST /a?q=1');
    expect(ev?.exchange.request.url).toMatch(/\/b\?q=1$/);
    expect(ev?.exchange.request.headers.authorization).toBe('Bearer [REDACTED]');
    expect(ev?.exchange.request.body).toBe('x=1&sig=1');
  });

  test('a filter that throws: the request goes as the contract has it, and the event says why', async () => {
    await fetch(`${url}/throw`, { method: 'POST', body: 'x=1' });
    expect(forwarded).toEqual({ url: '/throw', body: 'x=1', length: '3' });
    expect(events.at(-1)?.filterError).toBe('the request filter failed: cannot sign');
  });
});

describe('results', () => {
  const ESC = String.fromCharCode(27);
  const ctx = {
    baseUrl: BASE,
    providerStates: 'target-config' as const,
    redactor: new Redactor(['hunter2']),
  };
  const exchange = (path: string): RecordedExchange => ({
    request: { method: 'GET', url: `${BASE}${path}`, headers: {} },
    durationMs: 1,
  });
  const interactions: ContractInteraction[] = [
    {
      description: '[R-1] balance',
      file: 'contracts/pacts/x.json',
      providerStates: [{ name: 'has credit' }],
    },
    { description: '[R-2, R-3] send', file: 'contracts/pacts/x.json' },
  ];

  test('describeMismatch / parseDuration / throughTarget', () => {
    expect(
      describeMismatch({ type: 'BodyMismatch', path: '$.a', mismatch: `${ESC}[31mexpected 1${ESC}[0m` }),
    ).toBe('BodyMismatch at $.a: expected 1');
    expect(describeMismatch({ key: 'Content-Type', message: 'bad\nStack backtrace:\n 0: x' })).toBe(
      'Mismatch at header Content-Type: bad',
    );
    expect(describeMismatch({ type: 'StatusMismatch' })).toBe('StatusMismatch: {"type":"StatusMismatch"}');
    expect([parseDuration('12ms'), parseDuration('1.5s'), parseDuration('2m'), parseDuration('7')]).toEqual([
      12, 1500, 120_000, 7,
    ]);
    expect([parseDuration(undefined), parseDuration('soon')]).toEqual([0, 0]);
    expect(throughTarget('GET http://127.0.0.1:4321/send?x=1 failed', BASE)).toBe(
      `GET ${BASE}/send?x=1 failed`,
    );
  });

  test('a recorded run: evidence paired in the verifier order, mismatches as failures', () => {
    const events: VerifyEvent[] = [
      { kind: 'request', exchange: exchange('/send'), normalised: false },
      { kind: 'state', state: 'has credit' },
      { kind: 'request', exchange: exchange('/balance'), normalised: true },
    ];
    const json: VerifierJson = {
      result: false,
      errors: [
        {
          interaction: 'x - [R-2, R-3] send',
          mismatch: {
            type: 'mismatches',
            mismatches: [
              { type: 'BodyMismatch', path: '$.id', mismatch: 'hunter2 at http://127.0.0.1:9/send' },
              { type: 'StatusMismatch', mismatch: 'expected 200 but was 500' },
            ],
          },
        },
      ],
      interactionResults: [
        { description: '[R-2, R-3] send', duration: '3ms', result: 'failed' },
        { description: '[R-1] balance', duration: '2ms', result: 'OK' },
      ],
    };
    const { checks, errors } = contractResults(json, interactions, events, ctx);
    expect(errors).toEqual([]);
    const [balance, send] = checks;
    expect(balance).toMatchObject({
      id: 'contract › [R-1] balance',
      title: 'contract: balance',
      requirements: ['R-1'],
      outcome: 'passed',
      durationMs: 2,
      origin: 'contract',
      exchanges: [exchange('/balance')],
    });
    expect(balance?.notes?.[0]).toBe("contract: contracts/pacts/x.json, given 'has credit'");
    expect(balance?.notes?.[2]).toMatch(/without its DOCTYPE and in UTF-8/);
    expect(send).toMatchObject({ requirements: ['R-2', 'R-3'], outcome: 'failed', durationMs: 3 });
    expect(send?.errorKind).toBeUndefined();
    expect(send?.failure?.messages).toEqual([
      `BodyMismatch at $.id: [REDACTED] at ${BASE}/send`,
      'StatusMismatch: expected 200 but was 500',
    ]);
    expect(send?.message).toBe(
      `Pact interaction "send" failed: BodyMismatch at $.id: [REDACTED] at ${BASE}/send\n  - StatusMismatch: expected 200 but was 500`,
    );
  });

  test('state errors, transport errors, unknown and unreplayed interactions', () => {
    const withState: ContractInteraction[] = [
      { description: '[R-1] balance', file: 'f', providerStates: [{ name: 's' }] },
      { description: '[R-2] send', file: 'f' },
      { description: 'no ids', file: 'f' },
    ];
    const events: VerifyEvent[] = [
      { kind: 'state', state: 's', error: 'state s failed' },
      { kind: 'request', exchange: exchange('/balance'), normalised: false },
      { kind: 'request', exchange: { ...exchange('/send'), error: 'closed' }, normalised: false },
    ];
    const json: VerifierJson = {
      errors: [
        { interaction: '[R-2] send', mismatch: { type: 'error', message: 'error sending request' } },
        { interaction: 'ghost', mismatch: { type: 'error', message: 'x' } },
      ],
      interactionResults: [
        { description: '[R-1] balance', result: 'OK' },
        { description: '[R-2] send', result: 'failed' },
      ],
    };
    const { checks, errors } = contractResults(json, withState, events, ctx);
    expect(checks.map((c) => [c.outcome, c.errorKind])).toEqual([
      ['errored', 'internal'],
      ['errored', 'transport'],
      ['errored', 'internal'],
    ]);
    expect(checks[0]?.message).toBe('state s failed');
    expect(checks[2]?.message).toBe('the verifier did not replay this interaction');
    expect(errors).toEqual([
      'the verifier reported an interaction the pact files do not have: ghost',
      'contract interaction "no ids" errored and names no requirement',
    ]);
  });

  test('events that do not line up: no evidence attributed, state errors reported for the run', () => {
    const events: VerifyEvent[] = [
      { kind: 'state', state: 'other', error: 'state other failed' },
      { kind: 'request', exchange: exchange('/balance'), normalised: false },
    ];
    const json: VerifierJson = { interactionResults: [{ description: '[R-1] balance', result: 'pending' }] };
    const { checks, errors } = contractResults(json, interactions.slice(0, 1), events, ctx);
    expect(checks[0]).toMatchObject({ outcome: 'skipped', exchanges: [] });
    expect(errors).toEqual(['state other failed']);
    expect(contractResults(undefined, interactions, events, ctx)).toEqual({
      checks: [],
      errors: ['state other failed'],
    });
  });
});
