// TextMarks' request rules, for mock --check-client: set_integration_config and integration_config
// carry the page's REQ arguments (auth_user, auth_pass, tm), by POST or GET, judged by the suite's own
// request schemas (suites/textmarks/schemas.ts). Pure: a request in, violations out.
import { mirrorOf } from '../../src/client-check.ts';
import { parseForm } from '../../src/form.ts';
import type { ClientJudgement, ClientRequest, ClientRules, Requirement } from '../../src/types.ts';
import { compile } from '../../src/validate/json-schema.ts';
import { REQUIREMENTS } from './requirements.ts';
import { SCHEMAS } from './schemas.ts';

/** Each REQ argument and the client requirement that it be sent. */
const REQUIRED = [
  ['auth_user', 'TXM-AUTH-USER-REQUIRED', 'TXM-CLIENT-AUTH-USER'],
  ['auth_pass', 'TXM-AUTH-PASS-REQUIRED', 'TXM-CLIENT-AUTH-PASS'],
  ['tm', 'TXM-TM-REQUIRED', 'TXM-CLIENT-TM'],
] as const;

export const CLIENT_REQUIREMENTS: Requirement[] = REQUIRED.map(([arg, server, id]) =>
  mirrorOf(REQUIREMENTS, server, { id, title: `every call carries ${arg} (REQ), with a value` }),
);

const SCHEMA_OF = {
  set_integration_config: compile(SCHEMAS.setRequest),
  integration_config: compile(SCHEMAS.integrationConfigRequest),
} as const;

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
  return {
    judged: CLIENT_REQUIREMENTS.map((r) => r.id),
    violations: REQUIRED.filter(([arg]) => missing.has(arg)).map(([arg, , id]) => ({
      requirement: id,
      problem: `${method}() without ${arg}${args[arg] === '' ? ' (sent empty)' : ''}`,
    })),
  };
}

export const CLIENT: ClientRules = { requirements: CLIENT_REQUIREMENTS, judge };
