// The `\s` signer hook. The page documents `\s` only by name ("The \s URL param uses this token to
// sign requests") and the algorithm is not public, so the suite does not guess it: a module named
// by readings.signerModule supplies it: a path, or a built-in name ("builtin:hmac-sha256", the
// suite's test signer in ./signers/). Until one is configured, TXM-SIGNATURE is not applicable.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as hmacSha256 from './signers/hmac-sha256.ts';

export interface SignInput {
  /** The private_token the suite set just before the callback. */
  privateToken: string;
  /** The TextMark whose group event caused the callback. */
  tm: string;
  /** The phone number and action (SUB/UNSUB) of the group event. */
  phone: string;
  action: 'SUB' | 'UNSUB';
  /** The callback URL as the target requested it (path and query, the \s value still in it). */
  receivedUrl: string;
}

export interface TriggerInput {
  /** The target's base URL (as in the run). */
  baseUrl: string;
  tm: string;
  phone: string;
  action: 'SUB' | 'UNSUB';
  /** The vendor section of the target config (credentials included: do not log it). */
  config: Record<string, unknown>;
  timeoutMs: number;
}

/** What a module named by readings.signerModule exports (named exports, or a default object). */
export interface Signer {
  /** The \s value the target should have put in the callback URL. */
  sign(input: SignInput): string | Promise<string>;
  /** Makes the target send a group join/leave notification for tm (an SMS gateway, a test hook…). */
  trigger(input: TriggerInput): Promise<void>;
}

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The signers readings.signerModule may name without a path. */
export const BUILTIN_SIGNERS: Readonly<Record<string, Signer>> = { 'builtin:hmac-sha256': hmacSha256 };

export async function loadSigner(path: string): Promise<Signer> {
  if (path.startsWith('builtin:')) {
    const builtin = BUILTIN_SIGNERS[path];
    if (!builtin)
      throw new Error(
        `readings.signerModule ${path}: no such built-in signer (${Object.keys(BUILTIN_SIGNERS).join(', ')})`,
      );
    return builtin;
  }
  const file = isAbsolute(path) ? path : resolve(PROJECT_ROOT, path);
  const mod = (await import(pathToFileURL(file).href)) as Partial<Signer> & { default?: Partial<Signer> };
  const s = typeof mod.sign === 'function' ? mod : mod.default;
  if (!s || typeof s.sign !== 'function' || typeof s.trigger !== 'function') {
    throw new Error(`readings.signerModule ${path} exports no sign() and trigger() functions`);
  }
  return s as Signer;
}
