// TextMarketer "modify account details" as a Pact contract (spec V4): the success path and every
// documented error, each interaction with a provider state and the requirement IDs it covers.
// Generates contracts/pacts/legacy-api-conformance-textmarketer.json (npx vitest run --project contracts).
//
// Paths are relative to the API base (e.g. https://api.textmarketer.co.uk/services/rest), like the
// suite's baseUrl. Values the provider owns (account IDs, credentials, a username in use) come from
// provider-state expressions named after the target config's fixture paths (`${accountId}`,
// `${credentials.username}`, ...): the verifier fills them from the target config, through the
// provider driver (contracts/textmarketer/provider.ts) or a state-change URL. Everything else
// matches by type or pattern, except what the page fixes: the error codes, and the values the
// request just set.
import { MatchersV3 as M, XmlBuilder, type XmlElement } from '@pact-foundation/pact';
import { describe, expect, test } from 'vitest';
import { anchored, attrs, covers, fixture, formBody, pactFor, settle, xmlNumber } from '../pact.ts';
import { type AccountChanges, TextMarketerClient, TextMarketerError } from './client.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const pact = pactFor('textmarketer');

// Provider states (provider.ts puts a target in each from its config; PROVIDER_STATES in mocks/textmarketer).
const MAY_MODIFY = 'an account the API credentials may modify';
const NAME_TAKEN =
  'an account the API credentials may modify, and a web UI username already used by another account';
const NO_SUCH_ACCOUNT = 'an account ID that does not exist';
const FOREIGN_ACCOUNT = 'an existing account the API credentials may not access';

// Example values (the page's own where it has them); the provider replaces them through the states.
const EX = {
  accountId: 'abcdefghijklmnopqrstuvwx',
  unknownAccountId: 'zz00nosuchaccount00zz000',
  foreignAccountId: 'otheraccount000000000000',
  username: 'my_api_username',
  password: 'my_api_password',
  takenUsername: 'someone_else_ui',
};

const accountPath = (name: 'accountId' | 'unknownAccountId' | 'foreignAccountId') =>
  M.fromProviderState(`/account/${fixture(name)}`, `/account/${EX[name]}`);

const credentials = {
  username: M.fromProviderState(fixture('credentials.username'), EX.username),
  password: M.fromProviderState(fixture('credentials.password'), EX.password),
};

const client = (url: string, creds = { username: EX.username, password: EX.password }) =>
  new TextMarketerClient(url, creds);

/** Any XML content type: the page shows XML bodies and says nothing of the header. */
const XML_CONTENT_TYPE = {
  'Content-Type': anchored('(text|application)/xml(;.*)?', 'text/xml; charset=ISO-8859-1'),
};

/** processed_date is required by the DTD (CDATA): any text. */
const processedDate = M.string('2012-04-11T11:23:14+02:00');

/** <response processed_date><errors><error code="N">message</error></errors></response>. */
function errorsBody(code: number, message: string): string {
  return new XmlBuilder('1.0', 'ISO-8859-1', 'response').build((response: XmlElement) => {
    response.setAttributes(attrs({ processed_date: processedDate }));
    response.appendElement('errors', attrs({}), (errors) => {
      errors.appendElement(
        'error',
        attrs({ code: String(code) }),
        anchored('[\\s\\S]*\\S[\\s\\S]*', message),
      );
    });
  });
}

async function refused(promise: Promise<unknown>): Promise<TextMarketerError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TextMarketerError);
  return err as TextMarketerError;
}

describe('TextMarketer: modify account details (consumer contract)', () => {
  test(
    covers(
      ['TMR-AUTH-PARAMS', 'TMR-SHOWS-VALUES', 'TMR-PROCESSED-DATE'],
      'a valid change authenticated by username/password fields answers 200 with the account as changed',
    ),
    async () => {
      const changes = { company_name: 'Pact Bakery Ltd', notifcation_email: 'pact@example.com' };
      const account = new XmlBuilder('1.0', 'ISO-8859-1', 'response').build((response: XmlElement) => {
        response.setAttributes(attrs({ processed_date: processedDate }));
        response.appendElement('account', attrs({}), (a) => {
          // The DTD's required children, by type; the optional ones only where this request set them.
          a.appendElement('account_id', attrs({}), anchored('[A-Za-z0-9]{1,24}', EX.accountId));
          a.appendElement('api_password', attrs({}), M.string(EX.password));
          a.appendElement('api_username', attrs({}), M.string(EX.username));
          a.appendElement('company_name', attrs({}), changes.company_name);
          a.appendElement('create_date', attrs({}), M.string('2012-02-12T01:00:00+02:00'));
          a.appendElement('credits', attrs({}), xmlNumber(833));
          a.appendElement('notification_email', attrs({}), changes.notifcation_email);
          a.appendElement('password', attrs({}), M.string('my_UI_password'));
          a.appendElement('username', attrs({}), M.string('my_UI_username'));
        });
      });
      await pact
        .addInteraction()
        // `auth: 'params'`: this interaction is about the username/password fields themselves, so the
        // verifier's filter keeps them there whatever readings.auth says (provider.ts).
        .given(MAY_MODIFY, { auth: 'params' })
        .uponReceiving(
          covers(
            ['TMR-AUTH-PARAMS', 'TMR-SHOWS-VALUES', 'TMR-PROCESSED-DATE'],
            'a valid change authenticated by username/password fields answers 200 with the account as changed',
          ),
        )
        .withRequest('POST', accountPath('accountId'), (req) => formBody(req, { ...credentials, ...changes }))
        .willRespondWith(200, (res) => res.headers(XML_CONTENT_TYPE).xmlBody(account))
        .executeTest(async (mock) => {
          const got = await client(mock.url).modifyAccount(EX.accountId, changes);
          expect(got.companyName).toBe(changes.company_name);
          expect(got.notificationEmail).toBe(changes.notifcation_email);
          expect(got.credits).toBe(833);
          expect(got.processedDate).not.toBe('');
          expect(got.accountId).toMatch(/^[A-Za-z0-9]{1,24}$/);
          await settle();
        });
    },
  );

  const validation: [string[], string, AccountChanges, number, string, string?][] = [
    [
      ['TMR-EMAIL-INVALID'],
      'an invalid notification email is refused with error 2',
      { notifcation_email: 'not-an-email-address' },
      2,
      'The email address you specified is invalid.',
    ],
    [
      ['TMR-MOBILE-INVALID'],
      'a number that is not a UK mobile is refused with error 3',
      { notifcation_mobile: '12345' },
      3,
      'The mobile number you specified is not a valid UK mobile number.',
    ],
    [
      ['TMR-COMPANY-LENGTH'],
      'a company name shorter than 3 characters is refused with error 4',
      { company_name: 'ab' },
      4,
      'company_name must be between 3 and 40 characters.',
    ],
    [
      ['TMR-USERNAME-PATTERN'],
      "a web UI username with characters other than letters, digits, '-' and '_' is refused with error 5",
      { account_username: 'bad name!' },
      5,
      "account_username may only contain A-Z, a-z, 0-9, '-' and '_'.",
    ],
    [
      ['TMR-USERNAME-TAKEN'],
      'a web UI username already in use is refused with error 7',
      { account_username: EX.takenUsername },
      7,
      'The username you specified is already in use.',
      NAME_TAKEN,
    ],
  ];

  for (const [ids, title, changes, code, message, state] of validation) {
    const description = covers(
      [...ids, 'TMR-ERROR-ENVELOPE', 'TMR-ERROR-STATUS'],
      `${title}, in the errors envelope, HTTP 400`,
    );
    test(description, async () => {
      const fields: Record<string, unknown> = { ...credentials, ...changes };
      if (state === NAME_TAKEN)
        fields.account_username = M.fromProviderState(fixture('takenUsername'), EX.takenUsername);
      await pact
        .addInteraction()
        .given(state ?? MAY_MODIFY)
        .uponReceiving(description)
        .withRequest('POST', accountPath('accountId'), (req) => formBody(req, fields))
        .willRespondWith(400, (res) => res.headers(XML_CONTENT_TYPE).xmlBody(errorsBody(code, message)))
        .executeTest(async (mock) => {
          const err = await refused(client(mock.url).modifyAccount(EX.accountId, changes));
          expect(err.status).toBe(400);
          expect(err.errors.map((e) => e.code)).toEqual([code]);
          expect(err.errors[0]?.message).not.toBe('');
          await settle();
        });
    });
  }

  // Another customer's account gets the credentials only: a target that wrongly lets the request
  // through must not change an account the verifier cannot read or put back (as the suite does).
  const statusOnly: [
    string,
    string,
    string,
    'unknownAccountId' | 'foreignAccountId',
    number,
    AccountChanges,
  ][] = [
    [
      'TMR-404-UNKNOWN',
      'an account ID that does not exist answers HTTP 404',
      NO_SUCH_ACCOUNT,
      'unknownAccountId',
      404,
      { company_name: 'Pact Bakery Ltd' },
    ],
    [
      'TMR-403-FOREIGN',
      'an account the credentials may not access answers HTTP 403',
      FOREIGN_ACCOUNT,
      'foreignAccountId',
      403,
      {},
    ],
  ];

  for (const [id, title, state, name, status, changes] of statusOnly) {
    const description = covers([id], title);
    test(description, async () => {
      // The page promises the status only: no body, no header is part of the contract.
      await pact
        .addInteraction()
        .given(state)
        .uponReceiving(description)
        .withRequest('POST', accountPath(name), (req) => formBody(req, { ...credentials, ...changes }))
        .willRespondWith(status)
        .executeTest(async (mock) => {
          const err = await refused(client(mock.url).modifyAccount(EX[name], changes));
          expect(err.status).toBe(status);
          await settle();
        });
    });
  }

  const badCredentials = covers(
    ['TMR-AUTH-REQUIRED'],
    'credentials that are not valid are refused with HTTP 401 or 403',
  );
  test(badCredentials, async () => {
    // Made-up credentials (never the real username with a wrong password: no lock-out on a real target).
    const wrong = { username: 'pact_nobody', password: 'not_the_password_1' };
    await pact
      .addInteraction()
      .given(MAY_MODIFY)
      .uponReceiving(badCredentials)
      .withRequest('POST', accountPath('accountId'), (req) =>
        formBody(req, { ...wrong, company_name: 'Pact Bakery Ltd' }),
      )
      // The API overview uses 403 for bad credentials; the suite's reading accepts 401 too.
      .willRespondWith(M.matchStatus(403, [401, 403]))
      .executeTest(async (mock) => {
        const err = await refused(
          client(mock.url, wrong).modifyAccount(EX.accountId, { company_name: 'Pact Bakery Ltd' }),
        );
        expect([401, 403]).toContain(err.status);
        await settle();
      });
  });
});
