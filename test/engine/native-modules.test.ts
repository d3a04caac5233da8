// The suites' workers load the built product's modules with Node's own import (src/runner.ts): only
// the compiled .js files under the product's root, never its sources (.ts, which need vite's
// transform) nor its dependencies (vitest's business).
import { expect, test } from 'vitest';
import { nativeModules } from '../../src/runner.ts';

test('the compiled modules of the root, with or without a query, and nothing else', () => {
  const native = nativeModules('/opt/app/dist/');
  for (const id of [
    '/opt/app/dist/suites/textmarketer/textmarketer.conformance.js?target=textmarketer%400',
    '/opt/app/dist/src/suite.js',
    '/opt/app/dist/vendors.js',
  ])
    expect(native.test(id), id).toBe(true);
  for (const id of [
    '/opt/app/dist/suites/textmarketer/textmarketer.conformance.ts?target=textmarketer',
    '/opt/app/dist/node_modules/vitest/dist/index.js',
    '/opt/app/distant/src/suite.js',
    '/opt/app/src/suite.js',
    '/tmp/conformance-entries-x/textmarketer.0.conformance.ts',
    '/opt/app/dist/schemas/textmarketer/account.dtd',
  ])
    expect(native.test(id), id).toBe(false);
  // A root with characters special in a pattern matches itself only.
  expect(nativeModules('/a+b/dist').test('/a+b/dist/src/x.js')).toBe(true);
  expect(nativeModules('/a+b/dist').test('/aab/dist/src/x.js')).toBe(false);
});
