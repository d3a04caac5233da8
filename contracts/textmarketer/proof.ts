// The contract proves itself on the reference mock (test/contracts-verify.test.ts): each fault
// below makes verification fail exactly the interactions whose description matches `fails`, and
// the report names the mismatch. Faults not listed are the suite's business (DTD, DOCTYPE,
// encoding, boundaries): the contract promises types and patterns, not those.

import type { ContractProof } from '../pact.ts';

export const CONTRACT_PROOF: ContractProof[] = [
  {
    fault: 'error-envelope-flat',
    fails: /TMR-ERROR-ENVELOPE/,
    mismatch: /Expected child <errors\/> but was missing/,
  },
  { fault: 'error-status-422', fails: /TMR-ERROR-STATUS/, mismatch: /expected 400 but was 422/ },
  {
    fault: 'response-shows-old-values',
    fails: /TMR-SHOWS-VALUES/,
    mismatch: /company_name.*to be equal to 'Pact Bakery Ltd'/,
  },
  {
    fault: 'no-processed-date',
    fails: /TMR-PROCESSED-DATE/,
    mismatch: /attribute 'processed_date'.*missing/,
  },
  { fault: 'unknown-account-403', fails: /TMR-404-UNKNOWN/, mismatch: /expected 404 but was 403/ },
  { fault: 'foreign-account-allowed', fails: /TMR-403-FOREIGN/, mismatch: /expected 403 but was 200/ },
  { fault: 'auth-not-checked', fails: /TMR-AUTH-REQUIRED/, mismatch: /to be a 401, 403/ },
  { fault: 'email-unchecked', fails: /TMR-EMAIL-INVALID/, mismatch: /expected 400 but was 200/ },
  {
    fault: 'mobile-wrong-code',
    fails: /TMR-MOBILE-INVALID/,
    mismatch: /@code.*Expected '5' to be equal to '3'/,
  },
  { fault: 'taken-username-accepted', fails: /TMR-USERNAME-TAKEN/, mismatch: /expected 400 but was 200/ },
];
