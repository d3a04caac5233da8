#!/usr/bin/env node
// Entry point: TypeScript sources run through tsx; vendors are wired in vendors.ts, outside src/.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const { VENDORS } = await import('../vendors.ts');
process.exitCode = await main(process.argv.slice(2), VENDORS);
