// The iService section of a target config (schemas/iservice/target-config.schema.json), with the
// default reading of every open point and contradiction filled in.
import { type ReadingsOf, readingDefaults } from '../../src/vendor.ts';
import { READINGS } from './requirements.ts';

export interface Login {
  emailAddress: string;
  password: string;
}

export interface PropertyRef {
  propertyID: string;
  propertyName: string;
}

export interface IServiceConfig {
  baseUrl?: string;
  agent: Login;
  customer: Login;
  customerContactID: number;
  otherContactID: number;
  unknownContactID?: number;
  textProperties: PropertyRef[];
  multiValueProperty: PropertyRef & { options: string[] };
  membershipSegments: string[];
  readings?: Partial<Readings>;
}

/** The readings, typed from the reading table (requirements.ts). */
export type Readings = ReadingsOf<typeof READINGS>;

export type ResolvedConfig = Required<Omit<IServiceConfig, 'baseUrl' | 'readings'>> & {
  readings: Readings;
};

const defaults = readingDefaults(READINGS);

export function withDefaults(c: IServiceConfig): ResolvedConfig {
  return {
    agent: c.agent,
    customer: c.customer,
    customerContactID: c.customerContactID,
    otherContactID: c.otherContactID,
    // Left as it is (review 4c): the suite writes a form to this ID, so on a target where a contact
    // has it, that contact is changed; the schema's description warns the user.
    unknownContactID: c.unknownContactID ?? 2147480000,
    textProperties: c.textProperties,
    multiValueProperty: c.multiValueProperty,
    membershipSegments: c.membershipSegments,
    readings: { ...defaults, ...(c.readings ?? {}) },
  };
}
