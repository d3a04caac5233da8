// iService "setdetails" (and the login every call of it needs) as a Pact contract (spec V4): the
// success path and every documented error a single request can show, each interaction with a
// provider state and the requirement IDs it covers.
// Generates contracts/pacts/legacy-api-conformance-iservice.json (npx vitest run --project contracts).
//
// Paths are relative to the tenant's form base (e.g. https://tenant.example/f), like the suite's
// baseUrl. Values the provider owns come from provider-state expressions: the logins, contact IDs and
// the property from the target config's fixture paths (`${agent.emailAddress}`, `${otherContactID}`,
// `${multiValueProperty.propertyID}`, ...), and the session, which is new at every login, from the
// state itself: a "... is logged in" state returns the Cookie header value of a fresh session as
// `${agentSessionCookie}` or `${customerSessionCookie}`: the provider driver (provider.ts) logs in
// through the API with the config's agent or customer and returns it. The pact file holds only
// example cookies, never a session to replay. The saves empty the multi-value property and the
// membership: the driver reads both contacts first and puts them back afterwards.
// Everything else matches by type or pattern, except what the pages fix: blank arrays on success,
// isLoggedIn true.
//
// Kept out (a Pact interaction is one request and its answer, verified without the others):
// - ISV-SESSION-REQUIRED: the page leaves open how a call without a session is refused (reading
//   ISV-O1: non-empty errors with any status, or HTTP 401/403 with any body, either counts). A pact
//   response is one status rule and one body rule, never "this or that", so any interaction would
//   fail a conformant target; and "changes nothing" needs a read-back. The suite checks it.
// - ISV-ACCESS-NO-CHANGE, ISV-ROUNDTRIP-*, ISV-SETLOGINS-FALSE: each is "details reads back what
//   setdetails wrote (or did not)", two requests in sequence on the same data; details' answer is a
//   reading (ISV-O3) of another page. The suite checks them.
// - Readings are fixed at their defaults: details is sent as an object, as the example does (ISV-C1),
//   and no login type is sent (logins: [] with setLogins false), so ISV-C2 does not arise.
import { HTTPResponseStatusClass, MatchersV3 as M, type Rules } from '@pact-foundation/pact';
import { describe, expect, test } from 'vitest';
import { anchored, covers, fixture, formBody, pactFor, settle } from '../pact.ts';
import { IServiceClient, IServiceError, type SetDetailsRequest } from './client.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const pact = pactFor('iservice');

// Provider states (the embedded mock implements each; see PROVIDER_STATES in mocks/iservice).
const LOGINS = 'the agent and the customer have web logins';
const AGENT_OTHER = 'the agent is logged in, and the other contact exists';
const AGENT_CUSTOMER = "the agent is logged in, and the customer's contact exists";
const AGENT_UNKNOWN = 'the agent is logged in, and no contact has the unknown contact ID';
const CUSTOMER_OWN = "the customer is logged in, and the customer's own contact exists";
const CUSTOMER_OTHER = "the customer is logged in, and the other contact is not the customer's";

// Example values (the page's own where it has them); the provider replaces them through the states.
const EX = {
  agent: { emailAddress: 'agent@tenant.example', password: 'agent-password' },
  customer: { emailAddress: 'customer11@1to1service.com', password: 'customer-password' },
  customerContactID: 466,
  otherContactID: 467,
  // The suite's default when the config names none (the verifier sends the example then, too).
  unknownContactID: 2147480000,
  property: { propertyID: '20', propertyName: 'Interests' },
  agentCookie: 'iservice_session=0123456789abcdef0123456789abcdef',
  customerCookie: 'iservice_session=fedcba9876543210fedcba9876543210',
  /** What a login's Set-Cookie gives, as a Cookie header value. */
  loginCookie: 'iservice_session=00112233445566778899aabbccddeeff',
};

type Role = 'agent' | 'customer';
type ContactKey = 'customerContactID' | 'otherContactID' | 'unknownContactID';

const LOGIN_PATH = '/webapp-api-login';
const CUSTINFO_PATH = '/webapp-api-custinfo';

/** The login form of a role: emailAddress and Password, from the config's fixtures. */
function loginForm(role: Role, wrongPassword = false): Record<string, unknown> {
  const password = wrongPassword
    ? // Always wrong, on any target: the real password with a suffix (one try, as the suite does).
      M.fromProviderState(
        `${fixture(`${role}.password`)}-not-the-password`,
        `${EX[role].password}-not-the-password`,
      )
    : M.fromProviderState(fixture(`${role}.password`), EX[role].password);
  return {
    emailAddress: M.fromProviderState(fixture(`${role}.emailAddress`), EX[role].emailAddress),
    Password: password,
  };
}

/** The Cookie header of the session a "... is logged in" state opened. */
const sessionCookie = (role: Role) =>
  M.fromProviderState(fixture(`${role}SessionCookie`), role === 'agent' ? EX.agentCookie : EX.customerCookie);

const contactID = (key: ContactKey) => M.fromProviderState(fixture(key), EX[key]);

/**
 * The contact-details form as the page's table has it. The form sends every value; this one holds the
 * one property the config names by a fixture path (the multi-value property, emptied: it may accept
 * only its own options, and "values": [] is the example's Middle Initial), setLogins false with no
 * logins, and no segments.
 */
function form(id: unknown): Record<string, unknown> {
  return {
    contactID: id,
    details: {
      properties: [
        {
          propertyID: M.fromProviderState(fixture('multiValueProperty.propertyID'), EX.property.propertyID),
          propertyName: M.fromProviderState(
            fixture('multiValueProperty.propertyName'),
            EX.property.propertyName,
          ),
          values: [],
        },
      ],
      setLogins: false,
      logins: [],
    },
    membership: [],
  };
}

/** "responses are JSON" (the API overview): the JSON content type, any parameters. */
const JSON_CONTENT_TYPE = {
  'Content-Type': anchored('application/json(;.*)?', 'application/json; charset=utf-8'),
};

/** A cookie the login sets: name=value first, any attributes after it. */
const SET_COOKIE = anchored('[^=;\\s]+=[^;\\s]+(;.*)?', `${EX.loginCookie}; Path=/f; HttpOnly`);

/** A success is a 2xx answer (the suite's reading of "accepted"); no page names the status. */
const SUCCESS = M.matchStatus(200, HTTPResponseStatusClass.Success);

/**
 * A refusal's status is documented nowhere ("HTTP status codes on error ... are not documented"):
 * the contract takes any status (a type rule on the status), and promises the errors body.
 */
function anyStatus<B extends { matchingRules(rules: Rules): unknown }>(res: B): B {
  res.matchingRules({ status: { path: '$', rules: [M.like(200)] } });
  return res;
}

/** A message: a string with at least one non-blank character. */
const message = (example: string) => anchored('[\\s\\S]*\\S[\\s\\S]*', example);

/** The documented success answer: both arrays blank. */
const SUCCESS_BODY = { errors: [], errorDetails: [] };

/** The documented error answer: errors a non-empty array of messages, errorDetails an array of strings. */
const errorBody = (error: string, detail: string) => ({
  errors: M.atLeastOneLike(message(error), 1),
  errorDetails: M.atLeastLike(M.string(detail), 0, 1),
});

async function refused(promise: Promise<unknown>): Promise<IServiceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IServiceError);
  return err as IServiceError;
}

describe('iService: log in, then save contact details (consumer contract)', () => {
  for (const role of ['agent', 'customer'] as const) {
    const description = covers(
      ['ISV-LOGIN-OK'],
      `the ${role} logs in with the emailAddress and Password form fields: a JSON answer with a blank errors array, and a session cookie`,
    );
    test(description, async () => {
      await pact
        .addInteraction()
        .given(LOGINS)
        .uponReceiving(description)
        .withRequest('POST', LOGIN_PATH, (req) => {
          req.query({ api: 'login' });
          formBody(req, loginForm(role));
        })
        .willRespondWith(SUCCESS, (res) =>
          res.headers({ ...JSON_CONTENT_TYPE, 'Set-Cookie': SET_COOKIE }).jsonBody({ errors: [] }),
        )
        .executeTest(async (mock) => {
          const client = new IServiceClient(mock.url);
          const got = await client.login(EX[role].emailAddress, EX[role].password);
          expect(got.cookie).toBe(EX.loginCookie);
          expect(client.cookie).toBe(EX.loginCookie);
          await settle();
        });
    });
  }

  const loggedIn = covers(['ISV-LOGIN-ISLOGGEDIN'], 'a successful login answers loggedIn.isLoggedIn true');
  test(loggedIn, async () => {
    await pact
      .addInteraction()
      .given(LOGINS)
      .uponReceiving(loggedIn)
      .withRequest('POST', LOGIN_PATH, (req) => {
        req.query({ api: 'login' });
        formBody(req, loginForm('agent'));
      })
      .willRespondWith(SUCCESS, (res) =>
        res.headers(JSON_CONTENT_TYPE).jsonBody({ loggedIn: { isLoggedIn: true } }),
      )
      .executeTest(async (mock) => {
        const got = await new IServiceClient(mock.url).login(EX.agent.emailAddress, EX.agent.password);
        expect(got.isLoggedIn).toBe(true);
        await settle();
      });
  });

  const loginFails = covers(
    ['ISV-LOGIN-FAIL'],
    'a login with a wrong password answers a non-blank errors[0] (any HTTP status)',
  );
  test(loginFails, async () => {
    await pact
      .addInteraction()
      .given(LOGINS)
      .uponReceiving(loginFails)
      .withRequest('POST', LOGIN_PATH, (req) => {
        req.query({ api: 'login' });
        formBody(req, loginForm('agent', true));
      })
      .willRespondWith(200, (res) =>
        anyStatus(res)
          .headers(JSON_CONTENT_TYPE)
          .jsonBody({ errors: M.atLeastOneLike(message('Invalid email address or password.'), 1) }),
      )
      .executeTest(async (mock) => {
        const err = await refused(
          new IServiceClient(mock.url).login(EX.agent.emailAddress, `${EX.agent.password}-not-the-password`),
        );
        expect(err.errors[0]).toMatch(/\S/);
        await settle();
      });
  });

  const accepted: [string[], string, Role, string, ContactKey][] = [
    [
      ['ISV-SUCCESS-SHAPE'],
      "the agent saves another contact's details with the session cookie",
      'agent',
      AGENT_OTHER,
      'otherContactID',
    ],
    [
      ['ISV-ACCESS-AGENT-ANY', 'ISV-SUCCESS-SHAPE'],
      "the agent saves the details of the customer's contact (an agent may update any contact)",
      'agent',
      AGENT_CUSTOMER,
      'customerContactID',
    ],
    [
      ['ISV-ACCESS-CUSTOMER-OWN', 'ISV-SUCCESS-SHAPE'],
      'the customer saves the details of their own contact',
      'customer',
      CUSTOMER_OWN,
      'customerContactID',
    ],
  ];

  for (const [ids, title, role, state, key] of accepted) {
    const description = covers(ids, `${title}: {"errors": [], "errorDetails": []}`);
    test(description, async () => {
      const payload = form(contactID(key));
      await pact
        .addInteraction()
        .given(state)
        .uponReceiving(description)
        .withRequest('POST', CUSTINFO_PATH, (req) =>
          req
            .query({ api: 'setdetails' })
            .headers({ Cookie: sessionCookie(role) })
            .jsonBody(payload),
        )
        .willRespondWith(SUCCESS, (res) => res.headers(JSON_CONTENT_TYPE).jsonBody(SUCCESS_BODY))
        .executeTest(async (mock) => {
          const client = new IServiceClient(mock.url, role === 'agent' ? EX.agentCookie : EX.customerCookie);
          await expect(
            client.setDetails(M.reify(payload) as unknown as SetDetailsRequest),
          ).resolves.toBeUndefined();
          await settle();
        });
    });
  }

  const refusals: [string[], string, Role, string, Record<string, unknown>, string, string][] = [
    [
      ['ISV-ACCESS-CUSTOMER-OTHER'],
      "the customer saving another contact's details is refused",
      'customer',
      CUSTOMER_OTHER,
      form(contactID('otherContactID')),
      'You may only update your own contact details.',
      'Contact 467 is not yours.',
    ],
    [
      ['ISV-UNKNOWN-CONTACT'],
      'a contactID that names no contact is refused',
      'agent',
      AGENT_UNKNOWN,
      form(contactID('unknownContactID')),
      'Contact not found.',
      'No contact has the ID 2147480000.',
    ],
    [
      ['ISV-INVALID-PAYLOAD'],
      'a contactID that is not a number is refused',
      'agent',
      AGENT_OTHER,
      form('not-a-number'),
      'The request is not valid.',
      'contactID must be a number.',
    ],
    [
      ['ISV-INVALID-PAYLOAD'],
      'details.properties as a string instead of an array is refused',
      'agent',
      AGENT_OTHER,
      {
        ...form(contactID('otherContactID')),
        details: { properties: 'Interests=Baking', setLogins: false, logins: [] },
      },
      'The request is not valid.',
      'details.properties must be an array of {propertyID, propertyName, values[{value}]}.',
    ],
  ];

  for (const [ids, title, role, state, payload, error, detail] of refusals) {
    const description = covers(
      [...ids, 'ISV-ERROR-SHAPE'],
      `${title} with errors (non-empty) and errorDetails, any HTTP status`,
    );
    test(description, async () => {
      await pact
        .addInteraction()
        .given(state)
        .uponReceiving(description)
        .withRequest('POST', CUSTINFO_PATH, (req) =>
          req
            .query({ api: 'setdetails' })
            .headers({ Cookie: sessionCookie(role) })
            .jsonBody(payload),
        )
        .willRespondWith(200, (res) =>
          anyStatus(res).headers(JSON_CONTENT_TYPE).jsonBody(errorBody(error, detail)),
        )
        .executeTest(async (mock) => {
          const client = new IServiceClient(mock.url, role === 'agent' ? EX.agentCookie : EX.customerCookie);
          // The invalid payloads break the table's types on purpose: sent as the form would send them.
          const err = await refused(client.setDetails(M.reify(payload) as unknown as SetDetailsRequest));
          expect(err.errors.length).toBeGreaterThan(0);
          expect(err.errors[0]).toMatch(/\S/);
          expect(Array.isArray(err.errorDetails)).toBe(true);
          await settle();
        });
    });
  }
});
