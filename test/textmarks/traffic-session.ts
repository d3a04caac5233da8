// A well-behaved TextMarks client session, for the passive rules' proof: the consumer client the Pact
// tests drive (contracts/textmarks/client.ts), reading the settings first, then setting each option
// alone and reading back (a plain URL, a token, a callback template, NONE), the alternatives the page
// offers (api_key, the account's phone number, the TRI, a form labelled charset=UTF-8 as Java and
// Python clients send it, GET under readings.getRequests, the phone's other written forms under
// readings.phoneForms), JSON-P (a callback, a blank one), and the documented errors a client may
// provoke with values it was given: a mistyped password, a TextMark it does not own, both at once, a
// callback URL that is not a URL, each with a read-back after. Never a malformed request: no REQ
// argument left out, no hostile callback name. Refusals are the API's answers, not the session's.
import { TextMarksClient } from '../../contracts/textmarks/client.ts';
import { phoneForms } from '../../suites/textmarks/checks.ts';

const PKG = 'TextMarkManager';

interface Section {
  auth_user: string;
  auth_pass: string;
  api_key?: string;
  authPhone?: string;
  tm: string;
  tmTri?: string;
  foreignTm?: string;
  readings?: { getRequests?: string; phoneForms?: string };
}

export async function drive(baseUrl: string, section: Record<string, unknown>): Promise<void> {
  const s = section as unknown as Section;
  const base = baseUrl.replace(/\/+$/, '');
  let n = 0;
  const url = () => `https://example.com/passive/hook-${Date.now()}-${++n}.php`;
  const as = (auth_user: string, auth_pass = s.auth_pass, api_key?: string) =>
    new TextMarksClient(base, { auth_user, auth_pass, ...(api_key ? { api_key } : {}) });
  const client = as(s.auth_user);
  const wrong = as(s.auth_user, `${s.auth_pass}-typo`);
  const quiet = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch {
      // a refusal or an answer the client cannot read: the API's business, judged by the rules
    }
  };
  const read = () => quiet(() => client.call(PKG, 'integration_config', { tm: s.tm }));
  const set = (c: TextMarksClient, options: Record<string, string>, tm = s.tm) =>
    quiet(() => c.setIntegrationConfig(tm, options));
  /** A form the way plain undici sends it (fetch), for the forms the consumer client does not make. */
  const raw = (
    method: 'GET' | 'POST',
    call: string,
    fields: Record<string, string>,
    contentType?: string,
  ) => {
    const form = new URLSearchParams({ auth_user: s.auth_user, auth_pass: s.auth_pass, tm: s.tm, ...fields });
    const target = `${base}/${PKG}/${call}/`;
    return quiet(async () => {
      const res =
        method === 'GET'
          ? await fetch(`${target}?${form}`, { headers: { accept: 'application/json' } })
          : await fetch(target, {
              method: 'POST',
              headers: {
                'content-type': contentType ?? 'application/x-www-form-urlencoded',
                accept: 'application/json',
              },
              body: form.toString(),
            });
      await res.arrayBuffer();
    });
  };

  await read();
  // Each option alone, then both; a token with + and / (form-encoded as a real client sends it).
  await set(client, { group_callback_url: url() });
  await set(client, { private_token: `tok+${Date.now()}/a` });
  await read();
  await set(client, { group_callback_url: url() });
  await read();
  // The page's common format, with an upper-case path, sub-delimiters and an escape: stored as sent.
  await set(client, {
    group_callback_url: `https://example.com/Passive(${n}).php?user=\\p&action=\\a&q=a%20b`,
  });
  await read();
  await set(client, { group_callback_url: 'NONE' });
  await read();
  // The alternatives the page offers, each read back through the keyword.
  if (s.api_key) {
    await set(as(s.auth_user, s.auth_pass, s.api_key), { group_callback_url: url() });
    await read();
  }
  if (s.authPhone) {
    await set(as(s.authPhone), { group_callback_url: url() });
    await read();
    if (s.readings?.phoneForms === 'common')
      for (const form of phoneForms(s.authPhone)) {
        await set(as(form), { group_callback_url: url() });
        await read();
      }
  }
  if (s.tmTri) {
    await set(client, { group_callback_url: url() }, s.tmTri);
    await read();
  }
  await raw(
    'POST',
    'set_integration_config',
    { group_callback_url: url() },
    'application/x-www-form-urlencoded; charset=UTF-8',
  );
  await read();
  const get = s.readings?.getRequests;
  if (get === 'both') {
    await raw('GET', 'set_integration_config', { group_callback_url: url() });
    await read();
  }
  if (get === 'both' || get === 'integration_config') {
    await set(client, { group_callback_url: url() });
    await raw('GET', 'integration_config', {});
  }
  // JSON-P, as a browser page asks for it; a blank callback is plain JSON.
  await quiet(() =>
    client.callJsonp(PKG, 'set_integration_config', { tm: s.tm, group_callback_url: url() }, `cb_${n}`),
  );
  await read();
  await raw('POST', 'set_integration_config', { group_callback_url: url(), jsonp: '' });
  await read();
  // Documented errors a client provokes with the values it has: each alone, then together.
  await set(wrong, { group_callback_url: url() });
  await read();
  if (s.foreignTm) await set(client, { group_callback_url: url() }, s.foreignTm);
  await set(client, { group_callback_url: 'http://' });
  await read();
  if (s.foreignTm) await set(wrong, { group_callback_url: url() }, s.foreignTm);
  await set(wrong, { group_callback_url: `not a url either ${n}` });
  await quiet(() => wrong.callJsonp(PKG, 'set_integration_config', { tm: s.tm }, `cb_err_${n}`));
  await read();
}
