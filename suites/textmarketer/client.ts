// TextMarketer's request rules, for mock --check-client: what a client's modify and read-back calls
// must look like by the page, judged one request at a time. Pure: a request in, violations out. The
// fields are judged by the suite's own request schema (schemas/textmarketer/modify-request.schema.json)
// and read with the one form parser (src/form.ts), url-encoded or multipart, credentials in the query
// or the body, as the SDKs send them.
import requestSchema from '../../schemas/textmarketer/modify-request.schema.json' with { type: 'json' };
import { mirrorOf } from '../../src/client-check.ts';
import { type FormField, formFields, parseForm } from '../../src/form.ts';
import type {
  ClientJudgement,
  ClientRequest,
  ClientRules,
  ClientViolation,
  Requirement,
} from '../../src/types.ts';
import { compile } from '../../src/validate/json-schema.ts';
import { COMPANY_LINE, CREDENTIAL_RULES, REQUIREMENTS, SOURCE } from './requirements.ts';

const POST_ARGUMENTS = 'The following parameters can be used in a POST request:';
const EMAIL_ARGUMENT =
  'notifcation_email | Optional. Sets the email address to which notifcations and alerts are sent. Must be a valid email address.';

const mirror = (serverId: string, id: string, title: string, note?: string) =>
  mirrorOf(REQUIREMENTS, serverId, { id, title, ...(note ? { note } : {}) });

export const CLIENT_REQUIREMENTS: Requirement[] = [
  mirror(
    'TMR-AUTH-PARAMS',
    'TMR-CLIENT-AUTH',
    'every call carries the API credentials: username and password parameters, or HTTP Basic',
  ),
  {
    id: 'TMR-CLIENT-FIELD-NAMES',
    title: 'the modify call sends only the POST arguments the page lists (notifcation_* or notification_*)',
    level: 'MUST',
    basis: 'documented',
    source: SOURCE,
    quote: `${POST_ARGUMENTS}\n${EMAIL_ARGUMENT}`,
    statement: POST_ARGUMENTS,
    note: 'Both spellings of the notification fields pass (reading TMR-C1); any other name is not an argument: the API ignores it and the change the client meant is lost. apiClient, which both SDKs send, is allowed.',
  },
  {
    id: 'TMR-CLIENT-FORM-CHARSET',
    title:
      "the modify form is UTF-8 or ISO-8859-1 (the page's two readings, TMR-O5), and its bytes are in the charset it declares",
    level: 'MUST',
    basis: 'inferred',
    source: SOURCE,
    quote: COMPANY_LINE,
    note: "The page leaves the form's charset open (reading TMR-O5): UTF-8, unlabelled or labelled, or ISO-8859-1, labelled charset=ISO-8859-1. A form labelled with another charset, or whose bytes are not in the charset it declares (not UTF-8; 0x80-0x9F, no characters of ISO-8859-1, as windows-1252 or UTF-8 text mislabelled), is read as other characters than the client meant: a company name with no special restrictions is stored changed. MUST: the charset label is the HTTP mechanism a server decodes a form by.",
  },
  mirror('TMR-COMPANY-LENGTH', 'TMR-CLIENT-COMPANY-LENGTH', 'company_name: 3 to 40 characters inclusive'),
  mirror('TMR-EMAIL-INVALID', 'TMR-CLIENT-EMAIL', 'the notification email is a valid email address'),
  mirror('TMR-MOBILE-INVALID', 'TMR-CLIENT-MOBILE', 'the notification mobile is a valid UK mobile number'),
  ...CREDENTIAL_RULES.flatMap((c) => [
    mirror(c.lengthId, c.lengthId.replace('TMR-', 'TMR-CLIENT-'), `${c.field}: 5 to 20 characters inclusive`),
    mirror(
      c.patternId,
      c.patternId.replace('TMR-', 'TMR-CLIENT-'),
      `${c.field}: only ASCII letters, digits, '-' and '_'`,
    ),
  ]),
];

const validFields = compile(requestSchema);
/** Sent by both SDKs on every call (TMR-SDK-APICLIENT): never a violation. */
const SDK_FIELDS = new Set(['apiClient']);

function fieldViolation(field: string, value: string, keyword: string): ClientViolation {
  const cred = CREDENTIAL_RULES.find((c) => c.field === field);
  if (cred) {
    const n = [...value].length;
    return n < 5 || n > 20
      ? {
          requirement: cred.lengthId.replace('TMR-', 'TMR-CLIENT-'),
          problem: `${field} has ${n} characters (5 to 20)`,
        }
      : {
          requirement: cred.patternId.replace('TMR-', 'TMR-CLIENT-'),
          problem: `${field} holds a character other than A-Z, a-z, 0-9, '-' and '_'`,
        };
  }
  if (field === 'company_name')
    return {
      requirement: 'TMR-CLIENT-COMPANY-LENGTH',
      problem: `company_name has ${[...value].length} characters (3 to 40)`,
    };
  if (field.endsWith('_email'))
    return { requirement: 'TMR-CLIENT-EMAIL', problem: `${field} is not a valid email address` };
  if (field.endsWith('_mobile'))
    return {
      requirement: 'TMR-CLIENT-MOBILE',
      problem: `${field} is not a valid UK mobile number (447…, 07…, +447…)`,
    };
  return { requirement: 'TMR-CLIENT-AUTH', problem: `${field} is empty (${keyword})` };
}

/** The page's POST arguments a form breaks: unknown names, and values out of their rules. */
export function fieldProblems(form: Record<string, string>): ClientViolation[] {
  const fields = Object.fromEntries(Object.entries(form).filter(([k]) => !SDK_FIELDS.has(k)));
  if (validFields(fields)) return [];
  const out: ClientViolation[] = [];
  for (const e of validFields.errors ?? []) {
    if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const hint = /^not\w*_(email|mobile)$/i.test(name)
        ? ` (spelled neither notifcation_${name.split('_').pop()} nor notification_${name.split('_').pop()})`
        : '';
      out.push({
        requirement: 'TMR-CLIENT-FIELD-NAMES',
        problem: `${name} is not a POST argument of the page${hint}`,
      });
      continue;
    }
    const field = e.instancePath.replace(/^\//, '');
    if (out.some((v) => v.problem.startsWith(`${field} `))) continue;
    out.push(fieldViolation(field, fields[field] ?? '', e.keyword));
  }
  return out;
}

/** Credentials as the page allows them: username and password parameters (query or body), or HTTP Basic. */
export function authProblem(
  request: ClientRequest,
  params: Record<string, string>,
): ClientViolation | undefined {
  if (/^Basic\s+\S+/i.test(request.headers.authorization ?? '')) return undefined;
  const missing = ['username', 'password'].filter((k) => !params[k]);
  if (missing.length === 0) return undefined;
  return {
    requirement: 'TMR-CLIENT-AUTH',
    problem: `no HTTP Basic Authorization and no ${missing.join(' or ')} parameter (query or body)`,
  };
}

/** The charsets a modify form may be in (reading TMR-O5), as labelled: UTF-8 (also unlabelled) and ISO-8859-1. */
const UTF8_LABELS = new Set(['utf-8', 'utf8']);
const LATIN1_LABELS = new Set(['iso-8859-1', 'latin1']);

/** A form's charset mistakes, as one violation: a label of neither reading, or a value whose bytes its label does not hold (never the value itself). */
export function charsetProblems(fields: readonly FormField[]): ClientViolation[] {
  const out: string[] = [];
  for (const f of fields) {
    const label = f.charset;
    let problem: string | undefined;
    if (label !== undefined && !UTF8_LABELS.has(label) && !LATIN1_LABELS.has(label))
      problem = `${f.name} is labelled charset=${label.slice(0, 40)}: the page's forms are UTF-8 or ISO-8859-1`;
    else if (label !== undefined && LATIN1_LABELS.has(label)) {
      if (f.bytes.some((b) => b >= 0x80 && b <= 0x9f))
        problem = `${f.name} holds bytes 0x80-0x9F, no characters of the ISO-8859-1 it declares (windows-1252 or UTF-8 text?)`;
    } else if (!isUtf8(f.bytes))
      problem = `${f.name} is not UTF-8${label ? '' : ' (no charset declared)'}: label a Latin-1 form charset=ISO-8859-1`;
    if (problem) out.push(problem);
  }
  return out.length > 0 ? [{ requirement: 'TMR-CLIENT-FORM-CHARSET', problem: out.join('; ') }] : [];
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function judge(request: ClientRequest): ClientJudgement {
  const [path = '', query = ''] = request.url.split('?');
  if (!/\/account\/[^/]+$/.test(path)) return { judged: [], violations: [] };
  const contentType = request.headers['content-type'] ?? '';
  const sent = request.method === 'POST' ? formFields(request.body, contentType) : [];
  const form = request.method === 'POST' ? parseForm(request.body, contentType) : {};
  const params = { ...parseForm(query), ...form };
  const auth = authProblem(request, params);
  if (request.method !== 'POST') return { judged: ['TMR-CLIENT-AUTH'], violations: auth ? [auth] : [] };
  const { username: _u, password: _p, ...fields } = form;
  return {
    judged: CLIENT_REQUIREMENTS.map((r) => r.id),
    violations: [...(auth ? [auth] : []), ...charsetProblems(sent), ...fieldProblems(fields)],
  };
}

export const CLIENT: ClientRules = { requirements: CLIENT_REQUIREMENTS, judge };
