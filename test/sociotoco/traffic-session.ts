// A well-behaved Sociotoco client session, for the passive rules' proof: the consumer client the Pact
// tests drive (contracts/sociotoco/client.ts), signing every request with a fresh time, reading the
// set, setting profiles in XML and in JSON (one already in the set, one not) and reading them back, and the documented errors a client
// may provoke with a value it was given (a malformed sid, a sid of no set when the section names one,
// a malformed profile list), in both formats. Never a malformed request: no argument left out, no
// signature made wrong. Errors are the API's answers, not the session's: they are caught.
import { type Algorithm, SociotocoClient, SociotocoError } from '../../contracts/sociotoco/client.ts';

const SET = 'sociotoco.sets.setprofiles';
const GET = 'sociotoco.sets.get';

export async function drive(baseUrl: string, section: Record<string, unknown>): Promise<void> {
  const s = section as {
    apiKey: string;
    secret: string;
    algorithm?: Algorithm;
    sid: string;
    profileIds: string[];
    unknownSid?: string;
    readings?: { invalidSid?: string; invalidProfiles?: string };
  };
  let clock = Math.floor(Date.now() / 1000);
  const options = { key: s.apiKey, secret: s.secret, algorithm: s.algorithm ?? 'sha256', now: () => clock++ };
  const xml = new SociotocoClient(baseUrl, { ...options, format: 'xml' });
  const json = new SociotocoClient(baseUrl, { ...options, format: 'json' });
  const call = async (c: SociotocoClient, method: string, args: Record<string, string>) => {
    try {
      await c.call(method, args);
    } catch (e) {
      if (!(e instanceof SociotocoError)) throw e;
    }
  };
  const [p0 = '', p1 = '', p2 = ''] = s.profileIds;
  await call(xml, GET, { sid: s.sid });
  await call(xml, SET, { sid: s.sid, profiles: [p0, p1].join(',') });
  await call(xml, GET, { sid: s.sid });
  await call(json, SET, { sid: s.sid, profiles: [p1, p2].join(',') });
  await call(json, GET, { sid: s.sid });
  for (const c of [xml, json]) {
    await call(c, SET, { sid: s.readings?.invalidSid ?? 'not-a-sociotoco-id', profiles: p0 });
    if (s.unknownSid !== undefined) await call(c, SET, { sid: s.unknownSid, profiles: p0 });
    await call(c, SET, { sid: s.sid, profiles: s.readings?.invalidProfiles ?? 'not a profile!' });
  }
}
