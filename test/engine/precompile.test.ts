// The built package validates with schemas compiled at build time (src/validate/precompile.ts): they
// must judge every instance exactly as the schemas compiled at run time do (verdict and error lines),
// or a built run and a run from the sources would disagree.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { expect, test } from 'vitest';
import { formatErrors, newAjv } from '../../src/validate/json-schema.ts';
import { precompiledSchemas, schemaFiles } from '../../src/validate/precompile.ts';
import { VENDORS } from '../../vendors.ts';

const SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The generated CommonJS module, evaluated with this project's require (ajv's runtime, ajv-formats). */
function load(code: string): Record<string, ValidateFunction> {
  const exports: Record<string, ValidateFunction> = {};
  new Function('exports', 'require', code)(exports, createRequire(import.meta.url));
  return exports;
}

/** Instances that pass some schemas and fail others in many ways: examples, mock configs, each broken. */
async function instances(): Promise<unknown[]> {
  // (iService's examples are the page's text, not strict JSON.)
  const examples = ['sociotoco/examples/setprofiles-response.json', 'textmarks/examples/envelope.json'].map(
    (f) => JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as unknown,
  );
  const configs: unknown[] = [];
  for (const v of VENDORS) {
    const mock = await v.startMock({});
    configs.push(mock.targetConfig);
    await mock.close();
  }
  const broken = [...examples, ...configs].flatMap((x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.keys(x).flatMap((k) => [
          { ...x, [k]: 42 },
          { ...x, [k]: 'not-an-email@' },
          { ...x, extra: true },
        ])
      : [],
  );
  return [...examples, ...configs, ...broken, {}, [], null, 'x', 0, { timeoutMs: -1 }];
}

test('every schema compiled at build time judges like the same schema compiled at run time', async () => {
  const schemas = schemaFiles(SCHEMAS);
  expect(schemas.length).toBeGreaterThan(30);
  const built = load(precompiledSchemas(schemas));
  const runtime = newAjv();
  for (const s of schemas) runtime.addSchema(s);
  const xs = await instances();
  let failures = 0;
  for (const s of schemas) {
    const id = (s as { $id: string }).$id;
    const pre = built[id];
    const live = runtime.getSchema(id);
    expect(pre, id).toBeTypeOf('function');
    if (!pre || !live) continue;
    for (const x of xs) {
      const judged = (fn: ValidateFunction) => [fn(x), formatErrors(fn.errors)] as const;
      const want = judged(live);
      expect(judged(pre), `${id} on ${JSON.stringify(x).slice(0, 80)}`).toEqual(want);
      if (!want[0]) failures += want[1].length;
    }
  }
  // The instances exercise the validators (many error lines), not only their happy path.
  expect(failures).toBeGreaterThan(1000);
});
