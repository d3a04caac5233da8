#!/usr/bin/env node
// Writes, into an empty project directory, the package.json and package-lock.json a user gets after
// `npm install <tarball>`: the tarball as the one dependency, and its runtime dependencies at the
// versions this repository's lock pins. `npm ci --offline` then installs it from npm's cache, so the
// package test needs no network. Usage: node scripts/consumer-lock.js <dir> <tarball file name>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, tarball] = process.argv.slice(2);
if (!dir || !tarball) {
  console.error('usage: consumer-lock.js <dir> <tarball file name>');
  process.exit(2);
}
const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));
const spec = `file:${tarball}`;
const packages = {
  '': { name: 'consumer', version: '1.0.0', dependencies: { [pkg.name]: spec } },
  [`node_modules/${pkg.name}`]: {
    version: pkg.version,
    resolved: spec,
    license: pkg.license,
    dependencies: pkg.dependencies,
    bin: pkg.bin,
    engines: pkg.engines,
  },
};
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path === '' || entry.dev || entry.link || !path.startsWith('node_modules/')) continue;
  packages[path] = entry;
}
writeFileSync(
  join(dir, 'package.json'),
  `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { [pkg.name]: spec } }, null, 2)}\n`,
);
writeFileSync(
  join(dir, 'package-lock.json'),
  `${JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
);
