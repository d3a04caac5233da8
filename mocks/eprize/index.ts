// ePrize reference mock: two promotions behind POST {host}/v1/{apikey}/profile (and /profiles, as the
// wiki lists it), in-memory profiles per promotion, the page's 201/409/400 answers in UTF-8 XML (JSON
// when asked first), key-name rules. One promotion enforces a CAPTCHA (targetConfig); the other does
// not (alternatives.open: a trusted server-side client, such as the public PHP client, sends no
// CAPTCHA headers, and a promotion with CAPTCHA off is normal, related.txt). The answer of a
// challenge is never in a response a client sees: a separate loopback fixture server, named in
// targetConfig, tells it to the suite. Each fault breaks at least one requirement, so the project's
// tests can prove the suite notices; each variant is another documented behaviour and breaks none.

import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultDefinition, MockOptions, RunningMock } from '../../src/types.ts';
import { defineMock } from '../../src/vendor.ts';
import { answerChaos, chaosFaults } from '../chaos.ts';
import { listen, parseForm, preferredType, xmlEscape } from '../server.ts';

export const VER = 'ePrize Web Services 1.0';

/** The promotion with an enforced CAPTCHA, and the target config that describes it. */
export const PROMOTION = {
  apikey: 'mockpromo7f3a9c2e',
  captcha: true,
  uniqueKey: 'email',
  requiredKeys: { birthdate: '1990-01-31' },
  optionalKeys: { first_name: 'Conformance', optin: 'Y', address: '1 Test Street' },
  safeKeys: ['email', 'first_name', 'optin'],
  textKey: 'first_name',
  invalidValues: { email: 'not-an-email', birthdate: '31/01/1990', optin: 'maybe' },
  /** Other written forms the rules accept, and the size limits (characters) of two keys. */
  validValues: { optin: ['Y', 'N'], birthdate: ['2000-02-29'] },
  sizeLimits: { first_name: 40, address: 100 },
};

/** The promotion with CAPTCHA off (same keys and rules): its section is alternatives.open. */
export const OPEN_PROMOTION: Promotion = { ...PROMOTION, apikey: 'mockopen2d5b81f4', captcha: false };

type Promotion = Omit<typeof PROMOTION, 'captcha'> & { captcha: boolean };

type Code = 'NULL' | 'VALIDATION';

/** The page's rule for a key name. */
const KEY_NAME = /^[a-z][a-z0-9_]*$/;

/** Per key: required or not, and the rule a value must meet ("validation", "size limits"). */
const RULES: Record<string, { required: boolean; valid: (v: string) => boolean }> = {
  email: { required: true, valid: (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) && v.length <= 254 },
  birthdate: {
    required: true,
    valid: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
  },
  optin: { required: false, valid: (v) => v === 'Y' || v === 'N' },
  first_name: { required: false, valid: (v) => [...v].length <= 40 },
  address: { required: false, valid: (v) => [...v].length <= 100 },
};

/** The rules as a fault bends them (a fault touches one rule, nothing else). */
function ruleFor(
  key: string,
  fault: (id: string) => boolean,
): { required: boolean; valid: (v: string) => boolean } | undefined {
  const rule = RULES[key];
  if (!rule) return undefined;
  if (key === 'email' && fault('email-not-validated')) return { ...rule, valid: () => true };
  if (key === 'optin' && fault('optin-n-refused')) return { ...rule, valid: (v) => v === 'Y' };
  if (key === 'first_name' && fault('size-limit-off-by-one'))
    return { ...rule, valid: (v) => [...v].length <= 41 };
  if (key === 'first_name' && fault('size-limit-in-bytes'))
    return { ...rule, valid: (v) => Buffer.byteLength(v, 'utf8') <= 40 };
  return rule;
}

export const FAULTS: FaultDefinition[] = [
  {
    id: 'created-200',
    description: 'a created profile is answered 200 OK instead of 201',
    breaks: ['EPZ-CREATE-201'],
  },
  {
    id: 'no-location',
    description: 'the 201 has no Location header',
    breaks: ['EPZ-LOCATION', 'EPZ-LOCATION-ID'],
  },
  {
    id: 'location-other-host',
    description: 'the Location is an absolute URL on another host',
    breaks: ['EPZ-LOCATION'],
  },
  {
    id: 'id-not-location-uid',
    description: "the 201 body's <id> is another uid than the Location's (the Location is right)",
    breaks: ['EPZ-LOCATION-ID'],
  },
  { id: 'success-no-status', description: 'the 201 body has no <status>', breaks: ['EPZ-SUCCESS-SHAPE'] },
  {
    id: 'success-omits-safe-keys',
    description: 'the 201 body shows the id only',
    breaks: ['EPZ-SAFE-VALUES'],
  },
  { id: 'ver-2', description: 'every body says ver="ePrize Web Services 2.0"', breaks: ['EPZ-RESULT-VER'] },
  {
    id: 'declares-latin1',
    description: 'bodies are declared, labelled (charset) and sent as ISO-8859-1',
    breaks: ['EPZ-UTF8', 'EPZ-MEDIA-TYPE'],
  },
  {
    id: 'utf8-declared-latin1-sent',
    description: 'bodies declare UTF-8 but carry ISO-8859-1 bytes',
    breaks: ['EPZ-UTF8', 'EPZ-NONASCII-ROUNDTRIP', 'EPZ-FORM-BODY'],
  },
  {
    id: 'form-refused',
    description: 'form POST variables are answered 415 (only the key:value lines are taken)',
    breaks: ['EPZ-FORM-BODY'],
  },
  {
    id: 'optin-n-refused',
    description: 'optin N, a value the promotion accepts, is refused with VALIDATION',
    breaks: ['EPZ-VALID-VALUES'],
  },
  {
    id: 'size-limit-off-by-one',
    description: 'first_name takes 41 characters, one more than its limit of 40',
    breaks: ['EPZ-SIZE-LIMIT'],
  },
  {
    id: 'xml-labelled-html',
    description: 'the XML answers are labelled text/html',
    breaks: ['EPZ-MEDIA-TYPE'],
  },
  {
    id: 'json-labelled-text',
    description: 'the JSON answers (asked for with Accept: application/json) are labelled text/plain',
    breaks: ['EPZ-MEDIA-TYPE'],
  },
  {
    id: 'readback-missing-unique',
    description: 'the read-back does not show the unique key',
    breaks: ['EPZ-READBACK'],
  },
  {
    id: 'unknown-uid-200',
    description: 'GET of an unknown uid answers 200 with an empty profile',
    breaks: ['EPZ-READBACK-404'],
  },
  {
    id: 'lookup-302',
    description: 'the look-up by unique key answers 302, not 303',
    breaks: ['EPZ-LOOKUP-BY-KEY'],
  },
  {
    id: 'duplicates-accepted',
    description: 'a second profile with the same unique value is created',
    breaks: ['EPZ-DUPLICATE-409'],
  },
  {
    id: 'conflict-flat',
    description: 'the 409 body is <result><result><error> without <errors><terminal_errors>',
    breaks: ['EPZ-CONFLICT-SHAPE'],
  },
  {
    id: 'empty-unique-accepted',
    description: 'a profile without a value for the unique key is created',
    breaks: ['EPZ-UNIQUE-NULL'],
  },
  {
    id: 'null-validation-swapped',
    description: 'field errors say VALIDATION for a missing value and NULL for an invalid one',
    breaks: ['EPZ-ERROR-CODES'],
  },
  {
    id: 'email-not-validated',
    description: 'any email value is accepted (not-an-email creates a profile)',
    breaks: ['EPZ-VALIDATION'],
  },
  {
    id: 'required-key-not-enforced',
    description: 'a profile without the required birthdate is created',
    breaks: ['EPZ-REQUIRED-KEY'],
  },
  {
    id: 'first-error-only',
    description: 'a 400 lists only the first bad field',
    breaks: ['EPZ-FIELD-PER-ERROR'],
  },
  {
    id: 'field-errors-unwrapped',
    description: 'the 400 body has <field_errors> without <errors> around it',
    breaks: ['EPZ-FIELD-ERRORS-SHAPE'],
  },
  {
    id: 'partial-create-on-error',
    description: 'a request refused with 400 still stores the profile',
    breaks: ['EPZ-ERROR-NO-CREATE', 'EPZ-ERROR-COMBINATION'],
  },
  {
    id: 'refused-duplicate-updates',
    description:
      'a duplicate with a bad field is refused with 400 but its valid fields overwrite the stored profile',
    breaks: ['EPZ-ERROR-COMBINATION'],
  },
  {
    id: 'conflict-first',
    description:
      'a duplicate is answered 409 before its field errors are looked at (under readings.errorPrecedence "field-errors")',
    breaks: ['EPZ-ERROR-PRECEDENCE'],
    readings: { errorPrecedence: 'field-errors' },
  },
  {
    id: 'digit-start-keys-accepted',
    description:
      'key names may begin with a digit or an underscore: stored, not shown (under readings.badKeyNames "refused")',
    breaks: ['EPZ-KEY-NAME-REFUSED'],
    readings: { badKeyNames: 'refused' },
  },
  {
    id: 'uppercase-keys-accepted',
    description:
      'key names may hold uppercase letters: stored, not shown (under readings.badKeyNames "refused")',
    breaks: ['EPZ-KEY-NAME-REFUSED'],
    readings: { badKeyNames: 'refused' },
  },
  {
    id: 'bad-key-names-kept',
    description: 'key names are not checked: a badly named key is stored and shown in the profile',
    // The promotion's section reads bad key names as refused (badKeyNames), so that one breaks too.
    breaks: ['EPZ-KEY-NAME-START', 'EPZ-KEY-NAME-CHARS', 'EPZ-KEY-NAME-REFUSED'],
  },
  {
    // Not a promotion with CAPTCHA off (that is alternatives.open, and passes): the promotion the
    // section says enforces a CAPTCHA takes a create without one.
    id: 'captcha-not-required',
    description:
      'the promotion configured as enforcing a CAPTCHA (captcha.enforced) accepts a create without CAPTCHA headers',
    breaks: ['EPZ-CAPTCHA-REQUIRED'],
  },
  {
    id: 'captcha-answer-unchecked',
    description: 'any answer to a known challenge is accepted',
    breaks: ['EPZ-CAPTCHA-WRONG'],
  },
  {
    id: 'captcha-reusable',
    description: 'a challenge may be used again',
    breaks: ['EPZ-CAPTCHA-SINGLE-USE'],
  },
  {
    id: 'captcha-challenge-200',
    description: 'a new CAPTCHA challenge is answered 200 instead of 201',
    breaks: ['EPZ-CAPTCHA-CHALLENGE'],
  },
  {
    id: 'json-invalid',
    description: 'asked for JSON, the answer is labelled application/json but is XML',
    breaks: ['EPZ-JSON-OPTIONAL', 'EPZ-MEDIA-TYPE'],
  },
  // Found by the generated checks only (suites/eprize/domains.ts): with --examples 0 the suite passes
  // each; a boundary value of the domain side named hits each, so any seed finds it.
  {
    id: 'key-name-digit-refused',
    description:
      'a key name holding a digit (z0123456789, a1) is refused with VALIDATION, as if the rule were letters and underscores',
    breaks: ['EPZ-KEY-NAME-VALID'],
    generated: true,
  },
  {
    id: 'key-name-dot-accepted',
    description:
      'a key name may hold a dot (address.line1): stored, not shown (under readings.badKeyNames "refused")',
    breaks: ['EPZ-KEY-NAME-REFUSED'],
    readings: { badKeyNames: 'refused' },
    generated: true,
  },
  {
    id: 'size-limit-in-bytes',
    description:
      'the first_name limit of 40 is applied in UTF-8 bytes: 40 letters such as ë (2 bytes each) are refused',
    breaks: ['EPZ-SIZE-LIMIT'],
    generated: true,
  },
  {
    id: 'beyond-latin1-replaced',
    description:
      'values are stored as ISO-8859-1: a letter beyond it (Ł, Ж) comes back as "?" (ë, Å, Ç come back right)',
    breaks: ['EPZ-NONASCII-ROUNDTRIP'],
    generated: true,
  },
  {
    id: 'status-zero-on-errors',
    description: '409 and 400 bodies say <status>0</status>',
    breaks: ['EPZ-STATUS-ONE'],
    readings: { statusValue: 'always-1' },
  },
];

/** Another documented behaviour each: breaks nothing, passed under the reading it carries. */
export const VARIANTS: FaultDefinition[] = [
  {
    id: 'profiles-only',
    description: 'creates only on /v1/{apikey}/profiles, as the wiki home lists it (reading EPZ-O1)',
    breaks: [],
    readings: { profilePath: 'profiles' },
  },
  {
    id: 'form-only',
    description: 'takes form fields only, as the live API; key:value lines get 415 (reading EPZ-O2)',
    breaks: [],
    readings: { bodyFormat: 'form' },
  },
];

/**
 * The provider states of the ePrize Pact contract (contracts/eprize) this mock can be in. Nothing in
 * the mock sets them up: the contract's provider driver does, through the API and the target config,
 * as on any target (its promotion, targetConfig, is the one the contract's consumer describes).
 */
export const PROVIDER_STATES: readonly string[] = [
  'no profile has the unique value the consumer sends',
  'a profile has the unique value the consumer sends',
  'no profile has the uid the consumer asks for',
  'the promotion requires a CAPTCHA of untrusted create requests',
  'a CAPTCHA challenge the consumer has answered',
  'a CAPTCHA challenge the consumer has answered and already used once',
  'a CAPTCHA challenge the consumer has not answered',
  "the promotion's unique key is email",
  'the promotion requires birthdate',
  'the promotion refuses the value of birthdate the consumer sends',
  'the promotion refuses the value of email the consumer sends',
  'the promotion shows email back',
  'the promotion shows first_name back',
];

/** Faults that break everything at once: bad input the suite must survive, not a requirement. */
export const CHAOS: FaultDefinition[] = [
  ...chaosFaults(['html-page', 'garbage-body', 'slow-responses', 'huge-body', 'xxe-body']),
];

type Node = string | Node[] | { [name: string]: Node };

interface Store {
  promo: Promotion;
  profiles: Map<string, Map<string, string>>;
  byUnique: Map<string, string>;
}

/**
 * The request's key:value pairs: form POST variables (url-encoded or multipart, both what a form
 * posts: related.txt), or the page's lines (a trailing comma per line ignored).
 */
function parsePairs(body: Buffer, contentType: string): [string, string][] | undefined {
  if (/^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) {
    return Object.entries(parseForm(body, contentType));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
  const pairs: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/,$/, '');
    if (!line) continue;
    const i = line.indexOf(':');
    if (i < 0) return undefined;
    pairs.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return pairs;
}

export async function start(options: MockOptions = {}): Promise<RunningMock> {
  const faults = new Set(options.faults ?? []);
  const fault = (id: string) => faults.has(id);
  const host = options.host ?? '127.0.0.1';
  /** Per promotion (by apikey): its profiles by uid, and the uid of each unique value. */
  const stores = new Map<string, Store>(
    [PROMOTION, OPEN_PROMOTION].map((promo) => [
      promo.apikey,
      { promo, profiles: new Map(), byUnique: new Map() },
    ]),
  );
  const uids = new Set<string>();
  /** CAPTCHA challenges by id: the promotion that issued each, its answer, whether it was used. */
  const challenges = new Map<string, { apikey: string; answer: string; used: boolean }>();

  const ver = fault('ver-2') ? 'ePrize Web Services 2.0' : VER;
  const latin1Declared = fault('declares-latin1');
  const latin1Bytes = latin1Declared || fault('utf8-declared-latin1-sent');

  function toXml(name: string, node: Node, indent: string): string {
    if (Array.isArray(node)) return node.map((n) => toXml(name, n, indent)).join('\n');
    if (typeof node === 'string') return `${indent}<${name}>${xmlEscape(node)}</${name}>`;
    const inner = Object.entries(node)
      .map(([k, v]) => toXml(k, v, `${indent}  `))
      .join('\n');
    return `${indent}<${name}>\n${inner}\n${indent}</${name}>`;
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    result: Node,
    extra: Record<string, string> = {},
  ): void {
    const statusText = fault('status-zero-on-errors') && status >= 400 ? '0' : '1';
    const withStatus = !(fault('success-no-status') && status < 300);
    // JSON only when Accept prefers it to XML (q-values, then the more specific range; XML is the default).
    const json =
      preferredType(req.headers.accept, ['text/xml', 'application/xml', 'application/json']) ===
      'application/json';
    if (json && !fault('json-invalid')) {
      const body = Buffer.from(
        JSON.stringify({ ver, result, ...(withStatus ? { status: Number(statusText) } : {}) }),
        'utf8',
      );
      res.writeHead(status, {
        ...extra,
        'content-type': fault('json-labelled-text')
          ? 'text/plain; charset=UTF-8'
          : 'application/json; charset=UTF-8',
        'content-length': body.length,
      });
      res.end(body);
      return;
    }
    const xml = `<?xml version="1.0" encoding="${latin1Declared ? 'ISO-8859-1' : 'UTF-8'}" ?>\n<result ver="${xmlEscape(ver)}">\n${toXml('result', result, '  ')}\n${withStatus ? `  <status>${statusText}</status>\n` : ''}</result>\n`;
    // Declared Latin-1, what it cannot hold is a character reference (the value still comes back);
    // declared UTF-8 with Latin-1 bytes (utf8-declared-latin1-sent), it is lost.
    const body = latin1Declared
      ? Buffer.from(
          xml.replace(/[^\u0000-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`),
          'latin1',
        )
      : latin1Bytes
        ? Buffer.from(xml, 'latin1')
        : Buffer.from(xml, 'utf8');
    const charset = latin1Declared ? 'ISO-8859-1' : 'UTF-8';
    const type = json
      ? 'application/json'
      : `${fault('xml-labelled-html') ? 'text/html' : 'text/xml'}; charset=${charset}`;
    res.writeHead(status, { ...extra, 'content-type': type, 'content-length': body.length });
    res.end(body);
  }

  const terminal = (req: IncomingMessage, res: ServerResponse, status: number, error: string) =>
    send(req, res, status, { errors: { terminal_errors: { error } } });

  function fieldErrors(req: IncomingMessage, res: ServerResponse, list: [string, Code][]): void {
    const swap = (c: Code): Code => (c === 'NULL' ? 'VALIDATION' : 'NULL');
    const shown = (fault('first-error-only') ? list.slice(0, 1) : list).map(([name, code]) => ({
      name,
      error: fault('null-validation-swapped') ? swap(code) : code,
    }));
    const fieldErrorsNode = { field_errors: { field: shown } };
    send(req, res, 400, fault('field-errors-unwrapped') ? fieldErrorsNode : { errors: fieldErrorsNode });
  }

  function profileNode(
    promo: Promotion,
    uid: string,
    fields: Map<string, string>,
    opts: { safe: boolean; idOverride?: string },
  ): Node {
    const node: Record<string, Node> = { id: opts.idOverride ?? uid };
    if (opts.safe) {
      for (const k of promo.safeKeys) {
        const v = fields.get(k);
        if (v !== undefined) node[k] = v;
      }
    }
    if (fault('bad-key-names-kept')) for (const [k, v] of fields) if (!KEY_NAME.test(k)) node[k] = v;
    return { profile: node };
  }

  function newUid(): string {
    let uid: string;
    do uid = String(randomInt(10_000_000, 100_000_000));
    while (uids.has(uid));
    uids.add(uid);
    return uid;
  }

  /** A challenge as the API would issue it: its id, and the path a create request names it by. */
  function issueChallenge(apikey: string): { id: string; path: string } {
    const id = randomBytes(8).toString('hex');
    const answer = Array.from({ length: 6 }, () => 'abcdefghjkmnpqrstuvwxyz'[randomInt(23)]).join('');
    challenges.set(id, { apikey, answer, used: false });
    return { id, path: `/v1/${apikey}/captcha/${id}` };
  }

  /**
   * CAPTCHA, on the promotion that enforces one: missing headers are a NULL, a wrong, unknown or
   * used challenge a VALIDATION. The other promotion takes a create without them (a trusted caller).
   */
  function captchaError(req: IncomingMessage, promo: Promotion): Code | undefined {
    if (!promo.captcha) return undefined;
    const challenge = req.headers['x-captcha-challenge'];
    const answer = req.headers['x-captcha-response'];
    if (typeof challenge !== 'string' && typeof answer !== 'string') {
      return fault('captcha-not-required') ? undefined : 'NULL';
    }
    const id = String(challenge ?? '')
      .split('/')
      .pop();
    const c = id ? challenges.get(id) : undefined;
    if (!c || c.apikey !== promo.apikey) return 'VALIDATION';
    const ok =
      (!c.used || fault('captcha-reusable')) && (c.answer === answer || fault('captcha-answer-unchecked'));
    c.used = true;
    return ok ? undefined : 'VALIDATION';
  }

  function createProfile(req: IncomingMessage, body: Buffer, res: ServerResponse, store: Store): void {
    const { promo, profiles, byUnique } = store;
    const contentType = req.headers['content-type'] ?? '';
    if (fault('form-only') && !/^application\/x-www-form-urlencoded/i.test(contentType)) {
      terminal(req, res, 415, 'unsupported_media_type');
      return;
    }
    if (fault('form-refused') && /^application\/x-www-form-urlencoded/i.test(contentType)) {
      terminal(req, res, 415, 'unsupported_media_type');
      return;
    }
    const pairs = parsePairs(body, contentType);
    if (!pairs) {
      terminal(req, res, 400, 'malformed_request');
      return;
    }
    const errors: [string, Code][] = [];
    const captcha = captchaError(req, promo);
    if (captcha) errors.push(['captcha', captcha]);
    const keyName = fault('bad-key-names-kept')
      ? /^/
      : fault('uppercase-keys-accepted')
        ? /^[A-Za-z][A-Za-z0-9_]*$/
        : fault('digit-start-keys-accepted')
          ? /^[a-z0-9_][a-z0-9_]*$/
          : fault('key-name-digit-refused')
            ? /^[a-z][a-z_]*$/
            : fault('key-name-dot-accepted')
              ? /^[a-z][a-z0-9_.]*$/
              : KEY_NAME;
    const fields = new Map<string, string>();
    /** A Latin-1 column: what it cannot hold becomes "?". */
    const stored = (v: string) =>
      fault('beyond-latin1-replaced') ? v.replace(/[^\u0000-\u00ff]/gu, '?') : v;
    for (const [k, v] of pairs) {
      if (keyName.test(k)) fields.set(k, stored(v));
      else errors.push([k, 'VALIDATION']);
    }
    for (const k of Object.keys(RULES)) {
      const rule = ruleFor(k, fault);
      if (!rule) continue;
      const v = fields.get(k);
      if (v === undefined || v === '') {
        const excused =
          !rule.required ||
          (k === PROMOTION.uniqueKey && fault('empty-unique-accepted')) ||
          (k !== PROMOTION.uniqueKey && fault('required-key-not-enforced'));
        if (!excused) errors.push([k, 'NULL']);
      } else if (!rule.valid(v)) errors.push([k, 'VALIDATION']);
    }
    const unique = fields.get(promo.uniqueKey) ?? '';
    const duplicate = byUnique.has(unique) && !fault('duplicates-accepted');
    if (duplicate && fault('conflict-first')) {
      terminal(req, res, 409, 'duplicate_account');
      return;
    }
    const save = (): string => {
      const uid = newUid();
      profiles.set(uid, fields);
      byUnique.set(unique, uid);
      return uid;
    };
    if (errors.length > 0) {
      if (fault('partial-create-on-error') && unique && !duplicate) save();
      if (fault('refused-duplicate-updates') && duplicate) {
        const stored = profiles.get(byUnique.get(unique) ?? '');
        const bad = new Set(errors.map(([k]) => k));
        for (const [k, v] of fields) if (stored && !bad.has(k)) stored.set(k, v);
      }
      fieldErrors(req, res, errors);
      return;
    }
    if (duplicate) {
      if (fault('conflict-flat')) send(req, res, 409, { error: 'duplicate_account' });
      else terminal(req, res, 409, 'duplicate_account');
      return;
    }
    const uid = save();
    const path = `/v1/${promo.apikey}/profile/${uid}`;
    const headers: Record<string, string> = {};
    if (!fault('no-location'))
      headers.location = fault('location-other-host') ? `http://elsewhere.example${path}` : path;
    send(
      req,
      res,
      fault('created-200') ? 200 : 201,
      profileNode(promo, uid, fields, {
        safe: !fault('success-omits-safe-keys'),
        ...(fault('id-not-location-uid') ? { idOverride: newUid() } : {}),
      }),
      headers,
    );
  }

  function readProfile(req: IncomingMessage, res: ServerResponse, uid: string, store: Store): void {
    const fields = store.profiles.get(uid);
    if (!fields) {
      if (fault('unknown-uid-200')) send(req, res, 200, { profile: { id: uid } });
      else terminal(req, res, 404, 'not_found');
      return;
    }
    const shown = new Map(fields);
    if (fault('readback-missing-unique')) shown.delete(store.promo.uniqueKey);
    send(req, res, 200, profileNode(store.promo, uid, shown, { safe: true }));
  }

  const handler = async (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> => {
    if (
      await answerChaos(fault, res, {
        contentType: 'text/xml',
        xxeBody: `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE result [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<result ver="${VER}"><result><profile><id>&xxe;</id></profile></result><status>1</status></result>`,
        xxeHeaders: { location: `/v1/${PROMOTION.apikey}/profile/1` },
      })
    )
      return;
    const segments = new URL(req.url ?? '/', 'http://mock').pathname
      .split('/')
      .slice(1)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
    const [v1, apikey, resource, rest, ...more] = segments;
    const store = apikey === undefined ? undefined : stores.get(apikey);
    if (v1 !== 'v1' || !store || more.length > 0) {
      terminal(req, res, 404, 'not_found');
      return;
    }
    const method = req.method ?? 'GET';
    const allow = (methods: string, route: () => void) => {
      if (methods.split(',').includes(method)) route();
      else terminal(req, res, 405, 'method_not_allowed');
    };
    const lookup = /^profile\(([^)]+)\)$/.exec(resource ?? '');
    if ((resource === 'profile' || resource === 'profiles') && rest === undefined) {
      if (fault('profiles-only') && resource === 'profile') terminal(req, res, 404, 'not_found');
      else allow('POST', () => createProfile(req, body, res, store));
    } else if (resource === 'profile' && rest !== undefined) {
      allow('GET', () => readProfile(req, res, rest, store));
    } else if (lookup && rest !== undefined) {
      allow('GET', () => {
        const uid = lookup[1] === store.promo.uniqueKey ? store.byUnique.get(rest) : undefined;
        if (uid === undefined) terminal(req, res, 404, 'not_found');
        else
          res
            .writeHead(fault('lookup-302') ? 302 : 303, {
              location: `/v1/${store.promo.apikey}/profile/${uid}`,
            })
            .end();
      });
    } else if (resource === 'captcha' && rest === undefined) {
      allow('POST', () => {
        const { id, path } = issueChallenge(store.promo.apikey);
        // A real service would show an image of the answer here; the mock never shows it.
        send(req, res, fault('captcha-challenge-200') ? 200 : 201, { captcha: { id } }, { location: path });
      });
    } else {
      terminal(req, res, 404, 'not_found');
    }
  };

  // The test-only fixture: the answer of a challenge, for the suite alone (not part of the API).
  const fixtures = await listen(
    (req, _body, res) => {
      const m = /^\/captcha-answer\/([0-9a-f]+)$/.exec(new URL(req.url ?? '/', 'http://fixture').pathname);
      const c = m?.[1] ? challenges.get(m[1]) : undefined;
      if (!c) res.writeHead(404, { 'content-type': 'text/plain' }).end('no such challenge');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(c.answer);
    },
    { host },
  );
  const server = await listen(handler, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    host,
    inspector: options.inspector,
  });
  /** The section of the target config that describes a promotion of this mock. */
  const section = (p: Promotion): Record<string, unknown> => ({
    apikey: p.apikey,
    uniqueKey: p.uniqueKey,
    requiredKeys: { ...p.requiredKeys },
    optionalKeys: { ...p.optionalKeys },
    safeKeys: [...p.safeKeys],
    textKey: p.textKey,
    invalidValues: { ...p.invalidValues },
    validValues: Object.fromEntries(Object.entries(p.validValues).map(([k, v]) => [k, [...v]])),
    sizeLimits: { ...p.sizeLimits },
    captcha: p.captcha
      ? { enforced: true, answerUrl: `${fixtures.url}/captcha-answer/{challengeId}` }
      : { enforced: false },
    // Both promotions refuse a badly named key with 400 (a VALIDATION field error): reading EPZ-O5.
    readings: { badKeyNames: 'refused' },
  });
  return {
    url: server.url,
    targetConfig: section(PROMOTION),
    alternatives: { open: section(OPEN_PROMOTION) },
    close: async () => {
      await Promise.all([server.close(), fixtures.close()]);
    },
  };
}

/** The mock as the engine sees it (vendors.ts joins it with the suite). */
export const mock = defineMock({
  module: import.meta.url,
  start,
  faults: FAULTS,
  variants: VARIANTS,
  chaos: CHAOS,
  providerStates: PROVIDER_STATES,
});
