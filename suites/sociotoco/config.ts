// The Sociotoco section of a target config (schemas/sociotoco/target-config.schema.json), with the
// default reading of every open point and contradiction filled in.
import { type ReadingsOf, readingDefaults } from '../../src/vendor.ts';
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

/** The readings, typed by the reading table (requirements.ts). */
export type Readings = ReadingsOf<typeof READINGS>;

export type ResolvedConfig = Required<
  Omit<SociotocoConfig, 'baseUrl' | 'readings' | 'unknownKey' | 'unknownSid'>
> &
  Pick<SociotocoConfig, 'unknownKey' | 'unknownSid'> & { readings: Readings };

const defaults = readingDefaults(READINGS);

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
