// A well-behaved ePrize client session, for the passive rules' proof: the consumer client the Pact
// tests drive (contracts/eprize/client.ts) on the mock's promotion with CAPTCHA off (a trusted
// server-side client sends no CAPTCHA headers): a create with every key, its read-back, the same
// unique value again (a duplicate: 409), and a create with a value the promotion refuses (400).
// Refusals are the API's answers, not the session's: they are caught. driveOn(promotion) is the same
// session on another target's open promotion (a peer's: its section, CAPTCHA off).
import { EprizeClient, EprizeError } from '../../contracts/eprize/client.ts';
import { OPEN_PROMOTION } from '../../mocks/eprize/index.ts';
import type { Drive } from '../traffic.ts';

/** What the session needs of a promotion (a target config section has these fields). */
export interface OpenPromotion {
  apikey: string;
  uniqueKey: string;
  requiredKeys: Record<string, string>;
  optionalKeys: Record<string, string>;
  invalidValues: Record<string, string>;
}

export const driveOn =
  (p: OpenPromotion): Drive =>
  async (baseUrl) => {
    const client = new EprizeClient(baseUrl, p.apikey);
    const unique = `passive.${Date.now()}@example.com`;
    const fields = { [p.uniqueKey]: unique, ...p.requiredKeys, ...p.optionalKeys };
    const refused = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        if (!(e instanceof EprizeError)) throw e;
      }
    };
    let uid: string | undefined;
    await refused(async () => {
      uid = (await client.createProfile(fields)).uid;
    });
    if (uid !== undefined) {
      const known = uid;
      await refused(() => client.readProfile(known));
    }
    await refused(() => client.createProfile(fields));
    const bad = Object.entries(p.invalidValues)[0] ?? ['email', 'not-an-email'];
    await refused(() =>
      client.createProfile({ ...fields, [p.uniqueKey]: `other.${unique}`, [bad[0]]: bad[1] }),
    );
  };

/** The session on the mock's promotion with CAPTCHA off. */
export const drive: Drive = (baseUrl) => driveOn(OPEN_PROMOTION)(baseUrl, {});
