// ajv compiled once per schema ($id), shared by every check, fixture test and the config loader.
// The built package compiles every schema of schemas/ at build time (src/validate/precompile.ts,
// scripts/build.js): a run then loads the validators instead of compiling them in each thread.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** The one ajv set-up, at run time and at build time (`extra`: the build's code options). */
export function newAjv(extra: Options = {}): Ajv2020 {
  const a = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, ...extra });
  addFormats(a);
  // Annotations we use in schemas for humans and the redactor; not validation keywords.
  a.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  a.addKeyword({ keyword: 'x-requirement', schemaType: ['string', 'array'] });
  return a;
}

export const ajv = newAjv();

const PRECOMPILED = fileURLToPath(new URL('./schemas.cjs', import.meta.url));
let precompiled: Record<string, ValidateFunction | undefined> | undefined;
/** The build's validator of a schema (none when running from the sources), loaded on first use. */
function built(id: string): ValidateFunction | undefined {
  precompiled ??= existsSync(PRECOMPILED) ? createRequire(import.meta.url)(PRECOMPILED) : {};
  return precompiled?.[id];
}

const cache = new WeakMap<object, ValidateFunction>();

export function compile(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    const id = (schema as { $id?: string }).$id;
    fn = (id && (built(id) ?? ajv.getSchema(id))) || ajv.compile(schema);
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
