// iService's request rules, for mock --check-client: a setdetails call is made in a session and
// carries the payload the page's request table describes, judged by the suite's own request schema
// (schemas/iservice/setdetails-request.schema.json). Pure: a request in, violations out.
import requestSchema from '../../schemas/iservice/setdetails-request.schema.json' with { type: 'json' };
import { mirrorOf } from '../../src/client-check.ts';
import type {
  ClientJudgement,
  ClientRequest,
  ClientRules,
  ClientViolation,
  Requirement,
} from '../../src/types.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import { REQUIREMENTS, SOURCE } from './requirements.ts';

const FORM_SENTENCE =
  'The request contains all the values entered into the contact details form. Regardless of the values updated, the form includes all values on the page in the payload including segment membership.';

export const CLIENT_REQUIREMENTS: Requirement[] = [
  mirrorOf(REQUIREMENTS, 'ISV-SESSION-REQUIRED', {
    id: 'ISV-CLIENT-SESSION',
    title: 'setdetails is called in a session (the Cookie the login set)',
  }),
  {
    id: 'ISV-CLIENT-PAYLOAD',
    title:
      "the setdetails payload is JSON of the page's request table: contactID, details, membership, typed as listed",
    level: 'MUST',
    basis: 'documented',
    source: SOURCE,
    quote: `${FORM_SENTENCE}\ncontactID\nNumber\nThis parameter represents an id of Contact.`,
    statement: FORM_SENTENCE,
    note: "Judged by the suite's request schema; both readings of the open points pass (details as an object or a one-item array, ISV-C1; login types in any casing, ISV-C2; properties and logins as objects, ISV-C3).",
  },
];

/** What a setdetails body breaks in the request table (empty when it is a valid payload). */
export function payloadProblems(body: Buffer): string[] {
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return ['the body is not JSON'];
  }
  return schemaErrors(requestSchema, payload);
}

export function judge(request: ClientRequest): ClientJudgement {
  const url = new URL(request.url, 'http://client');
  if (!url.pathname.endsWith('/webapp-api-custinfo') || url.searchParams.get('api') !== 'setdetails')
    return { judged: [], violations: [] };
  const violations: ClientViolation[] = [];
  if (!request.headers.cookie)
    violations.push({
      requirement: 'ISV-CLIENT-SESSION',
      problem: 'no Cookie header: the call carries no session',
    });
  const problems = payloadProblems(request.body);
  if (problems.length > 0)
    violations.push({ requirement: 'ISV-CLIENT-PAYLOAD', problem: problems.slice(0, 5).join('; ') });
  return { judged: CLIENT_REQUIREMENTS.map((r) => r.id), violations };
}

export const CLIENT: ClientRules = { requirements: CLIENT_REQUIREMENTS, judge };
