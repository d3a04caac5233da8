// ePrize's request rules, for mock --check-client: a create profile names its keys by the page's key
// rule (the suite's request schema, schemas/eprize/create-request.schema.json), gives the promotion's
// unique key a value and carries the promotion's required keys (from the mock's config section for
// that {apikey}). Pure: a request in, violations out.
import requestSchema from '../../schemas/eprize/create-request.schema.json' with { type: 'json' };
import { mirrorOf } from '../../src/client-check.ts';
import { parseForm } from '../../src/form.ts';
import type {
  ClientJudgement,
  ClientRequest,
  ClientRules,
  ClientViolation,
  Requirement,
} from '../../src/types.ts';
import { compile } from '../../src/validate/json-schema.ts';
import { captchaHeaderNames } from './api.ts';
import type { Pairs } from './checks.ts';
import { type EprizeConfig, withDefaults } from './config.ts';
import { REQUIREMENTS, SOURCE } from './requirements.ts';

const CAPTCHA_SENTENCE =
  'Typically the {apikey} will be configured to require a CAPTCHA challenge/response in the request headers of an untrusted create profile request.';
const CAPTCHA_HEADERS_LINE =
  'the create request then sends `X-CAPTCHA-Challenge: /v1/{apikey}/captcha/{challenge-id}` and `X-CAPTCHA-Response: {secret}`';

export const CLIENT_REQUIREMENTS: Requirement[] = [
  mirrorOf(REQUIREMENTS, 'EPZ-KEY-NAME-CHARS', {
    id: 'EPZ-CLIENT-KEY-NAME',
    title:
      'every key name begins with a letter and holds only lowercase ASCII letters, digits and underscores',
  }),
  mirrorOf(REQUIREMENTS, 'EPZ-UNIQUE-NULL', {
    id: 'EPZ-CLIENT-UNIQUE-KEY',
    title: "the promotion's unique key is sent with a value",
  }),
  {
    id: 'EPZ-CLIENT-CAPTCHA',
    title:
      'a create on a promotion that enforces a CAPTCHA carries the challenge and the answer, each in the header the page names (readings.captchaHeaders)',
    level: 'MUST',
    basis: 'inferred',
    source: SOURCE,
    quote: `${CAPTCHA_SENTENCE}\n${CAPTCHA_HEADERS_LINE}`,
    note: 'The page requires a CAPTCHA challenge/response in the request headers; their names are on another page of the wiki (related.txt), and a promotion may be configured with others (readings.captchaHeaders). MUST: a create without them is refused with 400 on such a promotion. Judged only for a promotion whose config says captcha.enforced; a trusted caller of an open promotion sends none.',
  },
  mirrorOf(REQUIREMENTS, 'EPZ-REQUIRED-KEY', {
    id: 'EPZ-CLIENT-REQUIRED-KEY',
    title:
      "every key the promotion requires is sent with a value (config requiredKeys of the mock's promotion)",
  }),
];

const keyRule = compile(requestSchema);

/** The create's key:value pairs: form fields (url-encoded or multipart), or the page's lines (a trailing comma per line ignored). */
export function decodePairs(body: Buffer, contentType: string): Pairs | undefined {
  if (/^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType))
    return Object.entries(parseForm(body, contentType));
  const pairs: Pairs = [];
  for (const raw of body.toString('utf8').split(/\r?\n/)) {
    const line = raw.trim().replace(/,$/, '');
    if (!line) continue;
    const i = line.indexOf(':');
    if (i < 0) return undefined;
    pairs.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return pairs;
}

/** Key names the page's rule refuses (the schema's propertyNames). */
export function badKeyNames(pairs: Pairs): string[] {
  return pairs.map(([k]) => k).filter((k) => !keyRule({ [k]: '' }));
}

/**
 * On a promotion that enforces a CAPTCHA: the challenge and answer headers (names from the section's
 * readings.captchaHeaders, else the wiki's), each with a value. Header names are case-insensitive.
 */
export function captchaProblem(
  headers: Readonly<Record<string, string>>,
  section: Readonly<Record<string, unknown>>,
): ClientViolation | undefined {
  const cfg = withDefaults(section as unknown as EprizeConfig);
  if (!cfg.captcha.enforced) return undefined;
  const names = captchaHeaderNames(cfg.readings.captchaHeaders);
  const missing = names.filter((n) => !headers[n.toLowerCase()]?.trim());
  if (missing.length === 0) return undefined;
  // A CAPTCHA header of another name is most likely the one the client meant.
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const others = Object.keys(headers).filter((h) => /captcha/i.test(h) && !wanted.has(h));
  return {
    requirement: 'EPZ-CLIENT-CAPTCHA',
    problem: `no ${missing.join(' and no ')} header on a promotion that enforces a CAPTCHA${others.length > 0 ? ` (sent ${others.join(', ')}, which the promotion does not read)` : ''}`,
  };
}

export function judge(request: ClientRequest, sections: readonly Record<string, unknown>[]): ClientJudgement {
  const m = /^\/v1\/([^/?]+)\/profiles?\/?(?:\?|$)/.exec(request.url);
  if (request.method !== 'POST' || !m?.[1]) return { judged: [], violations: [] };
  const apikey = decodeURIComponent(m[1]);
  const pairs = decodePairs(request.body, request.headers['content-type'] ?? '');
  if (!pairs) return { judged: [], violations: [] };
  const violations: ClientViolation[] = [];
  const judged = ['EPZ-CLIENT-KEY-NAME'];
  const bad = badKeyNames(pairs);
  if (bad.length > 0)
    violations.push({
      requirement: 'EPZ-CLIENT-KEY-NAME',
      problem: `${bad.map((k) => JSON.stringify(k)).join(', ')} ${bad.length > 1 ? 'break' : 'breaks'} the key rule`,
    });
  const section = sections.find((s) => s.apikey === apikey);
  if (section) {
    const has = (k: string) => pairs.some(([n, v]) => n === k && v !== '');
    judged.push('EPZ-CLIENT-UNIQUE-KEY', 'EPZ-CLIENT-REQUIRED-KEY');
    if (withDefaults(section as unknown as EprizeConfig).captcha.enforced) judged.push('EPZ-CLIENT-CAPTCHA');
    const captcha = captchaProblem(request.headers, section);
    if (captcha) violations.push(captcha);
    const unique = String(section.uniqueKey ?? '');
    if (unique && !has(unique))
      violations.push({
        requirement: 'EPZ-CLIENT-UNIQUE-KEY',
        problem: `no value for the unique key ${unique}`,
      });
    const missing = Object.keys((section.requiredKeys as Record<string, string> | undefined) ?? {}).filter(
      (k) => !has(k),
    );
    if (missing.length > 0)
      violations.push({
        requirement: 'EPZ-CLIENT-REQUIRED-KEY',
        problem: `no value for the required key(s) ${missing.join(', ')}`,
      });
  }
  return { judged, violations };
}

export const CLIENT: ClientRules = { requirements: CLIENT_REQUIREMENTS, judge };
