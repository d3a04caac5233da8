// The contract proves itself on the reference mock (test/contracts-verify.test.ts): each fault
// below makes verification fail exactly the interactions whose description matches `fails`, and
// the report names the mismatch. Faults not listed are the suite's business: the <id> against the
// Location's uid, a Location on another host, a 400 that still stores the profile, the encoding,
// status always 1 (a non-default reading), JSON; the contract promises types and patterns, not those.
import type { ContractProof } from '../pact.ts';

export const CONTRACT_PROOF: ContractProof[] = [
  // the 201
  { fault: 'created-200', fails: /EPZ-CREATE-201/, mismatch: /expected 201 but was 200/ },
  {
    fault: 'no-location',
    fails: /EPZ-LOCATION[,\]]/,
    mismatch: /Expected a header 'Location' but was missing/,
  },
  {
    // The read-back's body has the same envelope, and the fault drops <status> from every 2xx body.
    fault: 'success-no-status',
    fails: /EPZ-SUCCESS-SHAPE|EPZ-READBACK\]/,
    mismatch: /Expected child <status\/> but was missing/,
  },
  {
    fault: 'success-omits-safe-keys',
    fails: /EPZ-SAFE-VALUES/,
    mismatch: /Expected child <first_name\/> but was missing/,
  },
  {
    fault: 'ver-2',
    fails: /EPZ-RESULT-VER/,
    mismatch: /@ver.*Expected 'ePrize Web Services 2\.0' to be equal to 'ePrize Web Services 1\.0'/,
  },
  // the read-back
  // readback-missing-unique and unknown-uid-200: at the end (SHOULD requirements).
  // 409
  { fault: 'duplicates-accepted', fails: /EPZ-DUPLICATE-409/, mismatch: /expected 409 but was 201/ },
  {
    fault: 'conflict-flat',
    fails: /EPZ-CONFLICT-SHAPE/,
    mismatch: /\$\.result\.result: Expected child <errors\/> but was missing/,
  },
  // 400 field errors
  { fault: 'empty-unique-accepted', fails: /EPZ-UNIQUE-NULL/, mismatch: /expected 400 but was 201/ },
  {
    fault: 'null-validation-swapped',
    fails: /EPZ-UNIQUE-NULL|EPZ-VALIDATION|EPZ-REQUIRED-KEY/,
    mismatch: /error\['#text'\]: Expected '(VALIDATION|NULL)' to be equal to '(NULL|VALIDATION)'/,
  },
  { fault: 'required-key-not-enforced', fails: /EPZ-REQUIRED-KEY/, mismatch: /expected 400 but was 201/ },
  {
    fault: 'first-error-only',
    fails: /EPZ-FIELD-PER-ERROR/,
    mismatch: /field_errors\.field: Expected child <field\/> but was missing/,
  },
  {
    fault: 'field-errors-unwrapped',
    fails: /EPZ-FIELD-ERRORS-SHAPE/,
    mismatch: /\$\.result\.result: Expected child <errors\/> but was missing/,
  },
  // key names: the contract promises a 400, which is the badKeyNames "refused" reading (EPZ-KEY-NAME-REFUSED)
  {
    fault: 'digit-start-keys-accepted',
    fails: /EPZ-KEY-NAME-REFUSED\].*2nd_choice/,
    mismatch: /expected 400 but was 201/,
  },
  {
    fault: 'uppercase-keys-accepted',
    fails: /EPZ-KEY-NAME-REFUSED\].*Nickname/,
    mismatch: /expected 400 but was 201/,
  },
  // CAPTCHA
  { fault: 'captcha-not-required', fails: /EPZ-CAPTCHA-REQUIRED/, mismatch: /expected 400 but was 201/ },
  { fault: 'captcha-answer-unchecked', fails: /EPZ-CAPTCHA-WRONG/, mismatch: /expected 400 but was 201/ },
  { fault: 'captcha-challenge-200', fails: /EPZ-CAPTCHA-CHALLENGE/, mismatch: /expected 201 but was 200/ },
  // Faults that break SHOULD requirements only: the contract catches them, the run exits 0.
  {
    fault: 'readback-missing-unique',
    fails: /EPZ-READBACK\]/,
    mismatch: /Expected child <email\/> but was missing/,
  },
  { fault: 'unknown-uid-200', fails: /EPZ-READBACK-404/, mismatch: /expected 404 but was 200/ },
  { fault: 'captcha-reusable', fails: /EPZ-CAPTCHA-SINGLE-USE/, mismatch: /expected 400 but was 201/ },
];
