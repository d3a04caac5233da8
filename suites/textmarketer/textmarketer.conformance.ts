// TextMarketer "modify account details" conformance suite. A plain vitest file: the engine (or the
// root vitest config) provides the target; each check names the requirement(s) it enforces.
import { afterAll, beforeAll } from 'vitest';
import requestSchema from '../../schemas/textmarketer/modify-request.schema.json' with { type: 'json' };
import {
  checkFields,
  checkStatus,
  fail,
  is2xx,
  listReading,
  notApplicable,
  PreconditionLost,
} from '../../src/check.ts';
import {
  anotherRunFirst,
  anotherRunIn,
  anothersFields,
  changedByAnother,
  checkReadFields,
  isAnothers,
  type Ownership,
  writeLog,
} from '../../src/concurrent.ts';
import { type DomainSide, explore } from '../../src/generate.ts';
import type { Exchange, HttpClient } from '../../src/http.ts';
import { type CheckContext, defineSuite } from '../../src/suite.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  type Account,
  accountOf,
  CREDENTIAL_ELEMENT,
  checkCreateDate,
  checkCredentialApplied,
  checkDoctype,
  checkDtd,
  checkElementApplied,
  checkEncodingDeclared,
  checkErrorCode,
  checkErrorEnvelope,
  checkMediaTypes,
  checkOneOfErrors,
  checkProcessedDate,
  checkProcessedDateFormat,
  checkSystemId,
  checkUnchanged,
  ELEMENTS,
  errorCodes,
  expectSuccess,
  FIELD_CODES,
  judgedForMediaType,
} from './checks.ts';
import { type TextMarketerConfig, withDefaults } from './config.ts';
import { companyDomains, credentialDomains, emailDomains, mobileDomains } from './domains.ts';
import {
  type Auth,
  accountUrl as accountUrlOf,
  encodeForm as encodeFormIn,
  modifyRequest,
  notificationFields,
  putBackAccounts,
  type RequestTarget,
  readBackRequest,
  restorer,
  type SavedAccounts,
} from './requests.ts';
import { CREDENTIAL_RULES } from './requirements.ts';
import { freshValues } from './values.ts';

const suite = defineSuite<TextMarketerConfig>('textmarketer');
const cfg = withDefaults(suite.config);
const r = cfg.readings;
const { check } = suite;
const run = suite.context.runId;

const NOTIF = notificationFields(r.requestFieldSpelling);
const EMAIL = NOTIF.email;
const MOBILE = NOTIF.mobile;

// Values unique to this run and to each use (values.ts); the notification email and mobile are the
// tester's own when configured (notificationEmails / notificationMobiles), alternating per change.
const values = freshValues(run, cfg);
const fresh = values.change;
const freshCompany = values.company;

// How a request is shaped on this target (URL, credentials, charset, spelling): requests.ts, shared
// with the contract's provider driver.
const target: RequestTarget = { baseUrl: suite.context.baseUrl, credentials: cfg.credentials, readings: r };
const accountUrl = (id: string): string => accountUrlOf(target, id);
const encodeForm = (fields: Record<string, string>): string => encodeFormIn(fields, r.requestCharset);

// Every value this run sends, per account and element (src/concurrent.ts): a read showing a value
// that is neither one of these, nor the one found before the run, nor one carrying the run id, is
// another client's (two runs at once against one account): the check is errored, never failed, and
// the restore leaves that value as the other client wrote it.
const writes = writeLog();
const ELEMENT_OF: Record<string, string> = {
  company_name: 'company_name',
  [EMAIL]: 'notification_email',
  [MOBILE]: 'notification_mobile',
  ...CREDENTIAL_ELEMENT,
};
/** Set before the first check when the accounts showed another run's test values: then nothing is changed. */
let otherRun: string | undefined;
function recordWrite(id: string, fields: Record<string, string>): void {
  if (otherRun !== undefined) throw anotherRunFirst(otherRun, 'the account');
  const shown = Object.entries(fields).flatMap(([k, v]) => {
    const element = ELEMENT_OF[k];
    return element ? [[element, v] as const] : [];
  });
  writes.record(id, Object.fromEntries(shown));
}
/** A mobile as the account shows it: 07…, +44… and spaced forms are one number, read back 44… (TMR-MOBILE-FORMS). */
const canonical = (element: string, value: string): string =>
  element === 'notification_mobile' ? value.replace(/\s/g, '').replace(/^\+?44|^0/, '44') : value;
/** What this run may have put on account `id`, found there as `saved` before the run. */
const ownership = (id: string, saved: Account | undefined): Ownership => ({
  saved: saved ?? {},
  wrote: writes.wrote(id),
  runId: run,
  canon: canonical,
});
const ownAccount = async (): Promise<Ownership> => ownership(cfg.accountId, await originalAccount());

function modify(
  http: HttpClient,
  id: string,
  fields: Record<string, string>,
  auth: Auth = r.auth,
): Promise<Exchange> {
  recordWrite(id, fields);
  return http.send(modifyRequest(target, id, fields, auth));
}

/** A POST as the official PHP SDK sends it: multipart/form-data, every value (credentials too) a part. */
function modifyMultipart(http: HttpClient, id: string, fields: Record<string, string>): Promise<Exchange> {
  recordWrite(id, fields);
  const boundary = `----conformance${run}${randomAlnum(12)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return http.send({
    method: 'POST',
    url: accountUrl(id),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: '*/*' },
    body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
  });
}

/** A url-encoded POST to account `id` with the given fields only (the caller puts credentials where it means to). */
function postForm(
  http: HttpClient,
  id: string,
  fields: Record<string, string>,
  query = '',
): Promise<Exchange> {
  recordWrite(id, fields);
  return http.send({
    method: 'POST',
    url: `${accountUrl(id)}${query}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/xml, text/xml' },
    body: encodeForm(fields),
  });
}

function readBack(http: HttpClient, id: string = cfg.accountId, auth: Auth = r.auth): Promise<Exchange> {
  return http.send(readBackRequest(target, id, auth));
}

/** A request the suite means to be valid must be valid by the page's table (guards the suite itself). */
function valid(fields: Record<string, string>): Record<string, string> {
  const errs = schemaErrors(requestSchema, fields);
  if (errs.length > 0) throw new Error(`the suite built an invalid request: ${errs.join('; ')}`);
  return fields;
}

async function readAccount(http: HttpClient, what: string): Promise<Account> {
  return accountOf(await readBack(http), what);
}

// The accounts as they were before the suite touched them, to put them back afterwards (the
// vendor's restorer, shared with the contract driver and the restore journal). Their passwords are
// credentials (the web UI one, and the API one when accountId is not the login account): masked in
// every exchange recorded from now on.
const restoreContext = { http: suite.http, section: suite.context.config, baseUrl: suite.context.baseUrl };
let original: Promise<SavedAccounts | undefined> | undefined;
function originalAccounts(): Promise<SavedAccounts | undefined> {
  original ??= restorer
    .read(restoreContext)
    .then((json) => {
      const saved = json as unknown as SavedAccounts;
      for (const account of [saved.account, saved.sub])
        for (const k of ['password', 'api_password'] as const) if (account?.[k]) suite.secret(account[k]);
      return saved;
    })
    .catch(() => undefined);
  return original;
}
const originalAccount = async (): Promise<Account | undefined> => (await originalAccounts())?.account;

// Read before any check runs, so the passwords are masked from the first exchange on.
// Another run's test values in them (two runs at once): what was there before that run is unknown,
// so this one changes nothing (every check that would is errored) and puts back nothing.
beforeAll(async () => {
  const saved = await originalAccounts();
  otherRun = anotherRunIn({ ...saved?.account }, run) ?? anotherRunIn({ ...saved?.sub }, run);
});

// What the run changed is put back at the end, one field per request (credentials are put back at
// once by sendCredential). A restore that fails is said, not swallowed.
afterAll(async () => {
  const before = await originalAccounts();
  if (!before) {
    console.warn(
      'textmarketer: the account could not be read before the run; company name, notification email and mobile were not put back',
    );
    return;
  }
  const warnings = await putBackAccounts(restoreContext, before, ownership);
  for (const w of warnings) console.warn(suite.redactor.text(w));
});

const randomAlnum = (n: number) =>
  Array.from(
    { length: n },
    () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)],
  ).join('');

// ---------------------------------------------------------------- authentication

check(
  'TMR-AUTH-PARAMS',
  'a modification authenticated by username/password parameters is accepted',
  async ({ http }) => {
    await originalAccount();
    accountOf(
      await modify(http, cfg.accountId, valid({ company_name: freshCompany() }), 'params'),
      'POST with username/password',
    );
  },
);

check(
  'TMR-AUTH-BASIC',
  'a modification authenticated by HTTP Basic (no parameters) is accepted',
  async ({ http }) => {
    accountOf(
      await modify(http, cfg.accountId, valid({ company_name: freshCompany() }), 'basic'),
      'POST with HTTP Basic',
    );
  },
);

const wrongPassword = (): Auth => ({
  username: cfg.credentials.username,
  password: `${cfg.credentials.password}-wrong`,
  via: r.auth,
});
/** The statuses readings.authFailureStatuses names ([] when unset: any refusal). */
const authStatuses = r.authFailureStatuses ? r.authFailureStatuses.split(',').map(Number) : [];

function refused(ex: Exchange, what: string): void {
  if (is2xx(ex)) fail(what, { received: `HTTP ${ex.response.status}`, documented: 'a refusal (not 2xx)' });
}

check(
  'TMR-AUTH-REQUIRED',
  'no credentials, or a wrong password, is refused and changes nothing',
  async ({ http }) => {
    const marker = `Intruder ${run}`;
    const none = await modify(http, cfg.accountId, { company_name: marker }, 'none');
    refused(none, 'a modification without credentials was not refused');
    const wrong = await modify(http, cfg.accountId, { company_name: marker }, wrongPassword());
    refused(wrong, 'a modification with a wrong password was not refused');
    const after = await readAccount(http, 'reading the account back');
    if (after.company_name === marker)
      fail('an unauthenticated modification was applied', { received: `company_name ${marker}` });
  },
);

check(
  'TMR-AUTH-STATUS',
  'no credentials, or a wrong password, gets the configured status',
  async ({ http }) => {
    if (authStatuses.length === 0)
      notApplicable(
        'readings.authFailureStatuses is not set (the page gives no status for bad credentials)',
        {
          needs: 'readings.authFailureStatuses',
        },
      );
    const marker = `Intruder ${run}`;
    checkStatus(
      await modify(http, cfg.accountId, { company_name: marker }, 'none'),
      authStatuses,
      'a modification without credentials',
    );
    checkStatus(
      await modify(http, cfg.accountId, { company_name: marker }, wrongPassword()),
      authStatuses,
      'a modification with a wrong password',
    );
  },
);

check(
  'TMR-AUTH-QUERY',
  'a POST with username/password in the query string (GET variables) is accepted',
  async ({ http }) => {
    const company = freshCompany();
    const creds = new URLSearchParams(cfg.credentials).toString();
    const ex = await postForm(http, cfg.accountId, valid({ company_name: company }), `?${creds}`);
    accountOf(ex, 'POST with the credentials in the query string');
  },
);

/** Accepted, and applied: the answer shows the new company name, or else a read-back does. */
async function checkCompanyApplied(
  http: HttpClient,
  ex: Exchange,
  company: string,
  what: string,
): Promise<void> {
  expectSuccess(ex, what);
  let shown: string | undefined;
  try {
    shown = accountOf(ex, what).company_name;
  } catch {
    shown = undefined;
  }
  const back = shown === company ? undefined : await readAccount(http, 'reading the account back');
  if (
    back &&
    back.company_name !== company &&
    isAnothers('company_name', back.company_name, await ownAccount())
  )
    throw changedByAnother(['company_name'], `reading back ${what}`);
  checkElementApplied(ex, 'company_name', company, back, what);
}

check(
  'TMR-MULTIPART',
  'the PHP SDK request: multipart/form-data with apiClient, credentials and fields as parts',
  async ({ http }) => {
    const company = freshCompany();
    const ex = await modifyMultipart(http, cfg.accountId, {
      apiClient: 'tm-php-1.4',
      username: cfg.credentials.username,
      password: cfg.credentials.password,
      ...valid({ company_name: company }),
    });
    await checkCompanyApplied(http, ex, company, 'the multipart/form-data modification (PHP SDK)');
  },
);

check(
  'TMR-SDK-APICLIENT',
  'the Java SDK request: url-encoded with apiClient=tm-java-1.4.1 and credentials in the body',
  async ({ http }) => {
    const company = freshCompany();
    const ex = await postForm(http, cfg.accountId, {
      ...valid({ company_name: company }),
      username: cfg.credentials.username,
      password: cfg.credentials.password,
      apiClient: 'tm-java-1.4.1',
    });
    await checkCompanyApplied(http, ex, company, 'the url-encoded modification with apiClient (Java SDK)');
  },
);

check(
  'TMR-MASTER-ACCESS',
  'the master login modifies another account it has access to (subAccountId)',
  async ({ http }) => {
    const sub = cfg.subAccountId;
    if (sub === undefined)
      notApplicable('subAccountId is not configured (an account the login may modify besides accountId)', {
        needs: 'subAccountId',
      });
    const before = accountOf(await readBack(http, sub), 'reading the sub-account');
    // What is put back below is what this read shows: never another client's value.
    const others = anothersFields(before, ['company_name'], ownership(sub, (await originalAccounts())?.sub));
    if (others.length > 0) throw changedByAnother(others, 'reading the sub-account before changing it');
    // The company name is changed and put back; the page gives no way to clear it (3-40 characters),
    // so a sub-account without one is left untouched.
    const old = before.company_name;
    if (old === undefined || [...old].length < 3)
      notApplicable(
        `the sub-account ${sub} shows no company name of 3 to 40 characters: one set there could not be put back (the page gives no way to clear it). Configure a subAccountId whose account has a company name`,
        { needs: 'subAccountId' },
      );
    const company = freshCompany();
    const ex = await modify(http, sub, valid({ company_name: company }));
    try {
      expectSuccess(ex, 'modifying the sub-account');
    } finally {
      if (ex.response.status === 200)
        expectSuccess(await modify(http, sub, { company_name: old }), 'putting the sub-account back');
    }
  },
);

// ---------------------------------------------------------------- the success body

const fullChange = (v = fresh()) => valid({ company_name: v.company, [EMAIL]: v.email, [MOBILE]: v.mobile });

check(
  'TMR-SUCCESS-DTD',
  'the success body validates against the DTD printed on the page',
  async ({ http }) => {
    checkDtd(await modify(http, cfg.accountId, fullChange()));
  },
);

check(
  'TMR-SUCCESS-DOCTYPE',
  "the success body's DOCTYPE carries the page's public identifier",
  async ({ http }) => {
    checkDoctype(await modify(http, cfg.accountId, fullChange()), '');
  },
);

check(
  'TMR-DOCTYPE-SYSTEM-ID',
  "the success body's DOCTYPE carries the configured system identifier",
  async ({ http }) => {
    if (!r.expectedSystemId)
      notApplicable(
        'readings.expectedSystemId is not set (the page names groups_get.dtd for an account answer)',
        {
          needs: 'readings.expectedSystemId',
        },
      );
    checkSystemId(await modify(http, cfg.accountId, fullChange()), r.expectedSystemId);
  },
);

check('TMR-ENCODING-DECLARED', 'the success body declares ISO-8859-1', async ({ http }) => {
  checkEncodingDeclared(await modify(http, cfg.accountId, fullChange()));
});

check('TMR-PROCESSED-DATE', 'the success response carries processed_date', async ({ http }) => {
  checkProcessedDate(await modify(http, cfg.accountId, fullChange()));
});

check('TMR-PROCESSED-DATE-FORMAT', 'processed_date is an ISO 8601 date-time', async ({ http }) => {
  checkProcessedDateFormat(await modify(http, cfg.accountId, fullChange()));
});

check(
  'TMR-SHOWS-VALUES',
  'the success response shows the company name, email and mobile just set',
  async ({ http }) => {
    const v = fresh();
    const ex = await modify(http, cfg.accountId, fullChange(v));
    checkFields(
      accountOf(ex, 'the modification'),
      { company_name: v.company, notification_email: v.email, notification_mobile: v.mobile },
      'the response does not show the values just set',
      ELEMENTS,
    );
  },
);

check('TMR-READBACK', 'GET account/{id} agrees with the modify response', async ({ http }) => {
  const changed = accountOf(await modify(http, cfg.accountId, fullChange()), 'the modification');
  const back = await readAccount(http, 'reading the account back');
  checkReadFields(
    back,
    changed,
    'the read-back differs from the modify response',
    await ownAccount(),
    ELEMENTS,
  );
});

check(
  'TMR-READBACK-AUTH-PARAMS',
  'GET account/{id} with username/password in the query string (as the SDKs send it) is answered',
  async ({ http }) => {
    accountOf(await readBack(http, cfg.accountId, 'params'), 'GET with username/password parameters');
  },
);

check(
  'TMR-READBACK-AUTH-BASIC',
  'GET account/{id} with HTTP Basic (no parameters) is answered',
  async ({ http }) => {
    accountOf(await readBack(http, cfg.accountId, 'basic'), 'GET with HTTP Basic');
  },
);

check('TMR-NONASCII-ROUNDTRIP', 'a Latin-1 company name reads back exactly', async ({ http }) => {
  const name = `Café Zoë £ ${run}`;
  expectSuccess(
    await modify(http, cfg.accountId, valid({ company_name: name })),
    'setting a Latin-1 company name',
  );
  const back = await readAccount(http, 'reading the account back');
  checkReadFields(
    back,
    { company_name: name },
    'the Latin-1 company name did not come back as sent (encoding)',
    await ownAccount(),
    ELEMENTS,
  );
});

check('TMR-UNCHANGED-OPTIONAL', 'fields that are not sent keep their values', async ({ http }) => {
  const v = fresh();
  expectSuccess(await modify(http, cfg.accountId, fullChange(v)), 'setting company, email and mobile');
  const only = freshCompany();
  expectSuccess(
    await modify(http, cfg.accountId, valid({ company_name: only })),
    'setting the company name alone',
  );
  const back = await readAccount(http, 'reading the account back');
  checkReadFields(
    back,
    { company_name: only, notification_email: v.email, notification_mobile: v.mobile },
    'a field that was not sent changed',
    await ownAccount(),
    ELEMENTS,
  );
});

// ---------------------------------------------------------------- field rules

/** What a credential field holds now (read back), else before the run, else (API ones) the login's. */
async function valueBefore(http: HttpClient, field: string): Promise<string | undefined> {
  const element = CREDENTIAL_ELEMENT[field];
  if (!element) throw new Error(`not a credential field: ${field}`);
  const before = await readBack(http)
    .then((ex) => (ex.response.status === 200 ? accountOf(ex, 'reading') : undefined))
    .catch(() => undefined);
  const login = element === 'api_username' ? cfg.credentials.username : cfg.credentials.password;
  const isApi = element === 'api_username' || element === 'api_password';
  // The value read here is what the check puts back: never another client's.
  if (isAnothers(element, before?.[element], await ownAccount()))
    throw changedByAnother([element], `reading ${field} before changing it`);
  return before?.[element] ?? (await originalAccount())?.[element] ?? (isApi ? login : undefined);
}

/**
 * Sends one credential field. A value the target accepts (rightly on the valid side, wrongly on the
 * invalid side) is put back at once, one field per request, to the value read just before (else the
 * one read before the run; for an API credential, else the configured login's); a put-back that is
 * not accepted fails the check. An API credential is put back logging in with the new value if the
 * old one no longer works: a broken target must not lock the suite, or the user, out.
 */
async function sendCredential(
  http: HttpClient,
  field: string,
  value: string,
  opts: { verify?: boolean; previous?: string | undefined; stopOnPutBackFailure?: boolean } = {},
): Promise<{ ex: Exchange; readBack?: Account }> {
  const element = CREDENTIAL_ELEMENT[field];
  if (!element) throw new Error(`not a credential field: ${field}`);
  const isApi = element === 'api_username' || element === 'api_password';
  const previous = opts.previous ?? (await valueBefore(http, field));
  const ex = await modify(http, cfg.accountId, { [field]: value });
  const asNew: Auth = {
    ...cfg.credentials,
    ...(element === 'api_username'
      ? { username: value }
      : element === 'api_password'
        ? { password: value }
        : {}),
    via: r.auth,
  };
  let after: Account | undefined;
  if (opts.verify && ex.response.status === 200) {
    // Applied? When the answer does not show it, a read-back (as the new login, for an API credential) may.
    let shown: string | undefined;
    try {
      shown = accountOf(ex, 'the modification')[element];
    } catch {
      shown = undefined;
    }
    if (shown !== value) {
      const back = await readBack(http, cfg.accountId, isApi ? asNew : r.auth);
      if (isApi && back.response.status !== 200) after = await readAccount(http, 'reading the account back');
      else after = accountOf(back, 'reading the account back');
    }
  }
  if (ex.response.status === 200 && previous !== undefined && previous !== value) {
    const what = `putting ${field} back after the target accepted ${JSON.stringify(value)}`;
    let back = await modify(http, cfg.accountId, { [field]: previous });
    if (isApi && back.response.status !== 200)
      back = await modify(http, cfg.accountId, { [field]: previous }, asNew);
    if (opts.stopOnPutBackFailure && back.response.status !== 200)
      // Generated values: no further value (nor shrinking) may be sent on an account not put back.
      throw new PreconditionLost(
        `${what} failed (HTTP ${back.response.status}): the generated values stop here`,
      );
    expectSuccess(back, what);
  }
  return after ? { ex, readBack: after } : { ex };
}

for (const rule of CREDENTIAL_RULES) {
  const f = rule.field;
  const isPassword = f === 'account_password' || f === 'account_api_password';
  check(rule.lengthId, `${f}: 4 and 21 characters are refused with error 4`, async ({ http }) => {
    checkErrorCode((await sendCredential(http, f, 'abcd')).ex, 4, `${f} of 4 characters`);
    checkErrorCode((await sendCredential(http, f, 'abcdefghij0123456789x')).ex, 4, `${f} of 21 characters`);
  });

  check(rule.patternId, `${f}: '!' and an accented letter are refused with error 5`, async ({ http }) => {
    checkErrorCode((await sendCredential(http, f, 'abc!defg')).ex, 5, `${f} with '!'`);
    checkErrorCode((await sendCredential(http, f, 'abcdéfgh')).ex, 5, `${f} with 'é'`);
  });

  const applicable = () => {
    if (rule.isApiCredential && !cfg.mutateApiCredentials) {
      notApplicable('mutateApiCredentials is off: the suite does not change the API credentials on purpose');
    }
  };

  check(rule.lengthId, `${f}: 5 and 20 characters are accepted and shown`, async ({ http, secret }) => {
    applicable();
    for (const value of [`${randomAlnum(1)}${run}`.slice(0, 5), `${run}${randomAlnum(20)}`.slice(0, 20)]) {
      valid({ [f]: value });
      if (isPassword) secret(value);
      const sent = await sendCredential(http, f, value, { verify: true });
      checkCredentialApplied(sent.ex, f, value, sent.readBack);
    }
  });

  check(
    rule.patternId,
    `${f}: letters, digits, '-' and '_' are accepted and shown`,
    async ({ http, secret }) => {
      applicable();
      const value = `Ab-_${randomAlnum(6)}`;
      valid({ [f]: value });
      if (isPassword) secret(value);
      const sent = await sendCredential(http, f, value, { verify: true });
      checkCredentialApplied(sent.ex, f, value, sent.readBack);
    },
  );
}

check(
  'TMR-COMPANY-LENGTH',
  'company_name: 2 and 41 characters are refused with error 4',
  async ({ http }) => {
    checkErrorCode(
      await modify(http, cfg.accountId, { company_name: 'ab' }),
      4,
      'company_name of 2 characters',
    );
    checkErrorCode(
      await modify(http, cfg.accountId, { company_name: 'x'.repeat(41) }),
      4,
      'company_name of 41 characters',
    );
  },
);

check('TMR-COMPANY-LENGTH', 'company_name: 3 and 40 characters are accepted', async ({ http }) => {
  expectSuccess(
    await modify(http, cfg.accountId, valid({ company_name: 'C&Y' })),
    'company_name of 3 characters',
  );
  const forty = `Company ${run} `.padEnd(40, 'x');
  expectSuccess(
    await modify(http, cfg.accountId, valid({ company_name: forty })),
    'company_name of 40 characters',
  );
});

// "No special restrictions": the characters XML must escape are accepted and come back as sent.
check(
  'TMR-COMPANY-SPECIAL-CHARS',
  `company_name with '<', '>', '"' and '&' comes back exactly as sent`,
  async ({ http }) => {
    const name = `<${freshCompany()}> "Q"`;
    const ex = await modify(http, cfg.accountId, valid({ company_name: name }));
    await checkCompanyApplied(http, ex, name, `company_name ${JSON.stringify(name)}`);
  },
);

check('TMR-EMAIL-INVALID', 'an invalid notification email is refused with error 2', async ({ http }) => {
  checkErrorCode(
    await modify(http, cfg.accountId, { [EMAIL]: 'not-an-email' }),
    2,
    `${EMAIL} "not-an-email"`,
  );
  checkErrorCode(
    await modify(http, cfg.accountId, { [EMAIL]: 'two@@example.com' }),
    2,
    `${EMAIL} "two@@example.com"`,
  );
});

check('TMR-MOBILE-INVALID', 'a number that is not a UK mobile is refused with error 3', async ({ http }) => {
  checkErrorCode(await modify(http, cfg.accountId, { [MOBILE]: '12345' }), 3, `${MOBILE} "12345"`);
  checkErrorCode(
    await modify(http, cfg.accountId, { [MOBILE]: '33612345678' }),
    3,
    `${MOBILE} "33612345678" (a French mobile)`,
  );
});

/** The same valid address in common forms: plus tag and dots in a subdomain, and capitals. */
function emailForms(): string[] {
  const own = cfg.notificationEmails?.[0];
  const n = randomAlnum(4);
  if (own) {
    const at = own.lastIndexOf('@');
    const local = own.slice(0, at);
    const domain = own.slice(at + 1);
    return [`${local}+tm.${run}.${n}@${domain}`, `${local}@${domain.toUpperCase()}`];
  }
  return [`first.last+tm-${run}-${n}@mail.example.com`, `Conformance.${run}.${n}@Example.COM`];
}

check('TMR-EMAIL-FORMS', 'valid addresses in common forms are accepted', async ({ http }) => {
  for (const email of emailForms()) {
    expectSuccess(await modify(http, cfg.accountId, valid({ [EMAIL]: email })), `${EMAIL} "${email}"`);
  }
});

check(
  'TMR-MOBILE-FORMS',
  'a UK mobile in its common written forms (447…, 07…, +447…, with a space) is accepted',
  async ({ http }) => {
    const m = fresh().mobile; // 447XXXXXXXXX: the tester's own when configured, else the drama range
    const national = `0${m.slice(2)}`;
    for (const form of [m, national, `+${m}`, `${national.slice(0, 5)} ${national.slice(5)}`]) {
      expectSuccess(await modify(http, cfg.accountId, valid({ [MOBILE]: form })), `${MOBILE} "${form}"`);
    }
  },
);

check('TMR-USERNAME-TAKEN', 'a username already in use is refused with error 7', async ({ http }) => {
  checkErrorCode(
    (await sendCredential(http, 'account_username', cfg.takenUsername)).ex,
    7,
    'account_username already in use',
  );
});

check('TMR-USERNAME-TAKEN', 'an API username already in use is refused with error 7', async ({ http }) => {
  if (cfg.takenApiUsername === undefined) notApplicable('takenApiUsername is not configured');
  checkErrorCode(
    (await sendCredential(http, 'account_api_username', cfg.takenApiUsername)).ex,
    7,
    'account_api_username already in use',
  );
});

// ---------------------------------------------------------------- generated inputs (issue 12)
// The page's input domains (domains.ts), explored value by value (src/generate.ts explore: boundary
// values first, then --examples random ones from --seed; a failing one shrunk and reported with the
// seed that replays it). Each value is sent the way the hand-picked checks above send it, judged by
// the same pure checks. What a value costs: one request; a valid web UI credential's values follow one
// another and are put back once at the end; an API credential (the suite's own login) is put back at
// once, logging in as the value the answer shows in force (one request, not a refused one first);
// company name, email and mobile are put back by afterAll. The value to put back is known without a
// read: an API credential's is the configured login, a web UI one's the value read before the run
// (read once only when the target did not show it then).

/**
 * Puts an API credential back at once after the target took a generated value (`sent`, sent with no
 * put-back of its own): logging in as the new value first when the answer or the read-back shows it
 * in force, since the old login no longer works then; else as the old one first. A put-back refused
 * both ways stops the exploration: no further value may be sent on an account not put back.
 */
async function putBackApiCredential(
  http: HttpClient,
  field: string,
  value: string,
  login: string,
  sent: { ex: Exchange; readBack?: Account },
): Promise<void> {
  const element = CREDENTIAL_ELEMENT[field];
  if (element !== 'api_username' && element !== 'api_password')
    throw new Error(`not an API credential: ${field}`);
  if (sent.ex.response.status !== 200 || value === login) return;
  let shown: string | undefined;
  try {
    shown = accountOf(sent.ex, 'the modification')[element];
  } catch {
    shown = undefined;
  }
  const asNew: Auth = {
    ...cfg.credentials,
    ...(element === 'api_username' ? { username: value } : { password: value }),
    via: r.auth,
  };
  const inForce = shown === value || sent.readBack?.[element] === value;
  let status = 0;
  for (const auth of inForce ? [asNew, r.auth] : [r.auth, asNew]) {
    status = (await modify(http, cfg.accountId, { [field]: login }, auth)).response.status;
    if (status === 200) return;
  }
  throw new PreconditionLost(
    `putting ${field} back after the target accepted a generated value failed (HTTP ${status}): the generated values stop here`,
  );
}

/** The value a credential field holds before its generated values, without a request where the run knows it. */
async function heldBefore(http: HttpClient, field: string, isApi: boolean): Promise<string | undefined> {
  if (isApi) return field === 'account_api_username' ? cfg.credentials.username : cfg.credentials.password;
  const element = CREDENTIAL_ELEMENT[field] as string;
  return (await originalAccount())?.[element] ?? (await valueBefore(http, field));
}

/** An answer the page allows for reasons other than the rule (rate limiting, HTTP 503) ends the exploration unjudged. */
function judgeable(ex: Exchange): Exchange {
  if (ex.response.status === 429 || ex.response.status === 503)
    throw new PreconditionLost(
      `the target refused a generated value with HTTP ${ex.response.status} (rate limiting): replay more slowly with --rate`,
    );
  return ex;
}

/** A generated username refused only as taken (error 7) by someone else's account is not judged by this rule. */
const takenOnly = (field: string, ex: Exchange): boolean =>
  (field === 'account_username' || field === 'account_api_username') &&
  ex.response.status !== 200 &&
  errorCodes(ex).length > 0 &&
  errorCodes(ex).every((code) => code === 7);

for (const rule of CREDENTIAL_RULES) {
  const f = rule.field;
  const isPassword = f === 'account_password' || f === 'account_api_password';
  const sides = credentialDomains(f);
  const explorer =
    (side: DomainSide<string>, expect: 'shown' | 4 | 5) => async (c: CheckContext<TextMarketerConfig>) => {
      // The API credentials are the suite's own login: changed on purpose only when the config allows.
      if (rule.isApiCredential && !cfg.mutateApiCredentials)
        notApplicable(
          'mutateApiCredentials is off: the suite does not change the API credentials on purpose',
        );
      const previous = await heldBefore(c.http, f, rule.isApiCredential);
      // Valid web UI values follow one another and are put back once, at the end (one request per
      // value, not two); an API credential is the suite's login and is put back at once
      // (putBackApiCredential), as are invalid values a broken target takes.
      const chain = expect === 'shown' && !rule.isApiCredential;
      let taken = 0;
      let sentAny = false;
      let settled = false;
      try {
        await explore(c, side, async (value) => {
          // A password the target may take for a moment is a secret (shorter ones a correct target refuses).
          if (isPassword && value.length >= 5) c.secret(value);
          sentAny = true;
          const ownPutBack = rule.isApiCredential && previous !== undefined;
          const sent = await sendCredential(c.http, f, value, {
            verify: expect === 'shown',
            previous: chain || ownPutBack ? value : previous,
            stopOnPutBackFailure: true,
          });
          if (ownPutBack) await putBackApiCredential(c.http, f, value, previous, sent);
          judgeable(sent.ex);
          if (expect === 'shown') {
            if (takenOnly(f, sent.ex)) {
              taken += 1;
              return;
            }
            checkCredentialApplied(sent.ex, f, value, sent.readBack);
          } else checkErrorCode(sent.ex, expect, `${f} ${JSON.stringify(value)}`);
        });
        settled = true;
      } finally {
        if (chain && sentAny && previous !== undefined) {
          const back = await modify(c.http, cfg.accountId, { [f]: previous });
          const what = `putting ${f} back after its generated values`;
          // A failing put-back never hides the failure that ended the exploration: then it is a warning.
          if (settled) expectSuccess(back, what);
          else if (back.response.status !== 200)
            console.warn(`textmarketer: ${what} failed (HTTP ${back.response.status})`);
        }
      }
      if (taken > 0)
        c.note(`${f}: ${taken} generated value(s) refused as already in use (error 7): not judged`);
    };
  check(
    rule.lengthId,
    `generated: ${f} of 5 to 20 characters is accepted and shown`,
    explorer(sides.lengthValid, 'shown'),
  );
  check(
    rule.lengthId,
    `generated: ${f} shorter or longer is refused with error 4`,
    explorer(sides.lengthInvalid, 4),
  );
  check(
    rule.patternId,
    `generated: ${f} of each allowed character kind is accepted and shown`,
    explorer(sides.patternValid, 'shown'),
  );
  check(
    rule.patternId,
    `generated: ${f} with one foreign character is refused with error 5`,
    explorer(sides.patternInvalid, 5),
  );
}

const company = companyDomains();

check('TMR-COMPANY-LENGTH', 'generated: company_name of 3 to 40 characters is accepted', async (c) => {
  await explore(c, company.lengthValid, async (name) => {
    expectSuccess(
      judgeable(await modify(c.http, cfg.accountId, valid({ company_name: name }))),
      `company_name ${JSON.stringify(name)}`,
    );
  });
});

check(
  'TMR-COMPANY-LENGTH',
  'generated: company_name shorter or longer is refused with error 4',
  async (c) => {
    await explore(c, company.lengthInvalid, async (name) => {
      checkErrorCode(
        judgeable(await modify(c.http, cfg.accountId, { company_name: name })),
        4,
        `company_name of ${[...name].length} characters`,
      );
    });
  },
);

check(
  'TMR-COMPANY-SPECIAL-CHARS',
  'generated: company_name of any printable ASCII comes back exactly as sent',
  async (c) => {
    await explore(c, company.ascii, async (name) => {
      const ex = judgeable(await modify(c.http, cfg.accountId, valid({ company_name: name })));
      await checkCompanyApplied(c.http, ex, name, `company_name ${JSON.stringify(name)}`);
    });
  },
);

check(
  'TMR-NONASCII-ROUNDTRIP',
  'generated: company_name of Latin-1 characters comes back exactly as sent',
  async (c) => {
    await explore(c, company.latin1, async (name) => {
      const ex = judgeable(await modify(c.http, cfg.accountId, valid({ company_name: name })));
      await checkCompanyApplied(c.http, ex, name, `company_name ${JSON.stringify(name)}`);
    });
  },
);

const email = emailDomains(cfg.notificationEmails);

check('TMR-EMAIL-FORMS', 'generated: valid notification emails are accepted', async (c) => {
  await explore(c, email.valid, async (address) => {
    expectSuccess(
      judgeable(await modify(c.http, cfg.accountId, valid({ [EMAIL]: address }))),
      `${EMAIL} ${JSON.stringify(address)}`,
    );
  });
});

check('TMR-EMAIL-INVALID', 'generated: invalid notification emails are refused with error 2', async (c) => {
  await explore(c, email.invalid, async (address) => {
    checkErrorCode(
      judgeable(await modify(c.http, cfg.accountId, { [EMAIL]: address })),
      2,
      `${EMAIL} ${JSON.stringify(address)}`,
    );
  });
});

const mobile = mobileDomains(cfg.notificationMobiles);

check('TMR-MOBILE-FORMS', 'generated: UK mobiles in their written forms are accepted', async (c) => {
  await explore(c, mobile.valid, async (number) => {
    expectSuccess(
      judgeable(await modify(c.http, cfg.accountId, valid({ [MOBILE]: number }))),
      `${MOBILE} ${JSON.stringify(number)}`,
    );
  });
});

check(
  'TMR-MOBILE-INVALID',
  'generated: numbers that are not UK mobiles are refused with error 3',
  async (c) => {
    await explore(c, mobile.invalid, async (number) => {
      checkErrorCode(
        judgeable(await modify(c.http, cfg.accountId, { [MOBILE]: number })),
        3,
        `${MOBILE} ${JSON.stringify(number)}`,
      );
    });
  },
);

// ---------------------------------------------------------------- account access

check('TMR-404-UNKNOWN', 'an account ID that does not exist gives HTTP 404', async ({ http }) => {
  checkStatus(
    await modify(http, cfg.unknownAccountId, valid({ company_name: freshCompany() })),
    [404],
    'unknown account ID',
  );
});

// No modification field at all (every one is optional): a target that wrongly lets the request
// through must not change another customer's account.
check('TMR-403-FOREIGN', 'an account the credentials may not access gives HTTP 403', async ({ http }) => {
  checkStatus(
    await modify(http, cfg.foreignAccountId, {}),
    [403],
    "another customer's account (a POST with the credentials only)",
  );
});

// ---------------------------------------------------------------- errors
// The error checks provoke their error with a 2-character company name (code 4): no single-rule
// fault of the field checks above touches it, so a broken rule fails its own requirement only.
const TOO_SHORT = { company_name: 'ab' };

check(
  'TMR-ERROR-ENVELOPE',
  'a validation error comes in the <errors><error code> envelope',
  async ({ http }) => {
    checkErrorEnvelope(await modify(http, cfg.accountId, TOO_SHORT));
  },
);

check(
  'TMR-ERROR-STATUS',
  'a validation error is answered with the configured HTTP status',
  async ({ http }) => {
    checkStatus(await modify(http, cfg.accountId, TOO_SHORT), [r.errorStatus], 'a validation error');
  },
);

check('TMR-ERROR-NO-CHANGE', 'a refused request leaves even its valid fields unapplied', async ({ http }) => {
  const attempted = fresh().email;
  const ex = await modify(http, cfg.accountId, { ...TOO_SHORT, [EMAIL]: attempted });
  checkErrorCode(ex, 4, 'a request with one invalid field');
  const after = await readAccount(http, 'reading the account back');
  if (after.notification_email === attempted) {
    fail('a refused request changed the account', {
      received: `notification_email ${JSON.stringify(after.notification_email)} after an answer with error 4`,
      documented: 'an error answer, and the account as it was',
    });
  }
});

// ---------------------------------------------------------------- two faults at once
// Only invalid values are sent (no valid field rides along: that is TMR-ERROR-NO-CHANGE's concern),
// so "nothing changed" means no invalid value got in, whichever error the target reports.
const WATCHED = ['company_name', 'notification_email', 'notification_mobile', 'username'] as const;

/**
 * Sends a refused request between two reads; nothing may change. A field that changed to a value
 * this request did not send (nor one carrying the run id) was changed by another client: the
 * fields this request could have changed are judged first, then the check is errored, not failed.
 */
async function combined(
  http: HttpClient,
  send: () => Promise<Exchange>,
  what: string,
  sent: Record<string, string>,
): Promise<Exchange> {
  const before = await readAccount(http, 'reading the account before');
  const ex = await send();
  const after = await readAccount(http, 'reading the account back');
  const wrote = Object.fromEntries(Object.entries(sent).map(([k, v]) => [ELEMENT_OF[k] ?? k, [v]]));
  const others = anothersFields(after, WATCHED, { saved: before, wrote, runId: run, canon: canonical });
  checkUnchanged(
    before,
    after,
    WATCHED.filter((f) => !others.includes(f)),
    what,
  );
  if (others.length > 0) throw changedByAnother(others, what);
  return ex;
}

const BAD_EMAIL = 'not-an-email';

check(
  'TMR-ERROR-COMBINED',
  'a wrong password and a too-short company name: one of the two errors',
  async ({ http }) => {
    const what = 'a wrong password with a 2-character company name';
    const ex = await combined(
      http,
      () => modify(http, cfg.accountId, TOO_SHORT, wrongPassword()),
      what,
      TOO_SHORT,
    );
    checkOneOfErrors(ex, { codes: [4], nonField: true }, what);
  },
);

check(
  'TMR-ERROR-COMBINED',
  'an unknown account and a too-short company name: HTTP 404 or error 4',
  async ({ http }) => {
    const what = 'an unknown account ID with a 2-character company name';
    const ex = await combined(http, () => modify(http, cfg.unknownAccountId, TOO_SHORT), what, TOO_SHORT);
    checkOneOfErrors(ex, { codes: [4], nonField: true, statuses: [404] }, what);
  },
);

check(
  'TMR-ERROR-COMBINED',
  'a too-short company name and an invalid email: error 4 or 2',
  async ({ http }) => {
    const what = 'a 2-character company name with an invalid email';
    const ex = await combined(
      http,
      () => modify(http, cfg.accountId, { ...TOO_SHORT, [EMAIL]: BAD_EMAIL }),
      what,
      { ...TOO_SHORT, [EMAIL]: BAD_EMAIL },
    );
    checkOneOfErrors(ex, { codes: [4, 2] }, what);
  },
);

check(
  'TMR-ERROR-COMBINED',
  "a username both too short and off-pattern ('ab!d'): error 4 or 5",
  async ({ http }) => {
    const what = "account_username 'ab!d' (4 characters, with '!')";
    const ex = await combined(
      http,
      async () => (await sendCredential(http, 'account_username', 'ab!d')).ex,
      what,
      { account_username: 'ab!d' },
    );
    checkOneOfErrors(ex, { codes: [4, 5] }, what);
  },
);

check(
  'TMR-ERROR-PRECEDENCE',
  'credentials before the account before the fields; every refused field reported',
  async ({ http }) => {
    if (r.errorPrecedence !== 'auth-account-fields')
      notApplicable('readings.errorPrecedence is "any" (the page does not order its errors)', {
        needs: 'readings.errorPrecedence',
      });
    const fieldCodes = (ex: Exchange) => errorCodes(ex).filter((c) => FIELD_CODES.includes(c));
    const auth = await modify(http, cfg.accountId, TOO_SHORT, wrongPassword());
    if (
      fieldCodes(auth).length > 0 ||
      (authStatuses.length > 0 && !authStatuses.includes(auth.response.status))
    )
      fail('a wrong password with an invalid field: the field error won over the credentials', {
        received: `HTTP ${auth.response.status}, error codes ${errorCodes(auth).join(', ') || 'none'}`,
        documented: `the credentials refusal${authStatuses.length ? ` (HTTP ${authStatuses.join(' or ')})` : ''}, no field error`,
      });
    refused(auth, 'a wrong password with an invalid field was not refused');
    const unknown = await modify(http, cfg.unknownAccountId, TOO_SHORT);
    if (unknown.response.status !== 404 || fieldCodes(unknown).length > 0)
      fail('an unknown account with an invalid field: the field error won over the account', {
        received: `HTTP ${unknown.response.status}, error codes ${errorCodes(unknown).join(', ') || 'none'}`,
        documented: 'HTTP 404, no field error',
      });
    const both = await modify(http, cfg.accountId, { ...TOO_SHORT, [EMAIL]: BAD_EMAIL });
    const codes = fieldCodes(both);
    if (!codes.includes(4) || !codes.includes(2))
      fail('two invalid fields: not both reported', {
        received: `HTTP ${both.response.status}, error codes ${codes.join(', ') || 'none'}`,
        documented: '<error code="4"> and <error code="2">',
      });
  },
);

check('TMR-CREATE-DATE-FORMAT', 'create_date is an ISO 8601 date-time', async ({ http }) => {
  if (r.createDateFormat !== 'iso8601')
    notApplicable('readings.createDateFormat is "any" (the page\'s example has a five-digit year)', {
      needs: 'readings.createDateFormat',
    });
  checkCreateDate(await readAccount(http, 'reading the account'));
});

// ---------------------------------------------------------------- media types (declared last)
// Judges every response the checks above received (suite.seen()); judgedForMediaType says which and why.
check('TMR-MEDIA-TYPE', 'every response the suite received is labelled as the XML it carries', () => {
  const seen = suite.seen();
  if (!seen.some(judgedForMediaType)) notApplicable('no response with a body was received to judge');
  const accept = listReading(r.legacyMediaTypes);
  checkMediaTypes(seen, accept);
});
