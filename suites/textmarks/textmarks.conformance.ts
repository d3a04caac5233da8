// TextMarks "TextMarkManager / set_integration_config()" conformance suite. A plain vitest file: the
// engine (or the root vitest config) provides the target; each check names the requirement(s) it
// enforces. The suite changes group_callback_url and private_token of the configured TextMark and
// puts back what it read at the start (afterAll).
//
// Failed logins: each run sends two requests without auth_pass and one with a wrong auth_pass for
// auth_user (TXM-AUTH-PASS-REQUIRED, TXM-AUTH-WRONG-PASS, and the double errors of TXM-JSONP-ERRORS
// and TXM-ERROR-HTTP-STATUS), four refused logins in all. A target that locks an account after a few
// failed logins may lock auth_user when the suite runs several times in a row: the suite does not
// try to avoid it (the error checks need those requests); mind it on a real target.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { fail, notApplicable } from '../../src/check.ts';
import type { Exchange, HttpClient } from '../../src/http.ts';
import { defineSuite } from '../../src/suite.ts';
import { schemaErrors } from '../../src/validate/json-schema.ts';
import {
  checkCallbackNotEchoed,
  checkCleared,
  checkEnvelope,
  checkHttpStatus,
  checkJsonp,
  checkNotWrapped,
  checkSettings,
  checkSignature,
  evidence,
  expectRefused,
  expectRescode,
  expectSuccess,
  findRescode,
  isCleared,
  readLeniently,
  rescodeOf,
  secretsIn,
  settingsOf,
} from './checks.ts';
import { type TextMarksConfig, withDefaults } from './config.ts';
import { SCHEMAS } from './schemas.ts';
import { loadSigner } from './signer.ts';

const suite = defineSuite<TextMarksConfig>('textmarks');
const cfg = withDefaults(suite.config);
const r = cfg.readings;
const run = suite.context.runId;
const tokenShown = r.privateTokenReadBack === 'shown';

// Values unique to this run and to each use: two runs never collide, and a target that answers
// with a stale value cannot pass by luck.
let serial = 0;
const next = () => {
  serial += 1;
  return serial;
};
const freshUrl = () => `https://example.com/conformance/${run}-${next()}.php`;
const freshToken = () => `tok_${run}_${next()}`;

type Method = 'set_integration_config' | 'integration_config';

function apiUrl(method: Method): string {
  return `${suite.context.baseUrl}${r.pathStyle === 'double' ? '//' : '/'}TextMarkManager/${method}/`;
}

const auth = () => ({ auth_user: cfg.auth_user, auth_pass: cfg.auth_pass, tm: cfg.tm });

function post(http: HttpClient, method: Method, fields: Record<string, string>): Promise<Exchange> {
  return http.send({
    method: 'POST',
    url: apiUrl(method),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json, text/javascript',
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A request the suite means to be valid must be valid by the page's Args table (guards the suite). */
function valid(fields: Record<string, string>, schema: object = SCHEMAS.setRequest): Record<string, string> {
  const errs = schemaErrors(schema, fields);
  if (errs.length > 0) throw new Error(`the suite built an invalid request: ${errs.join('; ')}`);
  return fields;
}

let tokenChanged = false;
function set(http: HttpClient, fields: Record<string, string>): Promise<Exchange> {
  if (fields.private_token !== undefined && fields.auth_pass === cfg.auth_pass) tokenChanged = true;
  return post(http, 'set_integration_config', fields);
}

function readBack(http: HttpClient, extra: Record<string, string> = {}): Promise<Exchange> {
  return post(http, 'integration_config', valid({ ...auth(), ...extra }, SCHEMAS.integrationConfigRequest));
}

async function settings(
  http: HttpClient,
  what = 'reading the settings back',
): Promise<Record<string, unknown>> {
  return settingsOf(await readBack(http), r.readbackPath, what);
}

/** A value made of one masking character only ("********"): a read-back that hides the token. */
const MASKED = /^[*•xX]+$/;

/**
 * The suite changes private_token only when it can put the original back: given as
 * restorePrivateToken, or shown (unmasked) by the read-back at the start. Otherwise why not, or
 * undefined when it may.
 */
function tokenChangeRefused(): string | undefined {
  if (cfg.restorePrivateToken !== undefined) return undefined;
  if (!tokenShown)
    return 'readings.privateTokenReadBack is "hidden" and no restorePrivateToken is configured: the suite does not change private_token';
  if (!original || !('private_token' in original))
    return 'the read-back at the start showed no private_token, so the suite could not put it back: configure restorePrivateToken (or readings.privateTokenReadBack = hidden)';
  const shown = original.private_token;
  if (typeof shown === 'string' && MASKED.test(shown))
    return 'the read-back at the start showed private_token masked, so the suite could not put it back: configure restorePrivateToken (and readings.privateTokenReadBack = hidden if it is never shown)';
  return undefined;
}

function needTokenChange(): void {
  const why = tokenChangeRefused();
  if (why) notApplicable(why);
}

/** The expected settings, private_token only where the target shows it. */
function expected(url: string, token?: string): Record<string, string> {
  return token !== undefined && tokenShown
    ? { group_callback_url: url, private_token: token }
    : { group_callback_url: url };
}

// ---------------------------------------------------------------- the settings as found, put back at the end

let original: Record<string, unknown> | undefined;

beforeAll(async () => {
  const first = await readBack(suite.http).catch(() => undefined);
  if (!first) return;
  // The original private_token, and whatever else the read-back holds under a key naming a secret
  // (wherever it sits), is a secret the config does not hold: the engine masks it from now on.
  for (const value of secretsIn(readLeniently(first).value)) suite.secret(value);
  try {
    original = settingsOf(first, r.readbackPath, 'reading the settings before the run');
  } catch {
    original = undefined;
  }
});

// What the suite changed is put back. If the first read-back failed there is nothing to put back
// from: group_callback_url is cleared (NONE) rather than left on a suite URL, and private_token is
// restored only from restorePrivateToken (the token-changing checks ran only if it is configured).
// A token the first read-back showed masked is never written back (the mask is not the token): with
// no restorePrivateToken those checks were not applicable and the token was not changed.
afterAll(async () => {
  const url = original?.group_callback_url;
  const restore: Record<string, string> = {
    ...auth(),
    group_callback_url: typeof url === 'string' && !isCleared(url, 'empty') ? url : 'NONE',
  };
  if (tokenChanged) {
    const shown = original?.private_token;
    if (cfg.restorePrivateToken !== undefined) restore.private_token = cfg.restorePrivateToken;
    else if (original && tokenShown && typeof shown === 'string' && !MASKED.test(shown))
      restore.private_token = shown;
    else if (original && tokenShown && 'private_token' in original && typeof shown !== 'string')
      restore.private_token = '';
    // Otherwise (masked, or unknown) private_token is left alone: nothing true to write back.
  }
  await set(suite.http, restore).catch(() => undefined);
});

const { check } = suite;

// ---------------------------------------------------------------- success and the envelope

check('TXM-RESCODE-SUCCESS', 'a valid form-encoded POST answers rescode 0', async ({ http }) => {
  const fields = !tokenChangeRefused()
    ? { ...auth(), group_callback_url: freshUrl(), private_token: freshToken() }
    : { ...auth(), group_callback_url: freshUrl() };
  expectSuccess(await set(http, valid(fields)), 'set_integration_config');
});

check(
  'TXM-ENVELOPE',
  'a success, an error and a read-back are each plain JSON in the documented envelope',
  async ({ http }) => {
    checkEnvelope(
      await set(http, valid({ ...auth(), group_callback_url: freshUrl() })),
      r.envelope,
      'a successful set_integration_config',
    );
    checkEnvelope(
      await set(http, valid({ ...auth(), tm: cfg.foreignTm })),
      r.envelope,
      'set_integration_config on a TextMark not owned by auth_user',
    );
    checkEnvelope(await readBack(http), r.envelope, 'integration_config');
  },
);

// ---------------------------------------------------------------- settings

check('TXM-READBACK', 'integration_config() shows the values just set', async ({ http }) => {
  needTokenChange();
  const url = freshUrl();
  const token = freshToken();
  expectSuccessLeniently(
    await set(http, valid({ ...auth(), group_callback_url: url, private_token: token })),
  );
  checkSettings(await settings(http), expected(url, token), 'the read-back differs from what was set');
});

/** Intermediate steps only note a rescode that is not 0: whether it is right is TXM-RESCODE-SUCCESS's business. */
function expectSuccessLeniently(ex: Exchange): void {
  if (findRescode(readLeniently(ex).value) === undefined && ex.response.status >= 400) {
    fail('set_integration_config was refused', { received: evidence(ex) });
  }
}

check(
  'TXM-ONLY-SPECIFIED',
  'group_callback_url alone, then private_token alone: each keeps the other',
  async ({ http, note }) => {
    needTokenChange();
    const url1 = freshUrl();
    const token1 = freshToken();
    expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: url1 })));
    expectSuccessLeniently(await set(http, valid({ ...auth(), private_token: token1 })));
    checkSettings(
      await settings(http),
      expected(url1, token1),
      'setting private_token alone changed group_callback_url',
    );
    if (!tokenShown) {
      note(
        'checked only that setting private_token alone keeps group_callback_url: under readings.privateTokenReadBack = "hidden" the read-back does not show private_token, so whether setting group_callback_url alone keeps it is NOT checked',
      );
      return;
    }
    const url2 = freshUrl();
    expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: url2 })));
    checkSettings(
      await settings(http),
      expected(url2, token1),
      'setting group_callback_url alone changed private_token',
    );
  },
);

check('TXM-NONE-CLEARS', 'group_callback_url=NONE clears the setting', async ({ http }) => {
  expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: freshUrl() })));
  expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: 'NONE' })));
  checkCleared(
    await settings(http),
    'group_callback_url',
    r.clearedReadsAs,
    'group_callback_url was not cleared by NONE',
  );
});

check(
  'TXM-TEMPLATE-STORED',
  'a callback template with \\p and \\a reads back exactly as sent',
  async ({ http }) => {
    const template = `${freshUrl()}?user=\\p&action=\\a`;
    expectSuccessLeniently(await set(http, valid({ ...auth(), group_callback_url: template })));
    checkSettings(
      await settings(http),
      { group_callback_url: template },
      'the template was not stored as given',
    );
  },
);

check(
  'TXM-URL-VALIDATED',
  'a group_callback_url that is neither a URL nor NONE is refused',
  async ({ http }) => {
    if (r.urlValidation !== 'refused')
      notApplicable(
        'readings.urlValidation is "unchecked": the page gives the type "URL (or NONE)" but does not say a value is validated',
      );
    expectRefused(
      await set(http, { ...auth(), group_callback_url: `not a url ${run}` }),
      `group_callback_url "not a url ${run}"`,
    );
  },
);

check('TXM-API-KEY', 'a request carrying the configured api_key is accepted', async ({ http }) => {
  if (!cfg.api_key) notApplicable('no api_key is configured');
  const url = freshUrl();
  await set(http, valid({ ...auth(), api_key: cfg.api_key, group_callback_url: url }));
  checkSettings(await settings(http), { group_callback_url: url }, 'a request with api_key was not applied');
});

// ---------------------------------------------------------------- required arguments and ownership

function without(key: 'auth_user' | 'auth_pass' | 'tm'): Record<string, string> {
  const fields: Record<string, string> = { ...auth(), group_callback_url: freshUrl() };
  delete fields[key];
  return fields;
}

check('TXM-AUTH-USER-REQUIRED', 'a request without auth_user is refused', async ({ http }) => {
  expectRefused(await set(http, without('auth_user')), 'a request without auth_user');
});

check('TXM-AUTH-PASS-REQUIRED', 'a request without auth_pass is refused', async ({ http }) => {
  expectRefused(await set(http, without('auth_pass')), 'a request without auth_pass');
});

check('TXM-TM-REQUIRED', 'a request without tm is refused', async ({ http }) => {
  expectRefused(await set(http, without('tm')), 'a request without tm');
});

check('TXM-AUTH-WRONG-PASS', 'a wrong auth_pass is refused and changes nothing', async ({ http }) => {
  const attempted = freshUrl();
  expectRefused(
    await set(http, { ...auth(), auth_pass: `${cfg.auth_pass}-wrong`, group_callback_url: attempted }),
    'a request with a wrong auth_pass',
  );
  const after = await settings(http);
  if (after.group_callback_url === attempted) {
    fail('a request with a wrong password changed the setting', {
      received: `group_callback_url ${JSON.stringify(attempted)} after a refused request`,
      documented: 'a non-zero rescode, and the settings as they were',
    });
  }
});

// The same request shape (credentials, tm and one option) is first sent for the owned tm and must be
// accepted, so a refusal of the foreign tm is about ownership, not about the request. The foreign tm
// gets an actual option (a fresh example.com group_callback_url): a target answering non-zero for
// "nothing to change" does not pass by that. A foreign TextMark cannot be read back, so nothing is
// read after the refusal; a target that wrongly accepts may keep that URL on somebody else's TextMark.
check('TXM-TM-NOT-OWNED', 'a TextMark not owned by auth_user is refused', async ({ http }) => {
  const owned = await set(http, valid({ ...auth(), group_callback_url: freshUrl() }));
  const code = rescodeOf(owned);
  if (code !== 0)
    notApplicable(
      `the same request for the owned tm was not accepted (rescode ${code ?? 'none'}): a refusal of the foreign tm would prove nothing about ownership`,
    );
  expectRefused(
    await set(http, valid({ ...auth(), tm: cfg.foreignTm, group_callback_url: freshUrl() })),
    'a TextMark not owned by auth_user',
  );
});

check('TXM-TM-NOT-OWNED-2011', 'a TextMark not owned by auth_user gives rescode 2011', async ({ http }) => {
  expectRescode(await set(http, { ...auth(), tm: cfg.foreignTm }), 2011, 'a TextMark not owned by auth_user');
});

// ---------------------------------------------------------------- JSON-P
// The error cases break two rules at once (no auth_pass, a foreign TextMark): no single-rule fault
// turns them into a success, so a broken rule fails its own requirement only.
const doubleError = () => {
  const { auth_pass: _, ...rest } = { ...auth(), tm: cfg.foreignTm };
  return rest;
};

check('TXM-JSONP', 'with jsonp=cb the body is cb(<envelope>)', async ({ http }) => {
  const cb = `cb_${run}_${next()}`;
  checkJsonp(
    await set(http, valid({ ...auth(), group_callback_url: freshUrl(), jsonp: cb })),
    cb,
    `set_integration_config with jsonp=${cb}`,
  );
});

check('TXM-JSONP-ERRORS', 'the callback wraps an error answer too', async ({ http }) => {
  const cb = `cb_${run}_${next()}`;
  const ex = await set(http, { ...doubleError(), jsonp: cb });
  checkJsonp(ex, cb, `a refused request with jsonp=${cb}`);
  expectRefused(ex, 'a request without auth_pass for a foreign TextMark');
});

check('TXM-JSONP-BLANK', 'a blank jsonp gives plain JSON', async ({ http }) => {
  checkNotWrapped(
    await set(http, valid({ ...auth(), group_callback_url: freshUrl(), jsonp: '' })),
    'set_integration_config with jsonp=""',
  );
});

check(
  'TXM-JSONP-SAFE-CALLBACK',
  'a jsonp value that is not an identifier is not echoed raw (read-only requests)',
  async ({ http }) => {
    for (const hostile of ['alert(document.domain);x', '<script>alert(1)</script>']) {
      checkCallbackNotEchoed(
        await post(http, 'integration_config', { ...auth(), jsonp: hostile }),
        hostile,
        `integration_config with jsonp=${JSON.stringify(hostile)}`,
      );
    }
  },
);

check('TXM-ERROR-HTTP-STATUS', 'an error answer comes with the configured HTTP status', async ({ http }) => {
  checkHttpStatus(await set(http, doubleError()), r.errorHttpStatus, 'a refused request');
});

// ---------------------------------------------------------------- \s signing

interface Callback {
  url: string;
}

/** A one-shot HTTP receiver for the target's group callback. */
async function receiver(): Promise<{
  base: string;
  next: (ms: number) => Promise<Callback>;
  close: () => void;
}> {
  let resolveNext: ((c: Callback) => void) | undefined;
  const got: Callback[] = [];
  const server = createServer((req, res) => {
    const c = { url: req.url ?? '/' };
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (resolveNext) resolveNext(c);
    else got.push(c);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.callbackReceiver.port, cfg.callbackReceiver.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = cfg.callbackReceiver.host.includes(':')
    ? `[${cfg.callbackReceiver.host}]`
    : cfg.callbackReceiver.host;
  return {
    base: (cfg.callbackReceiver.publicUrl ?? `http://${host}:${port}`).replace(/\/+$/, ''),
    next: (ms) => {
      const first = got.shift();
      if (first) return Promise.resolve(first);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timeout')), ms);
        resolveNext = (c) => {
          clearTimeout(timer);
          resolve(c);
        };
      });
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

check(
  'TXM-SIGNATURE',
  'a group callback carries \\s signed with the private_token just set',
  async ({ http, note }) => {
    if (!r.signerModule)
      notApplicable('no signer is configured (readings.signerModule): the \\s algorithm is not public');
    needTokenChange();
    const signer = await loadSigner(r.signerModule);
    const rx = await receiver();
    try {
      const token = freshToken();
      const path = `/txm-callback/${run}-${next()}`;
      const phone = `1555${String(next()).padStart(7, '0')}`;
      expectSuccessLeniently(
        await set(
          http,
          valid({
            ...auth(),
            group_callback_url: `${rx.base}${path}?user=\\p&action=\\a&sig=\\s`,
            private_token: token,
          }),
        ),
      );
      await signer.trigger({
        baseUrl: suite.context.baseUrl,
        tm: cfg.tm,
        phone,
        action: 'SUB',
        config: suite.config as unknown as Record<string, unknown>,
        timeoutMs: suite.context.timeoutMs,
      });
      const cb = await rx.next(suite.context.timeoutMs).catch(() =>
        fail(`no group callback reached ${rx.base}${path} within ${suite.context.timeoutMs} ms`, {
          documented: 'a notification to group_callback_url on every group join or leave',
        }),
      );
      note(`callback received: ${cb.url}`);
      const received = new URL(cb.url, 'http://receiver').searchParams.get('sig');
      const want = await signer.sign({
        privateToken: token,
        tm: cfg.tm,
        phone,
        action: 'SUB',
        receivedUrl: cb.url,
      });
      checkSignature(received, want, 'the group callback');
    } finally {
      rx.close();
    }
  },
);
