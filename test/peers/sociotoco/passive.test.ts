// Beside the vendor's session, traffic of two open points the peer decides its own way: a profile ID
// the config does not name, which the peer skips while setting the others (header 14: "profiles which
// where succesfully added"), and a parameter given twice, which it refuses as a bad signature (header
// 9). Neither outcome is the page's to judge: the rules forget the set after the first (its later
// read-back is not held to the earlier set) and judge nothing of the second.
import { type Algorithm, SociotocoClient, SociotocoError } from '../../../contracts/sociotoco/client.ts';
import { drive } from '../../sociotoco/traffic-session.ts';
import type { Drive } from '../../traffic.ts';
import { peerPassiveTest } from '../passive-test.ts';
import { startPeer } from './server.ts';
import { sectionFor } from './target.ts';

const SET = 'sociotoco.sets.setprofiles';
const GET = 'sociotoco.sets.get';

const openPoints =
  (fixtures: Record<string, unknown>): Drive =>
  async (baseUrl, section) => {
    const s = section as {
      apiKey: string;
      secret: string;
      algorithm: Algorithm;
      sid: string;
      profileIds: string[];
    };
    let clock = Math.floor(Date.now() / 1000);
    const options = { key: s.apiKey, secret: s.secret, algorithm: s.algorithm, now: () => clock++ };
    const xml = new SociotocoClient(baseUrl, { ...options, format: 'xml' });
    const json = new SociotocoClient(baseUrl, { ...options, format: 'json' });
    const call = async (c: SociotocoClient, method: string, args: Record<string, string>) => {
      try {
        await c.call(method, args);
      } catch (e) {
        if (!(e instanceof SociotocoError)) throw e;
      }
    };
    const [p0 = '', p1 = '', p2 = '', p3 = ''] = s.profileIds;
    const unknown = String(fixtures.unknownProfileId);
    await call(xml, SET, { sid: s.sid, profiles: p1 });
    // An ID the config does not name: the peer sets p0 alone; the read-back is not held to p1.
    await call(xml, SET, { sid: s.sid, profiles: [p0, unknown].join(',') });
    await call(xml, GET, { sid: s.sid });
    await call(xml, SET, { sid: s.sid, profiles: p2 });
    await call(xml, GET, { sid: s.sid });
    // format twice (the JSON client adds its own): signed as sent, refused by the peer (210).
    await call(json, SET, { sid: s.sid, profiles: p3, format: 'JSON' });
    await call(xml, SET, { sid: s.sid, profiles: p0 });
    await call(xml, GET, { sid: s.sid });
  };

peerPassiveTest('sociotoco', {
  startPeer,
  sectionFor,
  drive: () => drive,
  judged: [
    'SOC-ADDED-LISTING',
    'SOC-ADDED-PROFILES',
    'SOC-CLIENT-REQUIRED',
    'SOC-CLIENT-SIG',
    'SOC-CLIENT-SIG-ALGORITHM',
    'SOC-CLIENT-SIG-ALL-PARAMS',
    'SOC-CLIENT-SIG-SECRET',
    'SOC-CLIENT-SIG-SORTED',
    'SOC-CLIENT-TIME',
    'SOC-ERR-402',
    'SOC-ERR-403',
    'SOC-ERR-406',
    'SOC-ERROR-ENVELOPE-JSON',
    'SOC-ERROR-ENVELOPE-XML',
    'SOC-ERROR-STATUS',
    'SOC-FORMAT-JSON',
    'SOC-FORMAT-XML-DEFAULT',
    'SOC-MEDIA-TYPE',
    'SOC-METHOD-EXAMPLE',
    'SOC-READBACK',
    'SOC-SET-ID',
    'SOC-SET-SEMANTICS',
    'SOC-SUCCESS-JSON',
    'SOC-SUCCESS-XML',
    'SOC-VERSION-INCREMENTS',
  ],
  more: [
    {
      title: 'a profile the config does not name, and a parameter given twice',
      drive: openPoints,
      judges: ['SOC-METHOD-EXAMPLE', 'SOC-READBACK', 'SOC-SET-SEMANTICS', 'SOC-VERSION-INCREMENTS'],
    },
  ],
});
