// TextMarketer's passive rules (suites/textmarketer/passive.ts) proven on recorded sessions.
import { provePassive } from '../traffic-proof.ts';
import { drive } from './traffic-session.ts';

provePassive('textmarketer', drive, [
  'dtd-children-reordered',
  'wrong-public-id',
  'declares-utf8',
  'latin1-declared-utf8-sent',
  'processed-date-epoch',
  'response-shows-old-values',
  'readback-stale',
  'clears-unspecified',
  'length-off-by-one:company_name',
  'length-exclusive:company_name',
  'pattern-unchecked:account_password',
  'email-unchecked',
  'mobile-wrong-code',
  'email-rejects-plus',
  'mobile-example-form-only',
  'unknown-account-403',
  'no-basic-auth',
  'error-envelope-flat',
  'error-status-422',
  'partial-apply-on-error',
  'content-type-text-html',
  'header-charset-utf8',
]);
