// ePrize "create profile" as a Pact contract (spec V4): the success path and every documented error
// (409 duplicate_account, 400 field errors NULL and VALIDATION, a failed CAPTCHA), with the calls of
// the same API the page's answers point at (the CAPTCHA challenge, the read-back and its 404), each
// interaction with provider states and the requirement IDs it covers.
// Generates contracts/pacts/legacy-api-conformance-eprize.json (npx vitest run --project contracts).
//
// Paths are relative to the host, like the suite's baseUrl (every path starts /v1/{apikey}/). The
// request is form POST variables, as the live API takes them (related.txt); the contract is the one
// of a consumer of one promotion: unique key `email`, required key `birthdate`, `first_name` among
// the safe keys, and the CAPTCHA headers as the wiki names them (X-CAPTCHA-Challenge/-Response).
//
// Replayable against any target: nothing the provider owns or that varies per run is a literal.
// - The apikey and the promotion's values come from the target config's fixtures (`${apikey}`,
//   `${requiredKeys.birthdate}`, `${invalidValues.birthdate}`, `${invalidValues.email}`).
// - A unique value never used (`${uniqueValue}`), a profile that exists (`${uniqueValue}`,
//   `${profileUid}`), a uid that does not (`${unknownUid}`) and a CAPTCHA challenge with its answer
//   (`${captchaChallenge}`, `${captchaResponse}`) come from the provider states, fresh per replay:
//   contracts/eprize/provider.ts sets each up through the target's own API, from its config alone
//   (the challenge answered through captcha.answerUrl or captcha.answer, as the suite does).
// - The request is this consumer's promotion's; the provider's request filter maps it onto the
//   target's (its unique key and required keys, its readings). What the answers name cannot be
//   mapped (the key a field error names, an element of the profile): each interaction that relies on
//   the consumer's promotion there says so in one more provider state (PROMOTION below), which a
//   target configured otherwise cannot be in, so that interaction is not applicable there. (The 400
//   for a badly named key rests on a reading, badKeyNames "refused": the provider judges that one.)
// - Responses match by type and pattern, except what the page fixes: the statuses, ver, the
//   envelopes, duplicate_account, the NULL/VALIDATION codes and the key a field error names, and the
//   safe value this request just sent (first_name).
//
// Kept out (the suite checks them; a contract cannot express them): that the body's <id> is the
// Location's uid (EPZ-LOCATION-ID: two values of one response compared), that a 400 creates nothing
// (EPZ-ERROR-NO-CREATE: two requests in sequence), a non-ASCII value read back (EPZ-NONASCII-ROUNDTRIP:
// a create then a read), the declared encoding (EPZ-UTF8: the verifier sees the body re-encoded),
// a Location on the target's own host (part of EPZ-LOCATION: the contract cannot know the host),
// the JSON representation (EPZ-JSON-OPTIONAL: optional, reported) and status always 1
// (EPZ-STATUS-ONE: a non-default reading of a contradiction; the contract asks for an integer).
// And the look-up by unique key (EPZ-LOOKUP-BY-KEY, 303 See Other): the Rust verifier under
// pact-js 16.5 (pact-core 19.2) follows redirects and pact-js gives no way to turn that off, so it
// would see the profile's 200, never the 303: the interaction would fail every conformant target.
import { MatchersV3 as M, XmlBuilder, type XmlElement } from '@pact-foundation/pact';
import { describe, expect, test } from 'vitest';
import { anchored, attrs, covers, fixture, formBody, pactFor, settle, xmlInteger } from '../pact.ts';
import { type Captcha, EprizeClient, EprizeError } from './client.ts';
import { STATES } from './provider.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const pact = pactFor('eprize');

// Provider states (contracts/eprize/provider.ts sets each up on any target, from its config).
const FRESH = 'no profile has the unique value the consumer sends';
const EXISTING = 'a profile has the unique value the consumer sends';
const NO_SUCH_UID = 'no profile has the uid the consumer asks for';
const CAPTCHA_ENFORCED = 'the promotion requires a CAPTCHA of untrusted create requests';
const CAPTCHA_ANSWERED = 'a CAPTCHA challenge the consumer has answered';
const CAPTCHA_USED = 'a CAPTCHA challenge the consumer has answered and already used once';
const CAPTCHA_UNANSWERED = 'a CAPTCHA challenge the consumer has not answered';

/**
 * What an interaction's answer relies on in the consumer's promotion (the target config says whether
 * a target's is so): the state names, defined once, by the provider driver that sets them up.
 */
const PROMOTION = STATES;

const VER = 'ePrize Web Services 1.0';

// Example values (the page's own where it has them); the provider replaces them through the states.
const EX = {
  apikey: 'pactpromo0123',
  uniqueValue: 'some.email@address.com',
  profileUid: '48213907',
  unknownUid: '0000000000',
  birthdate: '1990-01-31',
  invalidBirthdate: '31/01/1990',
  invalidEmail: 'not-an-email',
  captchaChallenge: '/v1/pactpromo0123/captcha/0123456789abcdef',
  captchaResponse: 'kxmtpq',
};
/** A safe value the request sets and the 201 must show as sent (the same for every replay). */
const FIRST_NAME = 'Pact Consumer';
/** An answer no challenge has (the page's CAPTCHA answers are what the user read off an image). */
const WRONG_ANSWER = 'not-the-answer-0';

const state = (name: keyof typeof EX) => M.fromProviderState(fixture(name), EX[name]);
const apiPath = (rest: string, example: string) =>
  M.fromProviderState(`/v1/${fixture('apikey')}${rest}`, `/v1/${EX.apikey}${example}`);
const PROFILE_PATH = apiPath('/profile', '/profile');

const email = state('uniqueValue');
const birthdate = M.fromProviderState(fixture('requiredKeys.birthdate'), EX.birthdate);
const captchaHeaders = (response: ReturnType<typeof state> | string = state('captchaResponse')) => ({
  'Content-Type': 'application/x-www-form-urlencoded',
  'X-CAPTCHA-Challenge': state('captchaChallenge'),
  'X-CAPTCHA-Response': response,
});
const answered: Captcha = { challenge: EX.captchaChallenge, response: EX.captchaResponse };

const client = (url: string) => new EprizeClient(url, EX.apikey);

/** Any XML content type: the page shows XML bodies and says nothing of the header. */
const XML = anchored('(text|application)/xml(;.*)?', 'text/xml; charset=UTF-8');
/** A Location of the API: the page's relative form, or absolute (the suite checks the host). */
const location = (collection: string, example: string) =>
  anchored(`(https?://[^/]+)?/v1/[^/]+/${collection}/[^/?#]+`, `/v1/${EX.apikey}/${collection}/${example}`);

/** <result ver><result>…</result><status>N</status></result>: status is an integer (reading EPZ-C1). */
function resultBody(
  inner: (result: XmlElement) => void,
  ver: string | ReturnType<typeof M.string> = VER,
): string {
  return new XmlBuilder('1.0', 'UTF-8', 'result').build((root: XmlElement) => {
    root.setAttributes(attrs({ ver }));
    root.appendElement('result', attrs({}), inner);
    root.appendElement('status', attrs({}), xmlInteger(1));
  });
}

/** The 400 envelope, one <field> per bad key, each named and with its code. */
function fieldErrors(fields: [string, 'NULL' | 'VALIDATION'][]): string {
  return resultBody((result) => {
    result.appendElement('errors', attrs({}), (errors) => {
      errors.appendElement('field_errors', attrs({}), (list) => {
        for (const [name, code] of fields) {
          list.appendElement('field', attrs({}), (field) => {
            field.appendElement('name', attrs({}), name);
            field.appendElement('error', attrs({}), code);
          });
        }
      });
    });
  });
}

async function refused(promise: Promise<unknown>): Promise<EprizeError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EprizeError);
  return err as EprizeError;
}

describe('ePrize: create profile (consumer contract)', () => {
  const created = covers(
    ['EPZ-CREATE-201', 'EPZ-LOCATION', 'EPZ-SUCCESS-SHAPE', 'EPZ-SAFE-VALUES', 'EPZ-RESULT-VER'],
    'a valid create with an answered CAPTCHA answers 201, a Location, and the profile with the safe values sent',
  );
  test(created, async () => {
    const body = resultBody((result) => {
      result.appendElement('profile', attrs({}), (profile) => {
        profile.appendElement('id', attrs({}), anchored('[^\\s/?#]+', EX.profileUid));
        profile.appendElement('email', attrs({}), email);
        profile.appendElement('first_name', attrs({}), FIRST_NAME);
      });
    });
    await pact
      .addInteraction()
      .given(PROMOTION.showsEmail)
      .given(PROMOTION.showsFirstName)
      .given(FRESH)
      .given(CAPTCHA_ANSWERED)
      .uponReceiving(created)
      .withRequest('POST', PROFILE_PATH, (req) =>
        formBody(req.headers(captchaHeaders()), { email, birthdate, first_name: FIRST_NAME }),
      )
      .willRespondWith(201, (res) =>
        res.headers({ Location: location('profile', EX.profileUid), 'Content-Type': XML }).xmlBody(body),
      )
      .executeTest(async (mock) => {
        const got = await client(mock.url).createProfile(
          { email: EX.uniqueValue, birthdate: EX.birthdate, first_name: FIRST_NAME },
          answered,
        );
        expect(got.uid).toBe(EX.profileUid);
        expect(got.profile).toEqual({ id: EX.profileUid, email: EX.uniqueValue, first_name: FIRST_NAME });
        expect(got.ver).toBe(VER);
        expect(Number.isInteger(got.status)).toBe(true);
        await settle();
      });
  });

  const duplicate = covers(
    ['EPZ-DUPLICATE-409', 'EPZ-CONFLICT-SHAPE', 'EPZ-RESULT-VER'],
    'a create with a unique value already used answers 409 with duplicate_account in terminal_errors',
  );
  test(duplicate, async () => {
    const body = resultBody((result) => {
      result.appendElement('errors', attrs({}), (errors) => {
        errors.appendElement('terminal_errors', attrs({}), (terminal) => {
          terminal.appendElement('error', attrs({}), 'duplicate_account');
        });
      });
    });
    await pact
      .addInteraction()
      .given(EXISTING)
      .given(CAPTCHA_ANSWERED)
      .uponReceiving(duplicate)
      .withRequest('POST', PROFILE_PATH, (req) =>
        formBody(req.headers(captchaHeaders()), { email, birthdate }),
      )
      .willRespondWith(409, (res) => res.headers({ 'Content-Type': XML }).xmlBody(body))
      .executeTest(async (mock) => {
        const err = await refused(
          client(mock.url).createProfile({ email: EX.uniqueValue, birthdate: EX.birthdate }, answered),
        );
        expect(err.status).toBe(409);
        expect(err.terminalErrors).toEqual(['duplicate_account']);
        await settle();
      });
  });

  const invalidBirthdate = M.fromProviderState(fixture('invalidValues.birthdate'), EX.invalidBirthdate);
  const fieldCases: [
    string[],
    string,
    string,
    Record<string, unknown>,
    Record<string, string>,
    [string, 'NULL' | 'VALIDATION'][],
  ][] = [
    [
      ['EPZ-UNIQUE-NULL'],
      PROMOTION.uniqueEmail,
      'the unique key with an empty value is a NULL field error naming it',
      { email: '', birthdate },
      { email: '', birthdate: EX.birthdate },
      [['email', 'NULL']],
    ],
    [
      ['EPZ-VALIDATION'],
      PROMOTION.refusesBirthdate,
      'a value the promotion refuses is a VALIDATION field error naming its key',
      { email, birthdate: invalidBirthdate },
      { email: EX.uniqueValue, birthdate: EX.invalidBirthdate },
      [['birthdate', 'VALIDATION']],
    ],
    [
      ['EPZ-REQUIRED-KEY'],
      PROMOTION.requiresBirthdate,
      'a required key left out is a NULL field error naming it',
      { email },
      { email: EX.uniqueValue },
      [['birthdate', 'NULL']],
    ],
  ];

  for (const [ids, promotion, title, fields, sent, errors] of fieldCases) {
    const description = covers(
      [...ids, 'EPZ-FIELD-ERRORS-SHAPE', 'EPZ-RESULT-VER'],
      `${title}, in the field_errors envelope, HTTP 400`,
    );
    test(description, async () => {
      await pact
        .addInteraction()
        .given(promotion)
        .given(FRESH)
        .given(CAPTCHA_ANSWERED)
        .uponReceiving(description)
        .withRequest('POST', PROFILE_PATH, (req) => formBody(req.headers(captchaHeaders()), fields))
        .willRespondWith(400, (res) => res.headers({ 'Content-Type': XML }).xmlBody(fieldErrors(errors)))
        .executeTest(async (mock) => {
          const err = await refused(client(mock.url).createProfile(sent, answered));
          expect(err.status).toBe(400);
          expect(err.fieldErrors).toEqual(errors.map(([name, error]) => ({ name, error })));
          await settle();
        });
    });
  }

  const twoBad = covers(
    ['EPZ-FIELD-PER-ERROR', 'EPZ-FIELD-ERRORS-SHAPE', 'EPZ-RESULT-VER'],
    'two keys with values the promotion refuses give one field error each, in any order, HTTP 400',
  );
  test(twoBad, async () => {
    // Both refused by validation rules no other interaction's fault touches. The order of the
    // fields is not documented: two <field> elements, each naming one of the two keys. (Not
    // eachLike: pact-js 16.5's XmlBuilder drops its min and max, so one field would pass.)
    const oneOfTheTwo = (list: XmlElement, example: string) =>
      list.appendElement('field', attrs({}), (field) => {
        field.appendElement('name', attrs({}), anchored('email|birthdate', example));
        // The code is EPZ-VALIDATION's business: here any of the two the page documents.
        field.appendElement('error', attrs({}), anchored('NULL|VALIDATION', 'VALIDATION'));
      });
    const body = resultBody((result) => {
      result.appendElement('errors', attrs({}), (errors) => {
        errors.appendElement('field_errors', attrs({}), (list) => {
          oneOfTheTwo(list, 'email');
          oneOfTheTwo(list, 'birthdate');
        });
      });
    });
    const invalidEmail = M.fromProviderState(fixture('invalidValues.email'), EX.invalidEmail);
    await pact
      .addInteraction()
      .given(PROMOTION.refusesEmail)
      .given(PROMOTION.refusesBirthdate)
      .given(FRESH)
      .given(CAPTCHA_ANSWERED)
      .uponReceiving(twoBad)
      .withRequest('POST', PROFILE_PATH, (req) =>
        formBody(req.headers(captchaHeaders()), { email: invalidEmail, birthdate: invalidBirthdate }),
      )
      .willRespondWith(400, (res) => res.headers({ 'Content-Type': XML }).xmlBody(body))
      .executeTest(async (mock) => {
        const err = await refused(
          client(mock.url).createProfile(
            { email: EX.invalidEmail, birthdate: EX.invalidBirthdate },
            answered,
          ),
        );
        expect(err.status).toBe(400);
        expect(err.fieldErrors.map((f) => f.name).sort()).toEqual(['birthdate', 'email']);
        await settle();
      });
  });

  // Refusals the page promises the status of only: no body, no header is part of the contract.
  const statusOnly: [string, string, string, Record<string, string>, 'answered' | 'none' | 'wrong'][] = [
    [
      'EPZ-KEY-NAME-REFUSED',
      'a key name that does not begin with a letter (2nd_choice) is refused with HTTP 400 (readings.badKeyNames "refused")',
      CAPTCHA_ANSWERED,
      { '2nd_choice': 'conformance' },
      'answered',
    ],
    [
      'EPZ-KEY-NAME-REFUSED',
      'a key name with an uppercase letter (Nickname) is refused with HTTP 400 (readings.badKeyNames "refused")',
      CAPTCHA_ANSWERED,
      { Nickname: 'conformance' },
      'answered',
    ],
    [
      'EPZ-CAPTCHA-REQUIRED',
      'a create without CAPTCHA headers is refused with HTTP 400',
      CAPTCHA_ENFORCED,
      {},
      'none',
    ],
    [
      'EPZ-CAPTCHA-WRONG',
      'a create with a wrong answer to a CAPTCHA challenge is refused with HTTP 400',
      CAPTCHA_UNANSWERED,
      {},
      'wrong',
    ],
    [
      'EPZ-CAPTCHA-SINGLE-USE',
      'a create with a CAPTCHA challenge already used once is refused with HTTP 400',
      CAPTCHA_USED,
      {},
      'answered',
    ],
  ];

  for (const [id, title, captchaState, extra, captcha] of statusOnly) {
    const description = covers([id], title);
    test(description, async () => {
      const headers =
        captcha === 'none'
          ? { 'Content-Type': 'application/x-www-form-urlencoded' }
          : captchaHeaders(captcha === 'wrong' ? WRONG_ANSWER : undefined);
      await pact
        .addInteraction()
        .given(FRESH)
        .given(captchaState)
        .uponReceiving(description)
        .withRequest('POST', PROFILE_PATH, (req) =>
          formBody(req.headers(headers), { email, birthdate, ...extra }),
        )
        .willRespondWith(400)
        .executeTest(async (mock) => {
          const err = await refused(
            client(mock.url).createProfile(
              { email: EX.uniqueValue, birthdate: EX.birthdate, ...extra },
              captcha === 'none'
                ? undefined
                : captcha === 'wrong'
                  ? { challenge: EX.captchaChallenge, response: WRONG_ANSWER }
                  : answered,
            ),
          );
          expect(err.status).toBe(400);
          await settle();
        });
    });
  }

  const challenge = covers(
    ['EPZ-CAPTCHA-CHALLENGE'],
    'a new CAPTCHA challenge answers 201 with Location /v1/{apikey}/captcha/{challenge-id}',
  );
  test(challenge, async () => {
    // The body of the challenge (its image) is not documented: only the status and the Location.
    await pact
      .addInteraction()
      .given(CAPTCHA_ENFORCED)
      .uponReceiving(challenge)
      .withRequest('POST', apiPath('/captcha', '/captcha'))
      .willRespondWith(201, (res) => res.headers({ Location: location('captcha', '0123456789abcdef') }))
      .executeTest(async (mock) => {
        expect(await client(mock.url).newChallenge()).toBe(EX.captchaChallenge);
        await settle();
      });
  });

  const readBack = covers(
    ['EPZ-READBACK'],
    'GET /v1/{apikey}/profile/{uid} of a profile that exists answers 200 with its id and unique value',
  );
  test(readBack, async () => {
    // The values are the state's, so they match by type: which value a profile holds is the
    // provider's, that the unique key is shown is the contract. ver by type too: EPZ-RESULT-VER
    // names the 201, 409 and 400 bodies.
    const body = resultBody((result) => {
      result.appendElement('profile', attrs({}), (profile) => {
        profile.appendElement('id', attrs({}), state('profileUid'));
        profile.appendElement('email', attrs({}), email);
      });
    }, M.string(VER));
    await pact
      .addInteraction()
      .given(PROMOTION.showsEmail)
      .given(EXISTING)
      .uponReceiving(readBack)
      .withRequest('GET', apiPath(`/profile/${fixture('profileUid')}`, `/profile/${EX.profileUid}`))
      .willRespondWith(200, (res) => res.headers({ 'Content-Type': XML }).xmlBody(body))
      .executeTest(async (mock) => {
        expect(await client(mock.url).readProfile(EX.profileUid)).toEqual({
          id: EX.profileUid,
          email: EX.uniqueValue,
        });
        await settle();
      });
  });

  const notFound = covers(['EPZ-READBACK-404'], 'GET of a profile uid that does not exist answers HTTP 404');
  test(notFound, async () => {
    await pact
      .addInteraction()
      .given(NO_SUCH_UID)
      .uponReceiving(notFound)
      .withRequest('GET', apiPath(`/profile/${fixture('unknownUid')}`, `/profile/${EX.unknownUid}`))
      .willRespondWith(404)
      .executeTest(async (mock) => {
        const err = await refused(client(mock.url).readProfile(EX.unknownUid));
        expect(err.status).toBe(404);
        await settle();
      });
  });
});
