#!/usr/bin/env node
// Entry point: TypeScript sources run through tsx; vendors are wired in vendors.ts, outside src/.
import { register } from 'tsx/esm/api';

// Output piped into `head` and closed early is not an error of the run.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

register();
const { main } = await import('../src/cli.ts');
const { VENDORS } = await import('../vendors.ts');
process.exitCode = await main(process.argv.slice(2), VENDORS);
