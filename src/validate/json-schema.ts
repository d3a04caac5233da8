// ajv compiled once per schema ($id), shared by every check, fixture test and the config loader.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
// Annotations we use in schemas for humans and the redactor; not validation keywords.
ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
ajv.addKeyword({ keyword: 'x-requirement', schemaType: ['string', 'array'] });

const cache = new WeakMap<object, ValidateFunction>();

export function compile(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    const id = (schema as { $id?: string }).$id;
    fn = (id && ajv.getSchema(id)) || ajv.compile(schema);
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
