// Where the project lives on disk, for the few files the engine reads or hands to vitest and the
// Pact verifier. PROJECT_ROOT holds the product's files (schemas/, contracts/pacts/, the suites):
// the repository when run from source, dist/ in the built package. PACKAGE_ROOT holds package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGE_ROOT = existsSync(join(PROJECT_ROOT, 'package.json'))
  ? PROJECT_ROOT
  : join(PROJECT_ROOT, '..');
