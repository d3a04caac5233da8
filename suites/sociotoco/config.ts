// The Sociotoco section of a target config (schemas/sociotoco/target-config.schema.json), with the
// default reading of every open point and contradiction filled in.
import { READINGS } from './requirements.ts';
import { ALGORITHMS, type Algorithm } from './sign.ts';

export interface SociotocoConfig {
  baseUrl?: string;
  apiKey: string;
  secret: string;
  algorithm: Algorithm;
  sid: string;
  profileIds: string[];
  checkAlgorithms?: Algorithm[];
  unknownKey?: string;
  unknownSid?: string;
  readings?: Partial<Readings>;
}

export interface Readings {
  methodName: 'sociotoco.sets.setProfiles' | 'sociotoco.sets.setprofiles';
  methodNames: 'example' | 'both';
  setName: 'any' | 'unnamed';
  errorStatus: string;
  sigHexCase: 'lower' | 'upper' | 'either';
  signFormat: boolean;
  signedValues: 'decoded' | 'encoded';
  errorPrecedence: 'any' | 'page-order';
  setSemantics: 'any' | 'replace' | 'add';
  addedProfilesListing: 'any' | 'sent' | 'newly-added';
  invalidKey: string;
  invalidSid: string;
  invalidProfiles: string;
  /** Comma-separated legacy media types the user accepts (SOC-MEDIA-TYPE). */
  legacyMediaTypes: string;
  /** Whether a request without time is refused (SOC-TIME-REQUIRED); the page gives no code for it. */
  missingTime: 'any' | 'refused';
}

export type ResolvedConfig = Required<
  Omit<SociotocoConfig, 'baseUrl' | 'readings' | 'unknownKey' | 'unknownSid'>
> &
  Pick<SociotocoConfig, 'unknownKey' | 'unknownSid'> & { readings: Readings };

const defaults = Object.fromEntries(READINGS.map((r) => [r.configKey, r.default])) as unknown as Readings;

export function withDefaults(c: SociotocoConfig): ResolvedConfig {
  const out: ResolvedConfig = {
    apiKey: c.apiKey,
    secret: c.secret,
    algorithm: c.algorithm,
    sid: c.sid,
    profileIds: c.profileIds,
    checkAlgorithms: c.checkAlgorithms ?? [...ALGORITHMS],
    readings: { ...defaults, ...(c.readings ?? {}) },
  };
  if (c.unknownKey !== undefined) out.unknownKey = c.unknownKey;
  if (c.unknownSid !== undefined) out.unknownSid = c.unknownSid;
  return out;
}
