// The target config: a JSON file, checked against schemas/target-config.schema.json and each
// vendor's own section schema. A bad file is a usage error (exit 2) with a message naming the field.
import { readFileSync } from 'node:fs';
import targetSchema from '../schemas/target-config.schema.json' with { type: 'json' };
import { schemaErrors } from './validate/json-schema.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A command line that cannot be run as given (exit 2, like a config error). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface TargetConfig {
  /** Every value that came from the environment (`${NAME}`): redacted like the config's secrets. */
  envValues?: string[];
  timeoutMs: number;
  maxBodyBytes: number;
  /** Generated values per domain side (--examples wins). */
  examples?: number;
  /** Requests per second to each target (--rate wins). */
  rate?: number;
  sections: Record<string, Record<string, unknown>>;
  /** Per vendor, the `pact` key of its section (taken out of the section before the vendor's schema sees it). */
  pact?: Record<string, PactTargetOptions>;
}

/** How `conformance pact verify` sets up provider states on a real target (the vendor section's `pact` key). */
export interface PactTargetOptions {
  /** Receives POST {"state", "params", "action": "setup"|"teardown"}; may answer a JSON object of values for the interaction. */
  stateChangeUrl?: string;
  /** Headers sent with every state-change call (e.g. a token); their values are treated as secrets. */
  stateChangeHeaders?: Record<string, string>;
}

const PACT_OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stateChangeUrl: { type: 'string', pattern: '^https?://' },
    stateChangeHeaders: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** `examples`: generated values per domain side (src/generate.ts); each is a real request to the target. */
export const DEFAULTS = { timeoutMs: 10_000, maxBodyBytes: 1_048_576, examples: 20 } as const;

const TOP_LEVEL = ['$schema', 'timeoutMs', 'maxBodyBytes', 'examples', 'rate'];

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

/**
 * `${NAME}` in any string of the config is the environment variable NAME (CI keeps credentials in its
 * secret store, not in a committed file); `$${NAME}` is the literal text. An unset variable is a
 * config error naming it and where it is used. Returns the config and the values substituted.
 */
export function substituteEnv(
  raw: unknown,
  env: NodeJS.ProcessEnv,
  origin: string,
): { value: unknown; envValues: string[] } {
  const envValues: string[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (depth > 32) throw new ConfigError(`${origin}: ${path}: nests deeper than 32 levels`);
    if (typeof v === 'string') {
      return v.replace(/\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, escaped: string, name: string) => {
        if (escaped) return whole.slice(1);
        const value = env[name];
        if (value === undefined)
          throw new ConfigError(`${origin}: ${path}: the environment variable ${name} is not set`);
        envValues.push(value);
        return value;
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k, depth + 1)]),
      );
    return v;
  };
  return { value: walk(raw, '', 0), envValues };
}

/** Checks the whole file; vendor sections are checked against the schemas the vendors ship. */
export function parseConfig(
  input: unknown,
  vendorSchemas: Record<string, object>,
  origin = 'config',
  env: NodeJS.ProcessEnv = process.env,
): TargetConfig {
  const { value: raw, envValues } = substituteEnv(input, env, origin);
  const top = schemaErrors(targetSchema, raw);
  if (top.length > 0) throw new ConfigError(`${origin}: ${top.join('; ')}`);
  const obj = raw as Record<string, unknown>;
  const sections: Record<string, Record<string, unknown>> = {};
  const pact: Record<string, PactTargetOptions> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (TOP_LEVEL.includes(key)) continue;
    const schema = vendorSchemas[key];
    if (!schema) {
      throw new ConfigError(
        `${origin}: ${key}: unknown field (expected timeoutMs, maxBodyBytes, examples, rate or a vendor: ${Object.keys(vendorSchemas).join(', ')})`,
      );
    }
    let section = value as Record<string, unknown>;
    if (section && typeof section === 'object' && 'pact' in section) {
      // The engine's key, the same for every vendor: checked here, never by the vendor's schema.
      const { pact: options, ...rest } = section;
      const errs = schemaErrors(PACT_OPTIONS_SCHEMA, options);
      if (errs.length > 0)
        throw new ConfigError(`${origin}: ${errs.map((e) => `${key}.pact.${e}`).join('; ')}`);
      pact[key] = options as PactTargetOptions;
      section = rest;
    }
    // Missing fields are judged later, once we know whether the embedded mock supplies them.
    const errs = schemaErrors(schema, section).filter(
      (e) => !e.endsWith(': is required') || e.split(':')[0]?.includes('.'),
    );
    if (errs.length > 0) throw new ConfigError(`${origin}: ${errs.map((e) => `${key}.${e}`).join('; ')}`);
    sections[key] = section;
  }
  return {
    ...(envValues.length > 0 ? { envValues } : {}),
    timeoutMs: (obj.timeoutMs as number | undefined) ?? DEFAULTS.timeoutMs,
    maxBodyBytes: (obj.maxBodyBytes as number | undefined) ?? DEFAULTS.maxBodyBytes,
    ...(typeof obj.examples === 'number' ? { examples: obj.examples } : {}),
    ...(typeof obj.rate === 'number' ? { rate: obj.rate } : {}),
    sections,
    ...(Object.keys(pact).length > 0 ? { pact } : {}),
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
