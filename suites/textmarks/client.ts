// TextMarks' request rules, for mock --check-client: set_integration_config and integration_config
// carry the page's REQ arguments (auth_user, auth_pass, tm), by POST or GET, judged by the suite's own
// request schemas (suites/textmarks/schemas.ts). Pure: a request in, violations out.
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
import { REQUIREMENTS, SOURCE } from './requirements.ts';
import { SCHEMAS } from './schemas.ts';

/** Each REQ argument and the client requirement that it be sent. */
const REQUIRED = [
  ['auth_user', 'TXM-AUTH-USER-REQUIRED', 'TXM-CLIENT-AUTH-USER'],
  ['auth_pass', 'TXM-AUTH-PASS-REQUIRED', 'TXM-CLIENT-AUTH-PASS'],
  ['tm', 'TXM-TM-REQUIRED', 'TXM-CLIENT-TM'],
] as const;

const CALLBACK_ROW = 'OPT group_callback_url URL (or NONE) URL to notify on group join/leave events';
const JSONP = "JSON-P callback: (as 'jsonp' param, optional) (blank for none)";

export const CLIENT_REQUIREMENTS: Requirement[] = [
  ...REQUIRED.map(([arg, server, id]) =>
    mirrorOf(REQUIREMENTS, server, { id, title: `every call carries ${arg} (REQ), with a value` }),
  ),
  {
    id: 'TXM-CLIENT-CALLBACK-URL',
    title: 'group_callback_url, when sent, is an http(s) URL or NONE',
    level: 'MUST',
    basis: 'documented',
    source: SOURCE,
    quote: `${CALLBACK_ROW}\nSpecify "NONE" to clear existing setting.\nA common format for this URL is:\nhttp://yoursite.com/yourscript.php?user=\\p&action=\\a`,
    statement: CALLBACK_ROW,
    note: 'The argument\'s type is "URL (or NONE)": anything else (empty, a bare host, "none") is neither; the template codes (\\p, \\a, …) are part of a URL. The rule is the suite\'s request schema (schemas/textmarks/set-integration-config-request.schema.json).',
  },
  {
    id: 'TXM-CLIENT-JSONP',
    title: 'jsonp, when not blank, names a JavaScript function: an identifier, or identifiers joined by dots',
    level: 'SHOULD',
    basis: 'inferred',
    source: SOURCE,
    quote: JSONP,
    note: "Inferred: the page calls the value a JSON-P callback, which the answer calls as a script; anything but an identifier (or a dotted path of them) makes the script invalid, and a careful API refuses or sanitises it (TXM-JSONP-SAFE-CALLBACK). SHOULD: the page names no rule for the value. The rule is the jsonp pattern of the suite's request schema.",
  },
];

const SCHEMA_OF = {
  set_integration_config: compile(SCHEMAS.setRequest),
  integration_config: compile(SCHEMAS.integrationConfigRequest),
} as const;

/** The request schema's own rules for the two optional values (one place: the schema). */
const callbackRule = compile(SCHEMAS.setRequest.properties.group_callback_url);
const jsonpRule = compile(SCHEMAS.setRequest.properties.jsonp);
export const validCallbackUrl = (v: string): boolean => callbackRule(v) === true;
export const validJsonp = (v: string): boolean => jsonpRule(v) === true;

export function judge(request: ClientRequest): ClientJudgement {
  const [path = '', query = ''] = request.url.split('?');
  const method = /\/TextMarkManager\/(set_integration_config|integration_config)\/?$/.exec(path)?.[1] as
    | keyof typeof SCHEMA_OF
    | undefined;
  if (!method) return { judged: [], violations: [] };
  const args = {
    ...parseForm(query),
    ...(request.method === 'POST' ? parseForm(request.body, request.headers['content-type'] ?? '') : {}),
  };
  const valid = SCHEMA_OF[method];
  valid(args);
  // A REQ argument is missing when the schema says so: left out (required) or sent empty (minLength).
  const missing = new Set(
    (valid.errors ?? []).flatMap((e) =>
      e.keyword === 'required'
        ? [(e.params as { missingProperty: string }).missingProperty]
        : e.keyword === 'minLength'
          ? [e.instancePath.slice(1)]
          : [],
    ),
  );
  const violations: ClientViolation[] = REQUIRED.filter(([arg]) => missing.has(arg)).map(([arg, , id]) => ({
    requirement: id,
    problem: `${method}() without ${arg}${args[arg] === '' ? ' (sent empty)' : ''}`,
  }));
  const judged: string[] = [...REQUIRED.map(([, , id]) => id), 'TXM-CLIENT-JSONP'];
  if (method === 'set_integration_config') {
    judged.push('TXM-CLIENT-CALLBACK-URL');
    const url = args.group_callback_url;
    if (url !== undefined && !validCallbackUrl(url))
      violations.push({
        requirement: 'TXM-CLIENT-CALLBACK-URL',
        problem: `group_callback_url ${JSON.stringify(url.slice(0, 80))} is neither an http(s) URL nor NONE`,
      });
  }
  const jsonp = args.jsonp;
  if (jsonp !== undefined && !validJsonp(jsonp))
    violations.push({
      requirement: 'TXM-CLIENT-JSONP',
      problem: `jsonp ${JSON.stringify(jsonp.slice(0, 80))} is no JavaScript identifier (nor identifiers joined by dots)`,
    });
  return { judged: CLIENT_REQUIREMENTS.map((r) => r.id).filter((id) => judged.includes(id)), violations };
}

export const CLIENT: ClientRules = { requirements: CLIENT_REQUIREMENTS, judge };
