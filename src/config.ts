// The target config: a JSON file, checked against schemas/target-config.schema.json and each
// vendor's own section schema. A bad file is a usage error (exit 2) with a message naming the field.
import { readFileSync } from 'node:fs';
import targetSchema from '../schemas/target-config.schema.json' with { type: 'json' };
import { schemaErrors } from './validate/json-schema.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface TargetConfig {
  timeoutMs: number;
  maxBodyBytes: number;
  sections: Record<string, Record<string, unknown>>;
}

export const DEFAULTS = { timeoutMs: 10_000, maxBodyBytes: 1_048_576 } as const;

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Checks the whole file; vendor sections are checked against the schemas the vendors ship. */
export function parseConfig(
  raw: unknown,
  vendorSchemas: Record<string, object>,
  origin = 'config',
): TargetConfig {
  const top = schemaErrors(targetSchema, raw);
  if (top.length > 0) throw new ConfigError(`${origin}: ${top.join('; ')}`);
  const obj = raw as Record<string, unknown>;
  const sections: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$schema' || key === 'timeoutMs' || key === 'maxBodyBytes') continue;
    const schema = vendorSchemas[key];
    if (!schema) {
      throw new ConfigError(
        `${origin}: ${key}: unknown field (expected timeoutMs, maxBodyBytes or a vendor: ${Object.keys(vendorSchemas).join(', ')})`,
      );
    }
    // Missing fields are judged later, once we know whether the embedded mock supplies them.
    const errs = schemaErrors(schema, value).filter(
      (e) => !e.endsWith(': is required') || e.split(':')[0]?.includes('.'),
    );
    if (errs.length > 0) throw new ConfigError(`${origin}: ${errs.map((e) => `${key}.${e}`).join('; ')}`);
    sections[key] = value as Record<string, unknown>;
  }
  return {
    timeoutMs: (obj.timeoutMs as number | undefined) ?? DEFAULTS.timeoutMs,
    maxBodyBytes: (obj.maxBodyBytes as number | undefined) ?? DEFAULTS.maxBodyBytes,
    sections,
  };
}

/** Later objects win; arrays and scalars are replaced, objects merged. */
export function deepMerge(...objects: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of objects) {
    for (const [k, v] of Object.entries(o)) {
      const prev = out[k];
      out[k] =
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        prev &&
        typeof prev === 'object' &&
        !Array.isArray(prev)
          ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
          : v;
    }
  }
  return out;
}
