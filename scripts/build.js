#!/usr/bin/env node
// The package as users get it: TypeScript compiled to dist/ (tsc, tsconfig.build.json), and beside it
// the files the product reads at run time (schemas, the DTD, the pages, the pact files), laid out as
// in the repository so every `new URL('../../schemas/…', import.meta.url)` resolves the same way.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  // A half-built dist/ would be taken for the package: none at all runs the sources instead.
  rmSync(dist, { recursive: true, force: true });
  console.error('build: tsc reported errors (above); dist/ not written');
  process.exit(1);
}
cpSync(join(root, 'schemas'), join(dist, 'schemas'), { recursive: true });
cpSync(join(root, 'contracts', 'pacts'), join(dist, 'contracts', 'pacts'), { recursive: true });
// Every JSON Schema compiled once, here, rather than in each thread of every run (src/validate/precompile.ts).
const { precompiledSchemas, schemaFiles } = await import(
  pathToFileURL(join(dist, 'src', 'validate', 'precompile.js')).href
);
writeFileSync(
  join(dist, 'src', 'validate', 'schemas.cjs'),
  precompiledSchemas(schemaFiles(join(root, 'schemas'))),
);
