// The TextMarks section of a target config (schemas/textmarks/target-config.schema.json), with the
// default reading of every open point and contradiction filled in.
import { type ReadingsOf, readingDefaults } from '../../src/vendor.ts';
import { READINGS } from './requirements.ts';

export interface TextMarksConfig {
  baseUrl?: string;
  auth_user: string;
  auth_pass: string;
  api_key?: string;
  tm: string;
  foreignTm: string;
  authPhone?: string;
  tmTri?: string;
  foreignTmTri?: string;
  restorePrivateToken?: string;
  callbackReceiver?: { host?: string; port?: number; publicUrl?: string };
  /** Where the built-in test signer (readings.signerModule = builtin:hmac-sha256) triggers a group event. */
  groupEventUrl?: string;
  readings?: Partial<Readings>;
}

/** The readings object, derived from the reading table (TXM-C1 … TXM-O12). */
export type Readings = ReadingsOf<typeof READINGS>;

export interface ResolvedConfig {
  auth_user: string;
  auth_pass: string;
  api_key: string | undefined;
  tm: string;
  foreignTm: string;
  authPhone: string | undefined;
  tmTri: string | undefined;
  foreignTmTri: string | undefined;
  restorePrivateToken: string | undefined;
  callbackReceiver: { host: string; port: number; publicUrl: string | undefined };
  readings: Readings;
}

const defaults = readingDefaults(READINGS);

export function withDefaults(c: TextMarksConfig): ResolvedConfig {
  return {
    auth_user: c.auth_user,
    auth_pass: c.auth_pass,
    api_key: c.api_key,
    tm: c.tm,
    foreignTm: c.foreignTm,
    authPhone: c.authPhone,
    tmTri: c.tmTri,
    foreignTmTri: c.foreignTmTri,
    restorePrivateToken: c.restorePrivateToken,
    callbackReceiver: {
      host: c.callbackReceiver?.host ?? '127.0.0.1',
      port: c.callbackReceiver?.port ?? 0,
      publicUrl: c.callbackReceiver?.publicUrl,
    },
    readings: { ...defaults, ...(c.readings ?? {}) },
  };
}
