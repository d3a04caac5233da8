// Sociotoco's request rules, for mock --check-client: a request carries the page's required arguments
// and is signed as the API's authentication page says (related.txt). A wrong signature is diagnosed:
// the parameters left unsorted, one left out of the base, the secret in the wrong place, a digest of
// no documented algorithm's length. Pure; the signature is computed by the suite's own signer
// (sign.ts), with the secret of the mock's config section (never shown).
import { createHash } from 'node:crypto';
import { mirrorOf } from '../../src/client-check.ts';
import type {
  ClientJudgement,
  ClientRequest,
  ClientRules,
  ClientViolation,
  Requirement,
} from '../../src/types.ts';
import { REQUIREMENTS, SOURCE } from './requirements.ts';
import { type Algorithm, DIGEST_HEX_LENGTH, type Param, sign, signatureBase } from './sign.ts';

const RELATED_SIGNING =
  "Request signing: sort the query parameters by name, join them as `name=value` with `#`, append the API secret with no separator, hash with MD5, SHA-1, SHA-256, SHA-384 or SHA-512 (the client's choice) and send the hex digest as `sig`.";
const SIGNING_NOTE =
  'Inferred from the signing rule on another page of the same API (related.txt); MUST: a client that signs otherwise is refused with 210 SignatureInvalid on every call.';

const signing = (id: string, title: string, extra: string): Requirement => ({
  id,
  title,
  level: 'MUST',
  basis: 'inferred',
  source: SOURCE,
  quote: `${RELATED_SIGNING}${extra ? `\n${extra}` : ''}`,
  note: SIGNING_NOTE,
});

export const CLIENT_REQUIREMENTS: Requirement[] = [
  {
    id: 'SOC-CLIENT-REQUIRED',
    title: 'setProfiles carries every required argument: key, sig, time, sid and profiles',
    level: 'MUST',
    basis: 'documented',
    source: SOURCE,
    quote:
      'Required\nAn API Key (key)\nA Signature (sig)\nA Unix Timestamp (time)\nA SociotocoID (sid)\nA list of profileIDs comma seperated (profiles)',
    statement: 'Required',
  },
  {
    id: 'SOC-CLIENT-TIME',
    title: 'time is a Unix timestamp: whole seconds since the epoch, in decimal digits',
    level: 'MUST',
    basis: 'documented',
    source: SOURCE,
    quote:
      'A Unix Timestamp (time)\nGET /services/1.1/rest?method=sociotoco.sets.setprofiles&key=[your_key]&sid=[sociotocoid]&profiles=[profileIDs]&time=[unix_timestamp]&sig=[signature] HTTP/1.1',
    statement: 'A Unix Timestamp (time)',
    note: 'A Unix timestamp counts whole seconds: milliseconds (13 digits, as Date.now() gives), a fraction (as time.time() gives), a sign or a date are other forms. Judged on every call that sends time.',
  },
  signing('SOC-CLIENT-SIG-SORTED', 'the signed parameters are sorted by name', ''),
  signing(
    'SOC-CLIENT-SIG-ALL-PARAMS',
    'every query parameter but sig is signed (method, key and time among them)',
    '`method`, `key` and `time` are among the signed parameters.',
  ),
  signing('SOC-CLIENT-SIG-SECRET', 'the secret is appended to the base, with no separator', ''),
  signing('SOC-CLIENT-SIG-ALGORITHM', 'sig is the hex digest of MD5, SHA-1, SHA-256, SHA-384 or SHA-512', ''),
  {
    ...mirrorOf(REQUIREMENTS, 'SOC-SIG-ALGORITHMS', {
      id: 'SOC-CLIENT-SIG',
      title: 'sig is the documented signature of the request with the API secret of its key',
    }),
    note: `${SIGNING_NOTE} Judged when no diagnosable mistake explains the signature (a wrong secret, say).`,
  },
];

const REQUIRED = ['key', 'sig', 'time', 'sid', 'profiles'] as const;
const BY_LENGTH = new Map(Object.entries(DIGEST_HEX_LENGTH).map(([a, n]) => [n, a as Algorithm]));

/** The query's parameters in the order sent, decoded, and the names sent with raw commas. */
export function queryParams(url: string): { params: Param[]; rawCommas: string[] } {
  const query = url.split('?').slice(1).join('?');
  const params: Param[] = [];
  const rawCommas: string[] = [];
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const [name = '', raw = ''] = pair.split(/=(.*)/s);
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    params.push([decode(name), decode(raw)]);
    if (raw.includes(',')) rawCommas.push(decode(name));
  }
  return { params, rawCommas };
}

/**
 * Is `sig` the documented signature of `params`, under any reading of the page's open points (hex
 * case, format signed or not, values signed decoded or as sent)? Else, the mistake that explains it.
 */
export function signatureProblem(
  params: readonly Param[],
  rawCommas: readonly string[],
  sig: string,
  secret: string,
): ClientViolation | undefined {
  const algorithm = /^[0-9a-f]+$/i.test(sig) ? BY_LENGTH.get(sig.length) : undefined;
  if (!algorithm)
    return {
      requirement: 'SOC-CLIENT-SIG-ALGORITHM',
      problem: `sig is ${sig.length} characters${/^[0-9a-f]*$/i.test(sig) ? '' : ' with non-hex ones'}: no hex digest of MD5 (32), SHA-1 (40), SHA-256 (64), SHA-384 (96) or SHA-512 (128)`,
    };
  const want = sig.toLowerCase();
  const readings = [false, true].flatMap((encodeValues) =>
    [[], ['format']].map((exclude) => ({ secret, algorithm, encodeValues, exclude, rawCommas })),
  );
  const matches = (extra: Partial<Parameters<typeof sign>[1]>, list: readonly Param[] = params) =>
    readings.some((r) => sign(list, { ...r, ...extra }) === want);
  if (matches({})) return undefined;
  if (matches({ order: 'as-given' }))
    return {
      requirement: 'SOC-CLIENT-SIG-SORTED',
      problem: 'the parameters were signed in query order, not sorted by name',
    };
  for (const [name] of params) {
    if (name === 'sig') continue;
    if (matches({ exclude: [name] }))
      return { requirement: 'SOC-CLIENT-SIG-ALL-PARAMS', problem: `${name} was left out of the signed base` };
  }
  const hex = (s: string) => createHash(algorithm).update(s, 'utf8').digest('hex');
  for (const r of readings) {
    const base = signatureBase(params, { ...r, secret: '' });
    const places: [string, string][] = [
      [`${secret}${base}`, 'prepended to the base instead of appended'],
      [`${base}#${secret}`, "appended after a '#' separator"],
      [`${base}&${secret}`, "appended after a '&' separator"],
      [base, 'left out of the base'],
    ];
    for (const [candidate, how] of places)
      if (hex(candidate) === want)
        return { requirement: 'SOC-CLIENT-SIG-SECRET', problem: `the secret was ${how}` };
  }
  return {
    requirement: 'SOC-CLIENT-SIG',
    problem: `sig (${algorithm}) is not the signature of this request with the secret of its key, and no single documented mistake explains it (a wrong secret?)`,
  };
}

/** Whole seconds since the epoch, in decimal: up to 10 digits (until the year 2286); 13 digits are milliseconds. */
const UNIX_SECONDS = /^[0-9]{1,10}$/;

/** What is wrong with the form of time, if anything (never its judgement of the clock: staleness is open). */
export function timeProblem(time: string): ClientViolation | undefined {
  if (UNIX_SECONDS.test(time)) return undefined;
  const why = /^[0-9]{13}$/.test(time)
    ? 'milliseconds, not seconds'
    : /^[0-9]+\.[0-9]+$/.test(time)
      ? 'a fraction of seconds'
      : /^[0-9]+$/.test(time)
        ? 'more digits than seconds since the epoch have'
        : 'not decimal digits (a date, a sign or another form)';
  return { requirement: 'SOC-CLIENT-TIME', problem: `time ${JSON.stringify(time.slice(0, 40))} is ${why}` };
}

export function judge(request: ClientRequest, sections: readonly Record<string, unknown>[]): ClientJudgement {
  const { params, rawCommas } = queryParams(request.url);
  const get = (n: string) => params.find(([k]) => k === n)?.[1];
  const judged: string[] = [];
  const violations: ClientViolation[] = [];
  if ((get('method') ?? '').toLowerCase() === 'sociotoco.sets.setprofiles') {
    judged.push('SOC-CLIENT-REQUIRED');
    const missing = REQUIRED.filter((n) => get(n) === undefined);
    if (missing.length > 0)
      violations.push({
        requirement: 'SOC-CLIENT-REQUIRED',
        problem: `no ${missing.join(', ')} argument in the query string`,
      });
  }
  const time = get('time');
  if (time !== undefined && get('method') !== undefined) {
    judged.push('SOC-CLIENT-TIME');
    const problem = timeProblem(time);
    if (problem) violations.push(problem);
  }
  const key = get('key');
  const sig = get('sig');
  const section = sections.find((s) => s.apiKey === key);
  // A signature is judged only against the secret of a key the mock knows (else the key is the problem).
  if (sig !== undefined && section && typeof section.secret === 'string') {
    judged.push(...CLIENT_REQUIREMENTS.filter((r) => r.id.startsWith('SOC-CLIENT-SIG')).map((r) => r.id));
    const problem = signatureProblem(params, rawCommas, sig, section.secret);
    if (problem) violations.push(problem);
  }
  return { judged, violations };
}

export const CLIENT: ClientRules = { requirements: CLIENT_REQUIREMENTS, judge };
