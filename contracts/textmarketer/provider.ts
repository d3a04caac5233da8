// How the TextMarketer contract is verified against a target as it is, from its target config alone
// (the verifier's state handlers and request filter; see ContractProvider in src/types.ts).
//
// States: every account the contract names is a fixture of the config (accountId with the configured
// credentials, foreignAccountId, takenUsername, unknownAccountId), so no state needs a request to
// set it up; the two whose fixture may be missing say so. The only interaction that changes the
// account (the valid change) expects what it sends, never what was there, so no state resets it.
// Filter: the contract sends what the official SDKs send (POST /account/{id}, credentials as
// username/password fields, notifcation_*, UTF-8); the readings that shape a request move it to what
// this target takes, with the suite's own request builders (suites/textmarketer/requests.ts).
// Preserve: the account is read first and what the contract changed on it is put back at the end.
import { listReading } from '../../src/check.ts';
import { relabelLegacy } from '../../src/pact/adapt.ts';
import type { ContractProvider, ContractRequest, ContractState, ProviderContext } from '../../src/types.ts';
import { type Readings, type TextMarketerConfig, withDefaults } from '../../suites/textmarketer/config.ts';
import {
  accountPathOf,
  authParts,
  encodeForm,
  formContentType,
  notificationFields,
  restorer,
  type SavedAccounts,
} from '../../suites/textmarketer/requests.ts';

const MAY_MODIFY = 'an account the API credentials may modify';
const NAME_TAKEN =
  'an account the API credentials may modify, and a web UI username already used by another account';
const NO_SUCH_ACCOUNT = 'an account ID that does not exist';
const FOREIGN_ACCOUNT = 'an existing account the API credentials may not access';

/** The contract's only call, as the consumer sends it: POST /account/{account_id}. */
const CONTRACT_CALL = /^\/account\/([^/?]+)(\?.*)?$/;

const configOf = (section: Record<string, unknown>) => withDefaults(section as unknown as TextMarketerConfig);

const needs = (key: string, what: string) => (section: Record<string, unknown>) =>
  section[key] === undefined ? { reason: `the config names no ${what}`, needs: key } : undefined;

/**
 * The contract's request as this target takes it, by the readings that shape a request. With the
 * default readings it is the contract's request, untouched. `pinnedParams`: the interaction is about
 * the username/password fields themselves (TMR-AUTH-PARAMS), so readings.auth does not move them.
 */
function adaptRequest(
  request: ContractRequest,
  readings: Pick<Readings, 'accountPath' | 'auth' | 'requestCharset' | 'requestFieldSpelling'>,
  pinnedParams: boolean,
): ContractRequest {
  const call = CONTRACT_CALL.exec(request.path);
  if (!call?.[1]) return request;
  // TMR-O1: the page leaves the URL open ("the account ID specified").
  const path = `/${accountPathOf(readings.accountPath, decodeURIComponent(call[1]))}${call[2] ?? ''}`;
  const basic = readings.auth === 'basic' && !pinnedParams;
  const reshape =
    readings.requestFieldSpelling !== 'notifcation' || readings.requestCharset !== 'utf-8' || basic;
  if (!reshape) return path === request.path ? request : { ...request, path };

  const form = Object.fromEntries(new URLSearchParams(request.body?.toString('utf8') ?? ''));
  const { username, password, ...fields } = form;
  // TMR-C1: the parameter table spells notifcation_*, the response notification_*.
  const spelled = notificationFields(readings.requestFieldSpelling);
  for (const [name, to] of [
    ['notifcation_email', spelled.email],
    ['notifcation_mobile', spelled.mobile],
  ] as const) {
    const value = fields[name];
    if (value === undefined || name === to) continue;
    delete fields[name];
    fields[to] = value;
  }
  // TMR-O4: "Not required if you use HTTP Basic Authentication instead." The credentials the
  // interaction carries (the configured ones, or the wrong ones of TMR-AUTH-REQUIRED) move as they are.
  const creds = username === undefined ? undefined : { username, password: password ?? '' };
  const moved = creds && authParts({ ...creds, via: basic ? 'basic' : 'params' }, creds);
  const headers = {
    ...request.headers,
    'content-type': formContentType(readings.requestCharset),
    ...moved?.headers,
  };
  // TMR-O5: the charset of the form's values.
  const body = Buffer.from(encodeForm({ ...fields, ...moved?.fields }, readings.requestCharset), 'latin1');
  return { ...request, path, headers, body };
}

/** The interaction pins the credentials in the form (a state param of the pact: `auth: 'params'`). */
const pinsParams = (states: readonly ContractState[]) => states.some((s) => s.params.auth === 'params');

/**
 * Reads accountId first (the suite's read-back) and answers how to put back what the contract
 * changed on it: the fields the suite puts back, and the web UI username (a target that wrongly
 * accepts the username interactions' values changes it), each only if it reads back changed.
 */
async function preserve(ctx: ProviderContext): Promise<() => Promise<string[]>> {
  // The vendor's restorer (suites/textmarketer/requests.ts), as the suite and the journal use it.
  const rctx = { http: ctx.http, section: ctx.section, baseUrl: ctx.baseUrl, when: 'the contract' };
  const saved = await restorer.read(rctx);
  // The account's passwords (the web UI one; the API one when accountId is not the login account)
  // are credentials: masked in every exchange recorded from now on, as the suite masks them.
  const { account, sub } = saved as unknown as SavedAccounts;
  for (const a of [account, sub])
    for (const k of ['password', 'api_password'] as const) if (a?.[k]) ctx.secret?.(a[k]);
  return () => restorer.putBack(rctx, saved);
}

export const provider: ContractProvider = {
  // XML labelled with a legacy type the user accepts (readings.legacyMediaTypes) is judged as XML.
  relabel: (contentType, section) =>
    relabelLegacy(
      contentType,
      listReading(withDefaults(section as unknown as TextMarketerConfig).readings.legacyMediaTypes),
      'text/xml',
    ),
  states: {
    [MAY_MODIFY]: {},
    [NAME_TAKEN]: {
      unavailable: needs('takenUsername', 'web UI username used by another account'),
    },
    [NO_SUCH_ACCOUNT]: {
      // Optional in the config: the suite's made-up default when unset.
      setup: async (ctx) => ({ unknownAccountId: configOf(ctx.section).unknownAccountId }),
    },
    [FOREIGN_ACCOUNT]: {
      unavailable: needs('foreignAccountId', 'account the credentials may not access'),
    },
  },
  filter: (request, { section, states }) =>
    adaptRequest(request, configOf(section).readings, pinsParams(states)),
  preserve,
};
