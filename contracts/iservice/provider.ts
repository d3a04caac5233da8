// How the iService contract is verified against a target as it is, from its target config alone (the
// verifier's state handlers and request filter; see ContractProvider in src/types.ts).
//
// - States: a "... is logged in" state logs in through the API's own login, as the state names, with
//   the config's agent or customer (the suite's login, suites/iservice/api.ts), and gives the
//   session's Cookie header value to the pact's `${agentSessionCookie}` / `${customerSessionCookie}`.
//   A session is per login, so it is fresh for every state. The contacts and the property the forms
//   name are the config's fixtures (`${customerContactID}`, `${multiValueProperty.propertyID}`, ...):
//   a state whose fixture the config lacks is not applicable, with the key that would make it so.
// - Not applicable: the customer's refusal on another contact, under a reading ISV-O4 that admits a
//   refusal without an errors body (see notApplicable below).
// - Filter: the one reading that changes the request is ISV-C1 (readings.detailsShape): the pact sends
//   `details` as the page's example does, an object; a target read as the table's `details[]` gets
//   it as an array of one. The session needs no filter: the pact's expressions carry it.
// - Preserve: the saves empty the multi-value property and the membership of the customer's contact
//   and the other contact. Both are read first and put back with the suite's own restore.
import { listReading } from '../../src/check.ts';
import { relabelLegacy } from '../../src/pact/adapt.ts';
import type {
  ContractProvider,
  ContractRequest,
  ContractState,
  ProviderContext,
  ProviderStateDriver,
} from '../../src/types.ts';
import { cookiePairs, openSession, type Role, restorer } from '../../suites/iservice/api.ts';
import { type IServiceConfig, type ResolvedConfig, withDefaults } from '../../suites/iservice/config.ts';

/** The provider states the contract names (contracts/iservice/iservice.pact.test.ts). */
export const STATES = {
  logins: 'the agent and the customer have web logins',
  agentOther: 'the agent is logged in, and the other contact exists',
  agentCustomer: "the agent is logged in, and the customer's contact exists",
  agentUnknown: 'the agent is logged in, and no contact has the unknown contact ID',
  customerOwn: "the customer is logged in, and the customer's own contact exists",
  customerOther: "the customer is logged in, and the other contact is not the customer's",
} as const;

type Section = Record<string, unknown>;
type Unavailable = { reason: string; needs?: string };

const config = (section: Section): ResolvedConfig => withDefaults(section as unknown as IServiceConfig);

/** The value at a dotted path of the section (undefined when any step is missing). */
function at(section: Section, path: string): unknown {
  let cur: unknown = section;
  for (const part of path.split('.'))
    cur = cur && typeof cur === 'object' ? (cur as Section)[part] : undefined;
  return cur;
}

/** What each fixture path is for, in the reason a state cannot be set up without it. */
const FIXTURES: Record<string, string> = {
  'agent.emailAddress': "the agent's web login",
  'agent.password': "the agent's web login",
  'customer.emailAddress': "the customer's web login",
  'customer.password': "the customer's web login",
  customerContactID: "the customer's own contact",
  otherContactID: "a contact that is not the customer's",
  'multiValueProperty.propertyID': 'the property every contact-details form of the contract names',
  'multiValueProperty.propertyName': 'the property every contact-details form of the contract names',
};

/** The first fixture the section lacks, as a reason with the key that would supply it. */
function lacking(section: Section, paths: readonly string[]): Unavailable | undefined {
  const path = paths.find((p) => at(section, p) === undefined || at(section, p) === null);
  return path
    ? { reason: `the config names no ${path} (${FIXTURES[path] ?? path})`, needs: path }
    : undefined;
}

const LOGIN = (role: Role) => [`${role}.emailAddress`, `${role}.password`];
/** The contact-details form every setdetails interaction sends names the multi-value property. */
const FORM = ['multiValueProperty.propertyID', 'multiValueProperty.propertyName'];

/** A fresh login as the role; its cookie values are credentials, masked in the report as the suite masks them. */
async function session(ctx: ProviderContext, role: Role, cfg: ResolvedConfig): Promise<string> {
  const cookie = await openSession(ctx.http, ctx.baseUrl, role, cfg[role]);
  for (const [, value] of cookiePairs(cookie)) ctx.secret?.(value);
  return cookie;
}

/**
 * A "<role> is logged in, and ..." state: a fresh login as the role; `fixtures` are the contacts the
 * state is about, `also` any further reason it cannot hold.
 */
function loggedIn(
  role: Role,
  fixtures: readonly string[],
  also?: (section: Section) => Unavailable | undefined,
  values?: (cfg: ResolvedConfig) => Record<string, unknown>,
): ProviderStateDriver {
  return {
    unavailable: (section) => lacking(section, [...LOGIN(role), ...fixtures, ...FORM]) ?? also?.(section),
    setup: async (ctx) => {
      const cfg = config(ctx.section);
      const cookie = await session(ctx, role, cfg);
      return { [`${role}SessionCookie`]: cookie, ...values?.(cfg) };
    },
  };
}

/**
 * The interaction of a customer's update of another contact pins a non-empty errors body ("errors:
 * Returns the error message if an error is encountered"). Reading ISV-O4 (foreignRefusal), set to
 * anything but `errors`, is the user's word that their target may refuse it otherwise (a bare
 * 401/403, any non-success): a pact response cannot say "this or that", so the interaction is then
 * not this target's promise, and the suite's ISV-ACCESS-CUSTOMER-OTHER judges the refusal under the
 * reading. Only under readings.foreignRefusal = errors is the interaction replayed: the default
 * (any-non-success) admits a bare refusal, and the contract must not be stricter than the suite.
 */
export function notApplicable(
  interaction: { description: string; requirements: readonly string[] },
  section: Section,
): Unavailable | undefined {
  if (!interaction.requirements.includes('ISV-ACCESS-CUSTOMER-OTHER')) return undefined;
  const chosen = at(section, 'readings.foreignRefusal') ?? 'any-non-success';
  if (chosen === 'errors') return undefined;
  return {
    reason: `this interaction expects an errors body when a customer updates another contact, which the page leaves open (readings.foreignRefusal = ${String(chosen)}${at(section, 'readings.foreignRefusal') === undefined ? ', the default' : ''}); the suite's ISV-ACCESS-CUSTOMER-OTHER judges the refusal under that reading`,
    needs: 'readings.foreignRefusal',
  };
}

/** The "other" contact must not be the customer's, or the refusal the state promises cannot happen. */
function otherIsTheCustomers(section: Section): Unavailable | undefined {
  if (at(section, 'otherContactID') !== at(section, 'customerContactID')) return undefined;
  return {
    reason:
      "the config names the same contact as customerContactID and otherContactID, so the other contact is the customer's",
    needs: 'otherContactID',
  };
}

const STATE_DRIVERS: Record<string, ProviderStateDriver> = {
  // The logins are the config's: nothing to set up, the form's expressions take them from the fixtures.
  [STATES.logins]: { unavailable: (section) => lacking(section, [...LOGIN('agent'), ...LOGIN('customer')]) },
  [STATES.agentOther]: loggedIn('agent', ['otherContactID']),
  [STATES.agentCustomer]: loggedIn('agent', ['customerContactID']),
  // unknownContactID is optional: the suite's default (2147480000, the schema's "Default") when unset.
  [STATES.agentUnknown]: loggedIn('agent', [], undefined, (cfg) => ({
    unknownContactID: cfg.unknownContactID,
  })),
  [STATES.customerOwn]: loggedIn('customer', ['customerContactID']),
  [STATES.customerOther]: loggedIn('customer', ['customerContactID', 'otherContactID'], otherIsTheCustomers),
};

/** A setdetails call (the contract's only JSON requests): `path` is relative to the base URL. */
function isSetdetails(request: ContractRequest): boolean {
  const url = new URL(request.path, 'http://target.invalid');
  return url.pathname.endsWith('/webapp-api-custinfo') && url.searchParams.get('api') === 'setdetails';
}

/** Only a session state's requests carry a contact-details form. */
const hasSession = (states: readonly ContractState[]) => states.some((s) => / is logged in, /.test(s.name));

/**
 * `details` in the form reading ISV-C1 names: the example's object as the pact has it, or the table's
 * `details[]` as an array of one. Anything that is not a JSON form with a details object is left alone.
 */
export function filter(
  request: ContractRequest,
  ctx: { section: Section; states: readonly ContractState[]; values: Record<string, unknown> },
): ContractRequest {
  if (config(ctx.section).readings.detailsShape !== 'array') return request;
  if (!hasSession(ctx.states) || !isSetdetails(request) || !request.body) return request;
  let form: unknown;
  try {
    form = JSON.parse(request.body.toString('utf8'));
  } catch {
    return request;
  }
  if (!form || typeof form !== 'object' || Array.isArray(form)) return request;
  const details = (form as Section).details;
  if (!details || typeof details !== 'object' || Array.isArray(details)) return request;
  return { ...request, body: Buffer.from(JSON.stringify({ ...(form as Section), details: [details] })) };
}

/**
 * Reads the two contacts the saves change (a contact that cannot be read throws: the contract is then
 * not verified) and answers how to put them back: the vendor's restorer (suites/iservice/api.ts),
 * as the suite and the restore journal use it, on a fresh agent session.
 */
export async function preserve(ctx: ProviderContext): Promise<() => Promise<string[]>> {
  const rctx = { http: ctx.http, section: ctx.section, baseUrl: ctx.baseUrl, when: 'the contract' };
  const saved = await restorer.read(rctx);
  return () => restorer.putBack(rctx, saved);
}

export const provider: ContractProvider = {
  states: STATE_DRIVERS,
  notApplicable,
  filter,
  preserve,
  // JSON labelled with a legacy type the user accepts (readings.legacyMediaTypes) is judged as JSON.
  relabel: (contentType, section) =>
    relabelLegacy(
      contentType,
      listReading(withDefaults(section as unknown as IServiceConfig).readings.legacyMediaTypes),
      'application/json',
    ),
};
