// The TextMarketer section of a target config (schemas/textmarketer/target-config.schema.json),
// with the default reading of every open point and contradiction filled in.
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

export interface Readings {
  requestFieldSpelling: 'notifcation' | 'notification';
  expectedSystemId: string;
  createDateFormat: 'any' | 'iso8601';
  accountPath: string;
  errorStatus: number;
  authFailureStatuses: string;
  auth: 'params' | 'basic';
  requestCharset: 'utf-8' | 'iso-8859-1';
  errorPrecedence: 'any' | 'auth-account-fields';
  acceptedMediaTypes: string;
}

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

const defaults = Object.fromEntries(READINGS.map((r) => [r.configKey, r.default])) as unknown as Readings;

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
