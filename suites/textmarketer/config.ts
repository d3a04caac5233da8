// The TextMarketer section of a target config (schemas/textmarketer/target-config.schema.json),
// with the default reading of every open point and contradiction filled in.
import { type ReadingsOf, readingDefaults } from '../../src/vendor.ts';
import { READINGS } from './requirements.ts';

export interface TextMarketerConfig {
  baseUrl?: string;
  credentials: { username: string; password: string };
  accountId: string;
  foreignAccountId: string;
  unknownAccountId?: string;
  takenUsername: string;
  /** An API username of another account: a second TMR-USERNAME-TAKEN check when set. */
  takenApiUsername?: string;
  /** Another account the credentials may modify (a sub-account of the master login): TMR-MASTER-ACCESS. */
  subAccountId?: string;
  mutateApiCredentials?: boolean;
  /**
   * Numbers/addresses the tester owns, used in turn. The defaults reach nobody (Ofcom's drama range
   * 07700 900xxx, example.com) but a strict validator may refuse them.
   */
  notificationMobiles?: [string, string];
  notificationEmails?: [string, string];
  readings?: Partial<Readings>;
}

/** The readings object, typed by the reading table (requirements.ts). */
export type Readings = ReadingsOf<typeof READINGS>;

type OptionalKeys =
  | 'baseUrl'
  | 'readings'
  | 'takenApiUsername'
  | 'subAccountId'
  | 'notificationMobiles'
  | 'notificationEmails';

export type ResolvedConfig = Required<Omit<TextMarketerConfig, OptionalKeys>> &
  Pick<
    TextMarketerConfig,
    'takenApiUsername' | 'subAccountId' | 'notificationMobiles' | 'notificationEmails'
  > & {
    readings: Readings;
  };

const defaults = readingDefaults(READINGS);

export function withDefaults(c: TextMarketerConfig): ResolvedConfig {
  return {
    credentials: c.credentials,
    accountId: c.accountId,
    foreignAccountId: c.foreignAccountId,
    unknownAccountId: c.unknownAccountId ?? 'zz00nosuchaccount00zz000',
    takenUsername: c.takenUsername,
    mutateApiCredentials: c.mutateApiCredentials ?? false,
    ...(c.takenApiUsername !== undefined ? { takenApiUsername: c.takenApiUsername } : {}),
    ...(c.subAccountId !== undefined ? { subAccountId: c.subAccountId } : {}),
    ...(c.notificationMobiles ? { notificationMobiles: c.notificationMobiles } : {}),
    ...(c.notificationEmails ? { notificationEmails: c.notificationEmails } : {}),
    readings: { ...defaults, ...(c.readings ?? {}) },
  };
}
