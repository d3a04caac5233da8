// The TextMarks section of a target config (schemas/textmarks/target-config.schema.json), with the
// default reading of every open point and contradiction filled in.
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
  restorePrivateToken?: string;
  callbackReceiver?: { host?: string; port?: number; publicUrl?: string };
  readings?: Partial<Readings>;
}

export interface Readings {
  envelope: 'top-level' | 'wrapped';
  pathStyle: 'single' | 'double';
  readbackPath: string;
  clearedReadsAs: 'empty' | 'empty-or-NONE';
  privateTokenReadBack: 'shown' | 'hidden';
  errorHttpStatus: number | 'any';
  signerModule: string;
  urlValidation: 'unchecked' | 'refused';
  foreignTmRescode: number | 'any';
  getRequests: 'none' | 'integration_config' | 'both';
  phoneForms: 'configured' | 'common';
  errorPrecedence: string;
  jsonpMediaType: 'unchecked' | 'script';
  legacyMediaTypes: string;
}

export interface ResolvedConfig {
  auth_user: string;
  auth_pass: string;
  api_key: string | undefined;
  tm: string;
  foreignTm: string;
  authPhone: string | undefined;
  tmTri: string | undefined;
  restorePrivateToken: string | undefined;
  callbackReceiver: { host: string; port: number; publicUrl: string | undefined };
  readings: Readings;
}

const defaults = Object.fromEntries(READINGS.map((r) => [r.configKey, r.default])) as unknown as Readings;

export function withDefaults(c: TextMarksConfig): ResolvedConfig {
  return {
    auth_user: c.auth_user,
    auth_pass: c.auth_pass,
    api_key: c.api_key,
    tm: c.tm,
    foreignTm: c.foreignTm,
    authPhone: c.authPhone,
    tmTri: c.tmTri,
    restorePrivateToken: c.restorePrivateToken,
    callbackReceiver: {
      host: c.callbackReceiver?.host ?? '127.0.0.1',
      port: c.callbackReceiver?.port ?? 0,
      publicUrl: c.callbackReceiver?.publicUrl,
    },
    readings: { ...defaults, ...(c.readings ?? {}) },
  };
}
