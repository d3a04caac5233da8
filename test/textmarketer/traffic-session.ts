// A well-behaved TextMarketer client session, for the passive proof (test/traffic.ts): the modify
// calls through the consumer client the Pact tests drive (contracts/textmarketer/client.ts), the
// read-backs and the HTTP Basic calls as the SDKs send them. The success path, and the documented
// errors a client may provoke: invalid field values (one per request), an unknown account.
import {
  type AccountChanges,
  TextMarketerClient,
  TextMarketerError,
} from '../../contracts/textmarketer/client.ts';

interface Section {
  credentials: { username: string; password: string };
  accountId: string;
  unknownAccountId: string;
}

/** A refusal is an answer the session expects; anything else (the target down) is not. */
async function tolerate(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof TextMarketerError)) throw e;
  }
}

export async function drive(baseUrl: string, raw: Record<string, unknown>): Promise<void> {
  const s = raw as unknown as Section;
  const base = baseUrl.replace(/\/+$/, '');
  const client = new TextMarketerClient(base, s.credentials);
  const modify = (changes: AccountChanges) => tolerate(client.modifyAccount(s.accountId, changes));
  const q = new URLSearchParams(s.credentials).toString();
  const read = async (id = s.accountId) => {
    await (await fetch(`${base}/account/${id}?${q}`)).arrayBuffer();
  };
  const basic = `Basic ${Buffer.from(`${s.credentials.username}:${s.credentials.password}`).toString('base64')}`;

  await read();
  await modify({
    company_name: 'Bills Bakery 1',
    notifcation_email: 'bill@example.com',
    notifcation_mobile: '447700900123',
  });
  await modify({ company_name: 'Bills Bakery 2' });
  await read();
  await modify({ company_name: 'Café Zoë £' });
  await read();
  // Documented errors a client may provoke: one invalid value per request.
  await modify({ company_name: 'ab', notifcation_email: 'valid.rider@example.com' });
  await read();
  await modify({ company_name: 'x'.repeat(41) });
  await modify({ notifcation_email: 'not-an-email' });
  await modify({ notifcation_mobile: '12345' });
  await modify({ account_password: 'abc' });
  await modify({ account_password: 'has space!' });
  // Valid values in their common forms and at the bounds.
  await modify({ company_name: 'Abc' });
  await modify({ company_name: 'y'.repeat(40) });
  await modify({ notifcation_email: 'bill+tag@example.com' });
  await modify({ notifcation_mobile: '07700 900124' });
  await modify({ account_password: 'Pass_word-20chars_ok' });
  // HTTP Basic instead of the parameters (POST and read-back), and an unknown account.
  await (
    await fetch(`${base}/account/${s.accountId}`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'company_name=Basic+Bakery',
    })
  ).arrayBuffer();
  await (await fetch(`${base}/account/${s.accountId}`, { headers: { authorization: basic } })).arrayBuffer();
  await read(s.unknownAccountId);
}
