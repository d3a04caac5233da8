// The ePrize section of a target config (schemas/eprize/target-config.schema.json), with every
// optional field and the default reading of every open point and contradiction filled in.
import { type ReadingsOf, readingDefaults } from '../../src/vendor.ts';
import { READINGS } from './requirements.ts';

export interface EprizeConfig {
  baseUrl?: string;
  apikey: string;
  uniqueKey: string;
  uniqueValueTemplate?: string;
  requiredKeys?: Record<string, string>;
  optionalKeys?: Record<string, string>;
  safeKeys?: string[];
  textKey?: string;
  invalidValues?: Record<string, string>;
  validValues?: Record<string, string[]>;
  sizeLimits?: Record<string, number>;
  unknownUid?: string;
  captcha?: { enforced: boolean; answerUrl?: string; answer?: string };
  readings?: Partial<Readings>;
}

/** The readings of the section, typed by the reading table (requirements.ts). */
export type Readings = ReadingsOf<typeof READINGS>;

export interface ResolvedConfig {
  apikey: string;
  uniqueKey: string;
  uniqueValueTemplate: string;
  requiredKeys: Record<string, string>;
  optionalKeys: Record<string, string>;
  safeKeys: string[];
  textKey: string | undefined;
  invalidValues: Record<string, string>;
  validValues: Record<string, string[]> | undefined;
  sizeLimits: Record<string, number> | undefined;
  unknownUid: string;
  captcha: { enforced: boolean; answerUrl: string | undefined; answer: string | undefined };
  readings: Readings;
}

const defaults = readingDefaults(READINGS);

/**
 * The default value template of a unique key: an address at example.com for email; for a phone-like
 * key (phone, mobile, msisdn) "0000" and nine digits, a number no network routes; else text.
 */
export function defaultTemplate(uniqueKey: string): string {
  if (uniqueKey === 'email') return 'conformance.{run}.{n}@example.com';
  if (/phone|mobile|msisdn/.test(uniqueKey)) return '0000{digits}';
  return 'conformance_{run}_{n}';
}

export function withDefaults(c: EprizeConfig): ResolvedConfig {
  return {
    apikey: c.apikey,
    uniqueKey: c.uniqueKey,
    uniqueValueTemplate: c.uniqueValueTemplate ?? defaultTemplate(c.uniqueKey),
    requiredKeys: c.requiredKeys ?? {},
    optionalKeys: c.optionalKeys ?? {},
    safeKeys: c.safeKeys ?? [c.uniqueKey],
    textKey: c.textKey,
    invalidValues: c.invalidValues ?? {},
    validValues: c.validValues,
    sizeLimits: c.sizeLimits,
    unknownUid: c.unknownUid ?? '0000000000',
    captcha: {
      enforced: c.captcha?.enforced ?? false,
      answerUrl: c.captcha?.answerUrl,
      answer: c.captcha?.answer,
    },
    readings: { ...defaults, ...(c.readings ?? {}) },
  };
}

/**
 * A value of the unique key for this run: {run} is the run id, {n} the counter, {digits} nine
 * digits from both (for keys such as mobile_phone: put them behind a prefix no real subscriber has,
 * such as the default "0000", or a range reserved for fiction). Two runs never collide; a real
 * promotion shows an obvious trail.
 */
export function uniqueValue(template: string, runId: string, n: number): string {
  const runDigits = String(Number.parseInt(runId.replace(/[^0-9a-z]/gi, '').slice(-10), 36) % 1_000_000);
  const digits = `${runDigits.padStart(6, '0')}${String(n % 1000).padStart(3, '0')}`;
  return template.replaceAll('{run}', runId).replaceAll('{n}', String(n)).replaceAll('{digits}', digits);
}
