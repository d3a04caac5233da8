// Build time only (scripts/build.js): every JSON Schema of schemas/ compiled once into one CommonJS
// module of validators keyed by $id, with the run's own ajv options (newAjv), which
// src/validate/json-schema.ts loads in the built package instead of compiling in every thread.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { newAjv } from './json-schema.ts';

// A CommonJS module whose default import is the function itself (as ajv-formats in json-schema.ts).
const standaloneCode = standaloneModule as unknown as (ajv: Ajv2020) => string;

/** Every `*.schema.json` under `dir`, parsed. */
export function schemaFiles(dir: string): object[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as object);
}

/** The source of a CommonJS module exporting one validator per schema, under its $id. */
export function precompiledSchemas(schemas: readonly object[]): string {
  const ajv = newAjv({ code: { source: true } });
  for (const s of schemas) ajv.addSchema(s);
  return standaloneCode(ajv);
}
