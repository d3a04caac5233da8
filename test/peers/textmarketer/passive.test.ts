// Beside the vendor's session, traffic of two points the peer decides its own way: a UK mobile in
// the 0044 form (header 17: accepted, answered as 447…), which the page names nowhere, so the rules
// neither demand error 3 nor compare it as another number; and POST {base}/account, the login's own
// account without an ID (header 1), which the rules cannot attribute, so a later read is not held to
// what they knew before it.
import { drive } from '../../textmarketer/traffic-session.ts';
import type { Drive } from '../../traffic.ts';
import { peerPassiveTest } from '../passive-test.ts';
import { startPeer } from './server.ts';
import { sectionFor } from './target.ts';

const openPoints: Drive = async (baseUrl, section) => {
  const s = section as { credentials: { username: string; password: string }; accountId: string };
  const base = baseUrl.replace(/\/+$/, '');
  const q = new URLSearchParams(s.credentials).toString();
  const account = `${base}/account/${s.accountId}`;
  const post = async (url: string, fields: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${q}&${fields}`,
    });
    await res.arrayBuffer();
  };
  const read = async () => {
    await (await fetch(`${account}?${q}`)).arrayBuffer();
  };
  await read();
  await post(account, 'company_name=Before+Own+Path');
  await post(`${base}/account`, 'company_name=Own+Path');
  await read();
  await post(account, 'notifcation_mobile=00447700900126');
  await read();
  await post(account, 'company_name=After+Own+Path');
  await read();
};

peerPassiveTest('textmarketer', {
  startPeer,
  sectionFor,
  drive: () => drive,
  judged: [
    'TMR-404-UNKNOWN',
    'TMR-AUTH-BASIC',
    'TMR-AUTH-PARAMS',
    'TMR-CLIENT-AUTH',
    'TMR-CLIENT-FIELD-NAMES',
    'TMR-COMPANY-LENGTH',
    'TMR-CREATE-DATE-FORMAT',
    'TMR-DOCTYPE-SYSTEM-ID',
    'TMR-EMAIL-FORMS',
    'TMR-EMAIL-INVALID',
    'TMR-ENCODING-DECLARED',
    'TMR-ERROR-ENVELOPE',
    'TMR-ERROR-NO-CHANGE',
    'TMR-ERROR-STATUS',
    'TMR-MEDIA-TYPE',
    'TMR-MOBILE-FORMS',
    'TMR-MOBILE-INVALID',
    'TMR-NONASCII-ROUNDTRIP',
    'TMR-PASSWORD-LENGTH',
    'TMR-PASSWORD-PATTERN',
    'TMR-PROCESSED-DATE',
    'TMR-PROCESSED-DATE-FORMAT',
    'TMR-READBACK',
    'TMR-READBACK-AUTH-BASIC',
    'TMR-READBACK-AUTH-PARAMS',
    'TMR-SHOWS-VALUES',
    'TMR-SUCCESS-DOCTYPE',
    'TMR-SUCCESS-DTD',
    'TMR-UNCHANGED-OPTIONAL',
  ],
  more: [
    {
      title: 'a mobile in the 0044 form, and a modify of the own account without an ID',
      drive: () => openPoints,
      judges: ['TMR-READBACK', 'TMR-SHOWS-VALUES', 'TMR-UNCHANGED-OPTIONAL'],
    },
  ],
});
