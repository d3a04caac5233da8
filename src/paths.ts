// Where the project lives on disk (the package root), for the few files the engine reads or hands
// to vitest and the Pact verifier.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
