// The session runs on the peer's open promotion (CAPTCHA off: a trusted server-side client sends no
// CAPTCHA headers), judged with that promotion's section (test/peers/eprize/target.ts). Beside it,
// traffic of two points the peer decides its own way: JSON for a client that asks for it (header 17;
// related.txt: "an optional representation"), judged for its status and that it parses, never against
// the page's XML; and an optional key sent empty, which the peer takes as not given (header 6), so
// its read-back shows no element where the rules once wanted an empty one.

import { driveOn, type OpenPromotion } from '../../eprize/traffic-session.ts';
import type { Drive } from '../../traffic.ts';
import { peerPassiveTest } from '../passive-test.ts';
import { startPeer } from './server.ts';
import { openSectionFor } from './target.ts';

const openPoints =
  (fixtures: Record<string, unknown>): Drive =>
  async (baseUrl) => {
    const root = `${baseUrl.replace(/\/+$/, '')}/v1/${String((fixtures.open as { apikey: string }).apikey)}`;
    const t = Date.now();
    const send = async (url: string, init?: RequestInit) => {
      const res = await fetch(url, { redirect: 'manual', ...init });
      await res.arrayBuffer();
      return res.headers.get('location');
    };
    const create = (form: string, accept?: string) =>
      send(`${root}/profile`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(accept ? { accept } : {}),
        },
        body: form,
      });
    const json = 'application/json';
    const jsonUid = await create(`email=json.${t}%40example.com&first_name=Json`, json);
    await create(`email=json.${t}%40example.com&first_name=Again`, json); // 409, in JSON
    await create('email=not-an-email&first_name=Json', json); // 400, in JSON
    if (jsonUid) {
      await send(`${baseUrl.replace(/\/+$/, '')}${jsonUid}`, { headers: { accept: json } });
      await send(`${baseUrl.replace(/\/+$/, '')}${jsonUid}`); // XML this time: judged against the create
    }
    const emptyUid = await create(`email=empty.${t}%40example.com&first_name=&last_name=Kept`);
    if (emptyUid) await send(`${baseUrl.replace(/\/+$/, '')}${emptyUid}`);
  };

peerPassiveTest('eprize', {
  startPeer,
  sectionFor: openSectionFor,
  drive: (fixtures) => driveOn(openSectionFor(fixtures) as unknown as OpenPromotion),
  judged: [
    'EPZ-CLIENT-KEY-NAME',
    'EPZ-CLIENT-REQUIRED-KEY',
    'EPZ-CLIENT-UNIQUE-KEY',
    'EPZ-CONFLICT-SHAPE',
    'EPZ-CREATE-201',
    'EPZ-FIELD-ERRORS-SHAPE',
    'EPZ-LOCATION-ID',
    'EPZ-MEDIA-TYPE',
    'EPZ-READBACK',
    'EPZ-RESULT-VER',
    'EPZ-STATUS-ONE',
    'EPZ-SUCCESS-SHAPE',
    'EPZ-UTF8',
  ],
  more: [
    {
      title: 'JSON asked for, and an optional key sent empty',
      drive: openPoints,
      judges: ['EPZ-CREATE-201', 'EPZ-JSON-OPTIONAL', 'EPZ-READBACK', 'EPZ-SUCCESS-SHAPE'],
    },
  ],
});
