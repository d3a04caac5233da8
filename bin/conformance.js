#!/usr/bin/env node
// Entry point. The built package runs plain JavaScript from dist/ (npm run build; `prepare` builds
// it on npm ci and `prepack` before npm pack), with no loader hooks. In a checkout whose dist/ is
// missing or older than a source file, or with CONFORMANCE_FROM_SOURCE=1, the TypeScript sources
// run through tsx (a devDependency): an edit is never hidden behind a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';

// Output piped into `head` and closed early is not an error of the run.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// The process's last word on SIGHUP, SIGINT and SIGTERM, for its whole life: while a command has
// handlers of its own (a run's restore, a mock's stop) they decide, and these stand aside; a signal
// that finds none (before a command installs them, or once it has removed them while the process
// ends) exits at once with its code. The process is never killed by one of these signals: there is
// no moment without a handler, as there was between a command removing its own and main returning.
let signalled = false;
for (const [signal, code] of [
  ['SIGHUP', 129],
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    const again = signalled;
    signalled = true;
    if (process.listenerCount(signal) > 1) return;
    process.stderr.write(`${signal}${again ? ' again' : ''}: exiting now\n`);
    process.exit(code);
  });
}

const built = new URL('../dist/vendors.js', import.meta.url);

/** The newest modification time of the TypeScript sources of a checkout (0 in an installed package). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    let names;
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      const path = new URL(d.name + (d.isDirectory() ? '/' : ''), dir);
      if (d.isDirectory()) walk(path);
      else if (/\.(ts|json|txt|dtd)$/.test(d.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const top of ['src/', 'suites/', 'mocks/', 'reporters/', 'contracts/', 'schemas/']) {
    walk(new URL(`../${top}`, import.meta.url));
  }
  const root = new URL('../vendors.ts', import.meta.url);
  if (existsSync(root)) newest = Math.max(newest, statSync(root).mtimeMs);
  return newest;
}

const useBuilt =
  process.env.CONFORMANCE_FROM_SOURCE !== '1' &&
  existsSync(built) &&
  statSync(built).mtimeMs >= newestSource();
let entry;
if (useBuilt) {
  entry = { cli: '../dist/src/cli.js', vendors: '../dist/vendors.js' };
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = { cli: '../src/cli.ts', vendors: '../vendors.ts' };
}
const { main } = await import(entry.cli);
const { VENDORS } = await import(entry.vendors);
process.exitCode = await main(process.argv.slice(2), VENDORS);
