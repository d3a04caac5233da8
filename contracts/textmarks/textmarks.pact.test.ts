// TextMarks "TextMarkManager / set_integration_config()" as a Pact contract (spec V4): the success
// path and every documented error, each interaction with a provider state and the requirement IDs it
// covers. Generates contracts/pacts/legacy-api-conformance-textmarks.json
// (npx vitest run --project contracts).
//
// Paths are relative to the API base, like the suite's baseUrl, in the overview's spelling
// /{Package}/{method}/ (readings.pathStyle = single, the default; the page's doubled slash is a
// reading the contract does not take). Values the provider owns (auth_user, auth_pass, the TextMark
// keywords) are provider-state expressions named after the target config's fixture paths
// (`${auth_user}`, `${tm}`, `${foreignTm}`): the verifier fills them from the config (the provider
// driver, provider.ts, confirms them through the API). The answers match by type and pattern: head.rescode an integer at the
// top level (0 for success, any non-zero integer for an error; only 2011 is a documented value),
// HTTP 200 for errors too, as the official clients read the rescode (the provider driver relaxes
// that under readings.errorHttpStatus, whose default is any status). "JSON response" is read as application/json (charset or other parameters free): Pact
// matches a JSON body only under a JSON content type. Nothing here varies per request (no request
// signature, timestamp or session): the values are fixed literals or fixtures, so the contract
// replays as it is against any target.
//
// Kept out of the contract, and checked by the suite only:
// - \s signing (TXM-SIGNATURE): the signature is over a group event the verifier cannot cause, with an
//   algorithm that is not public (readings.signerModule); there is no request/response pair to replay.
// - What integration_config() reads back (TXM-READBACK, TXM-ONLY-SPECIFIED, TXM-NONE-CLEARS,
//   TXM-TEMPLATE-STORED, and the "changes nothing" half of TXM-AUTH-WRONG-PASS): each is a sequence
//   (set, then read), and a Pact interaction is one request and its answer; where the settings sit in
//   the read-back is itself a reading (readings.readbackPath).
// - api_key (TXM-API-KEY): optional in the target config, so `${api_key}` has no value on a target
//   configured without one; the suite makes that check not applicable there.
// - A hostile jsonp value (TXM-JSONP-SAFE-CALLBACK): a promise of absence (the value is not echoed,
//   refused or sanitised alike), which no matcher can state.
// - private_token: never sent. The contract would overwrite a real TextMark's signing secret with a
//   public value and could not put it back. The success path changes group_callback_url only (to an
//   example.com template); the provider driver reads it first and puts it back afterwards.
import { MatchersV3 as M, type PactV4, type V3RegexMatcher } from '@pact-foundation/pact';
import { describe, expect, test } from 'vitest';
import { anchored, covers, fixture, formBody, pactFor, settle } from '../pact.ts';
import { type Credentials, TextMarksClient, TextMarksError } from './client.ts';

process.env.PACT_DO_NOT_TRACK = 'true';

const pact = pactFor('textmarks');

/** pact-js 16.5 does not export its V4 response builder type: taken from willRespondWith. */
type ResponseBuilder = Parameters<
  NonNullable<
    Parameters<ReturnType<ReturnType<PactV4['addInteraction']>['withRequest']>['willRespondWith']>[1]
  >
>[0];

// Provider states (provider.ts puts a target in each from its config; PROVIDER_STATES in mocks/textmarks).
const OWNED = 'auth_user owns the TextMark tm';
const FOREIGN = 'the TextMark foreignTm exists and is owned by another user';

// Example values; the provider replaces them through the states.
const EX = {
  auth_user: 'my_textmarks_user',
  auth_pass: 'my_textmarks_pass',
  tm: 'MYTEXTMARK',
  foreignTm: 'SOMEONESTM',
};

const from = (name: keyof typeof EX) => M.fromProviderState(fixture(name), EX[name]);

const PKG = 'TextMarkManager';
const METHOD = 'set_integration_config';
const PATH = `/${PKG}/${METHOD}/`;

/** The page's "common format" of a callback URL, on a host that is nobody's. */
const CALLBACK_URL = 'http://example.com/pact/textmarks-group.php?user=\\p&action=\\a';
/** A made-up password for the real auth_user (one refused login per verification, like the suite's). */
const WRONG_PASS = 'pact-not-the-password-1';
const JSONP_CALLBACK = 'txmCallback';

const client = (url: string, creds: Credentials = { auth_user: EX.auth_user, auth_pass: EX.auth_pass }) =>
  new TextMarksClient(url, creds);

/** A non-zero integer: "or error code otherwise" (combined with integer(), so "1003" fails). */
const NON_ZERO: V3RegexMatcher = { 'pact:matcher:type': 'regex', regex: '^-?[1-9][0-9]*$' };

/** The envelope with rescode 0 (the only value the page fixes for success). */
const succeeded = (res: ResponseBuilder) => res.jsonBody({ head: { rescode: 0 } });

/** The envelope with any non-zero integer rescode (`example` is only what the consumer test sees). */
const refusedWith = (example: number) => (res: ResponseBuilder) =>
  res
    .jsonBody({ head: { rescode: M.integer(example) } })
    .matchingRules({ body: { path: '$.head.rescode', rules: [NON_ZERO] } });

/**
 * A JSON-P answer: callback(<a JSON object>). Pact matches it as text, by pattern; the envelope
 * inside is the plain-JSON interactions' business (TXM-ENVELOPE). Its content type is not documented
 * (an open point of the overview), so the header matches any value. pact-js's body() also pins the
 * content type the verifier detects in the bytes: text/plain is what it detects in callback(…),
 * whatever the header says (but text/x-csrc behind an empty comment: the provider driver drops that pin,
 * contracts/textmarks/provider.ts).
 */
const jsonp = (example: string) => (res: ResponseBuilder) => {
  const pattern: V3RegexMatcher = {
    'pact:matcher:type': 'regex',
    // callback(…), or as Express and others write it: /**/ and a guard on the callback first.
    regex: `^\\s*(?:\\/\\*\\*\\/\\s*)?(?:typeof\\s+${JSONP_CALLBACK}\\s*===?\\s*['"]function['"]\\s*&&\\s*|${JSONP_CALLBACK}\\s*&&\\s*)?${JSONP_CALLBACK}\\s*\\(\\s*\\{[\\s\\S]*\\}\\s*\\)\\s*;?\\s*$`,
  };
  return res
    .body('text/plain', Buffer.from(example))
    .headers({ 'Content-Type': anchored('.+', 'text/javascript; charset=utf-8') })
    .matchingRules({ body: { path: '$', rules: [pattern] } });
};

async function refusal(promise: Promise<unknown>): Promise<TextMarksError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TextMarksError);
  return err as TextMarksError;
}

const ENVELOPE = 'TXM-ENVELOPE';
const ERROR_STATUS = 'TXM-ERROR-HTTP-STATUS';

describe('TextMarks: TextMarkManager/set_integration_config() (consumer contract)', () => {
  const success = covers(
    ['TXM-RESCODE-SUCCESS', ENVELOPE],
    'a valid form POST by the owner of tm answers the envelope with rescode 0',
  );
  test(success, async () => {
    await pact
      .addInteraction()
      .given(OWNED)
      .uponReceiving(success)
      .withRequest('POST', PATH, (req) =>
        formBody(req, {
          auth_user: from('auth_user'),
          auth_pass: from('auth_pass'),
          tm: from('tm'),
          group_callback_url: CALLBACK_URL,
        }),
      )
      .willRespondWith(200, succeeded)
      .executeTest(async (mock) => {
        const got = await client(mock.url).setIntegrationConfig(EX.tm, { group_callback_url: CALLBACK_URL });
        expect(got.head.rescode).toBe(0);
        await settle();
      });
  });

  const blank = covers(
    ['TXM-JSONP-BLANK', ENVELOPE],
    'a blank jsonp answers plain JSON, the envelope without a callback',
  );
  test(blank, async () => {
    await pact
      .addInteraction()
      .given(OWNED)
      .uponReceiving(blank)
      .withRequest('POST', PATH, (req) =>
        formBody(req, {
          auth_user: from('auth_user'),
          auth_pass: from('auth_pass'),
          tm: from('tm'),
          group_callback_url: CALLBACK_URL,
          jsonp: '',
        }),
      )
      // Whether the call succeeded is TXM-RESCODE-SUCCESS's business: any integer here.
      .willRespondWith(200, (res) => res.jsonBody({ head: { rescode: M.integer(0) } }))
      .executeTest(async (mock) => {
        const got = await client(mock.url).call(PKG, METHOD, {
          tm: EX.tm,
          group_callback_url: CALLBACK_URL,
          jsonp: '',
        });
        expect(got.head.rescode).toBe(0);
        await settle();
      });
  });

  // The documented errors: a non-zero rescode in the envelope, on HTTP 200.
  const refusals: {
    ids: string[];
    title: string;
    state: string;
    fields: Record<string, unknown>;
    example: number;
    call: (url: string) => Promise<unknown>;
  }[] = [
    {
      ids: ['TXM-AUTH-USER-REQUIRED'],
      title: 'a request without auth_user',
      state: OWNED,
      fields: { auth_pass: from('auth_pass'), tm: from('tm'), group_callback_url: CALLBACK_URL },
      example: 1001,
      call: (url) =>
        client(url, { auth_pass: EX.auth_pass }).setIntegrationConfig(EX.tm, {
          group_callback_url: CALLBACK_URL,
        }),
    },
    {
      ids: ['TXM-AUTH-PASS-REQUIRED'],
      title: 'a request without auth_pass',
      state: OWNED,
      fields: { auth_user: from('auth_user'), tm: from('tm'), group_callback_url: CALLBACK_URL },
      example: 1001,
      call: (url) =>
        client(url, { auth_user: EX.auth_user }).setIntegrationConfig(EX.tm, {
          group_callback_url: CALLBACK_URL,
        }),
    },
    {
      ids: ['TXM-TM-REQUIRED'],
      title: 'a request without tm',
      state: OWNED,
      fields: {
        auth_user: from('auth_user'),
        auth_pass: from('auth_pass'),
        group_callback_url: CALLBACK_URL,
      },
      example: 1001,
      call: (url) => client(url).call(PKG, METHOD, { group_callback_url: CALLBACK_URL }),
    },
    {
      ids: ['TXM-AUTH-WRONG-PASS'],
      title: 'a wrong auth_pass',
      state: OWNED,
      fields: {
        auth_user: from('auth_user'),
        auth_pass: WRONG_PASS,
        tm: from('tm'),
        group_callback_url: CALLBACK_URL,
      },
      example: 1003,
      call: (url) =>
        client(url, { auth_user: EX.auth_user, auth_pass: WRONG_PASS }).setIntegrationConfig(EX.tm, {
          group_callback_url: CALLBACK_URL,
        }),
    },
    {
      // No option at all: a target that wrongly accepts changes nothing of somebody else's.
      ids: ['TXM-TM-NOT-OWNED'],
      title: 'a TextMark not owned by auth_user',
      state: FOREIGN,
      fields: { auth_user: from('auth_user'), auth_pass: from('auth_pass'), tm: from('foreignTm') },
      example: 2011,
      call: (url) => client(url).setIntegrationConfig(EX.foreignTm, {}),
    },
  ];

  // TXM-URL-VALIDATED is not in the contract: whether a bad URL is refused is a reading
  // (readings.urlValidation), and a contract cannot follow a reading.
  for (const r of refusals) {
    const description = covers(
      [...r.ids, ENVELOPE, ERROR_STATUS],
      `${r.title} is refused with a non-zero rescode, on HTTP 200`,
    );
    test(description, async () => {
      await pact
        .addInteraction()
        .given(r.state)
        .uponReceiving(description)
        .withRequest('POST', PATH, (req) => formBody(req, r.fields))
        .willRespondWith(200, refusedWith(r.example))
        .executeTest(async (mock) => {
          const err = await refusal(r.call(mock.url));
          expect(err.rescode).toBe(r.example);
          await settle();
        });
    });
  }

  // The same request as TXM-TM-NOT-OWNED, for the code documented on another page (a SHOULD): a
  // target that refuses with another code fails this interaction only.
  const code2011 = covers(
    ['TXM-TM-NOT-OWNED-2011', ENVELOPE, ERROR_STATUS],
    'a TextMark not owned by auth_user is refused with rescode 2011 (ERR_REQUEST_INVALID_TM), on HTTP 200',
  );
  test(code2011, async () => {
    await pact
      .addInteraction()
      .given(FOREIGN)
      .uponReceiving(code2011)
      .withRequest('POST', PATH, (req) =>
        formBody(req, { auth_user: from('auth_user'), auth_pass: from('auth_pass'), tm: from('foreignTm') }),
      )
      .willRespondWith(200, (res) => res.jsonBody({ head: { rescode: 2011 } }))
      .executeTest(async (mock) => {
        const err = await refusal(client(mock.url).setIntegrationConfig(EX.foreignTm, {}));
        expect(err.rescode).toBe(2011);
        await settle();
      });
  });

  const wrapped = covers(
    ['TXM-JSONP'],
    `with jsonp=${JSONP_CALLBACK} the answer is the envelope inside ${JSONP_CALLBACK}(…)`,
  );
  test(wrapped, async () => {
    await pact
      .addInteraction()
      .given(OWNED)
      .uponReceiving(wrapped)
      .withRequest('POST', PATH, (req) =>
        formBody(req, {
          auth_user: from('auth_user'),
          auth_pass: from('auth_pass'),
          tm: from('tm'),
          group_callback_url: CALLBACK_URL,
          jsonp: JSONP_CALLBACK,
        }),
      )
      .willRespondWith(200, jsonp(`${JSONP_CALLBACK}({"head":{"rescode":0,"resmsg":"OK"},"body":{}});`))
      .executeTest(async (mock) => {
        const got = await client(mock.url).callJsonp(
          PKG,
          METHOD,
          { tm: EX.tm, group_callback_url: CALLBACK_URL },
          JSONP_CALLBACK,
        );
        expect(got.callback).toBe(JSONP_CALLBACK);
        expect(got.envelope.head.rescode).toBe(0);
        await settle();
      });
  });

  // Two rules broken at once (no auth_pass, somebody else's TextMark), as in the suite: no single
  // broken rule turns this request into a success.
  const wrappedError = covers(
    ['TXM-JSONP-ERRORS', ERROR_STATUS],
    `the ${JSONP_CALLBACK}(…) callback wraps an error answer too, on HTTP 200`,
  );
  test(wrappedError, async () => {
    await pact
      .addInteraction()
      .given(FOREIGN)
      .uponReceiving(wrappedError)
      .withRequest('POST', PATH, (req) =>
        formBody(req, { auth_user: from('auth_user'), tm: from('foreignTm'), jsonp: JSONP_CALLBACK }),
      )
      .willRespondWith(
        200,
        jsonp(`${JSONP_CALLBACK}({"head":{"rescode":1001,"resmsg":"Missing auth_pass"},"body":null});`),
      )
      .executeTest(async (mock) => {
        const got = await client(mock.url, { auth_user: EX.auth_user }).callJsonp(
          PKG,
          METHOD,
          { tm: EX.foreignTm },
          JSONP_CALLBACK,
        );
        expect(got.callback).toBe(JSONP_CALLBACK);
        expect(got.envelope.head.rescode).not.toBe(0);
        await settle();
      });
  });
});
