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
import type { Pairs } from './checks.ts';
import { REQUIREMENTS } from './requirements.ts';

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
  mirrorOf(REQUIREMENTS, 'EPZ-REQUIRED-KEY', {
    id: 'EPZ-CLIENT-REQUIRED-KEY',
    title:
      "every key the promotion requires is sent with a value (config requiredKeys of the mock's promotion)",
  }),
];

const keyRule = compile(requestSchema);

/** The create's key:value pairs: form fields, or the page's lines (a trailing comma per line ignored). */
export function decodePairs(body: Buffer, contentType: string): Pairs | undefined {
  if (/^application\/x-www-form-urlencoded/i.test(contentType))
    return Object.entries(parseForm(body.toString('latin1'), contentType));
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
