// ajv compiled once per schema ($id), shared by every check, fixture test and the config loader.
// The built package compiles every schema of schemas/ at build time (src/validate/precompile.ts,
// scripts/build.js): a run then loads the validators instead of compiling them in each thread.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

/**
 * The one ajv set-up, at run time and at build time (`extra`: the build's code options). ajv itself
 * is loaded here, when a schema has no built validator (sources, or a schema given at run time): a
 * built run never loads it (about 50 ms of start-up per thread).
 */
export function newAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
  const a = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, ...extra });
  addFormats(a);
  // Annotations we use in schemas for humans and the redactor; not validation keywords.
  a.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  a.addKeyword({ keyword: 'x-requirement', schemaType: ['string', 'array'] });
  return a;
}

let ajv: Ajv2020 | undefined;

const PRECOMPILED = fileURLToPath(new URL('./schemas.cjs', import.meta.url));
let precompiled: Record<string, ValidateFunction | undefined> | undefined;
/** The build's validator of a schema (none when running from the sources), loaded on first use. */
function built(id: string): ValidateFunction | undefined {
  precompiled ??= existsSync(PRECOMPILED) ? require(PRECOMPILED) : {};
  return precompiled?.[id];
}

const cache = new WeakMap<object, ValidateFunction>();

export function compile(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    const id = (schema as { $id?: string }).$id;
    const prebuilt = id ? built(id) : undefined;
    if (prebuilt) fn = prebuilt;
    else {
      ajv ??= newAjv();
      fn = (id && ajv.getSchema(id)) || ajv.compile(schema);
    }
    cache.set(schema, fn);
  }
  return fn;
}

export function formatErrors(errors: readonly ErrorObject[] | null | undefined, root = ''): string[] {
  return (errors ?? []).map((e) => {
    let path = `${root}${e.instancePath.replace(/^\//, '').replace(/\//g, '.')}`;
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return `${path ? `${path}.` : ''}${missing}: is required`;
    }
    path ||= '(root)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : e.keyword === 'enum'
          ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
          : e.keyword === 'const'
            ? ` ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`
            : '';
    return `${path}: ${e.message ?? e.keyword}${extra}`;
  });
}

/** Validates and returns the error lines (empty when valid). */
export function schemaErrors(schema: object, data: unknown): string[] {
  const fn = compile(schema);
  return fn(data) ? [] : formatErrors(fn.errors);
}
