// The iService section of a target config (schemas/iservice/target-config.schema.json), with the
// default reading of every open point and contradiction filled in.
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

export interface Readings {
  detailsShape: 'object' | 'array';
  loginType: 'Email' | 'email';
  arrayItems: 'objects';
  noSessionRefusal: 'any-non-success' | 'errors-or-status' | 'errors' | 'status';
  detailsContactId: 'json-body' | 'query';
  detailsAnswer: 'like-request';
  foreignRefusal: 'errors-or-status' | 'errors' | 'any-non-success';
  pageForms: 'chosen' | 'both';
  errorPrecedence: 'any' | 'auth-first' | 'arguments-first';
  /** Comma-separated legacy media types the user accepts for JSON answers ('' = none). */
  acceptMediaTypes: string;
}

export type ResolvedConfig = Required<Omit<IServiceConfig, 'baseUrl' | 'readings'>> & {
  readings: Readings;
};

const defaults = Object.fromEntries(READINGS.map((r) => [r.configKey, r.default])) as unknown as Readings;

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
