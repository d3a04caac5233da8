// The contract proves itself on the reference mock (test/contracts-verify.test.ts): each fault
// below makes verification fail exactly the interactions whose description matches `fails`, and
// the report names the mismatch. Faults not listed are the suite's business: what integration_config()
// reads back (stale, cleared, percent-encoded, NONE), api_key, the \s signature, a hostile jsonp
// value; and head-renamed, which fails like envelope-wrapped.
import type { ContractProof } from '../pact.ts';

/** Any non-zero rescode was expected, and the mock answered 0. */
const ACCEPTED = /\$\.head\.rescode: Expected '0' to match/;
/** The JSON-P interactions' body pattern did not match. */
const NOT_WRAPPED = /BodyMismatch at \$: Expected .* to match '\^\\s\*.*txmCallback\\s\*\\\(/;

export const CONTRACT_PROOF: ContractProof[] = [
  {
    fault: 'envelope-wrapped',
    fails: /TXM-ENVELOPE/,
    mismatch: /Actual map is missing the following keys: head/,
  },
  {
    fault: 'rescode-string',
    fails: /TXM-ENVELOPE/,
    mismatch: /\$\.head\.rescode: Expected '[0-9]+' \(String\) to be (an integer|equal to)/,
  },
  { fault: 'json-trailing-comma', fails: /TXM-ENVELOPE/, mismatch: /Failed to parse the actual body/ },
  {
    fault: 'jsonp-unasked',
    fails: /TXM-ENVELOPE/,
    mismatch: /Expected a body of 'application\/json' but the actual content type was 'text\/javascript/,
  },
  {
    fault: 'success-rescode-nonzero',
    fails: /TXM-RESCODE-SUCCESS/,
    mismatch: /\$\.head\.rescode: Expected 1 \(Integer\) to be equal to 0 \(Integer\)/,
  },
  { fault: 'auth-user-optional', fails: /TXM-AUTH-USER-REQUIRED/, mismatch: ACCEPTED },
  { fault: 'auth-pass-optional', fails: /TXM-AUTH-PASS-REQUIRED/, mismatch: ACCEPTED },
  { fault: 'tm-optional', fails: /TXM-TM-REQUIRED/, mismatch: ACCEPTED },
  { fault: 'wrong-pass-accepted', fails: /TXM-AUTH-WRONG-PASS/, mismatch: ACCEPTED },
  {
    fault: 'foreign-tm-allowed',
    fails: /TXM-TM-NOT-OWNED/,
    mismatch: /\$\.head\.rescode: Expected ('0' to match|0 \(Integer\) to be equal to 2011)/,
  },
  {
    fault: 'foreign-tm-wrong-code',
    fails: /TXM-TM-NOT-OWNED-2011/,
    mismatch: /\$\.head\.rescode: Expected [0-9]+ \(Integer\) to be equal to 2011 \(Integer\)/,
  },
  { fault: 'jsonp-ignored', fails: /TXM-JSONP(?!-BLANK)/, mismatch: NOT_WRAPPED },
  { fault: 'jsonp-not-on-errors', fails: /TXM-JSONP-ERRORS/, mismatch: NOT_WRAPPED },
  {
    fault: 'jsonp-blank-wraps',
    fails: /TXM-JSONP-BLANK/,
    mismatch: /Expected a body of 'application\/json' but the actual content type was 'text\/javascript/,
  },
  { fault: 'error-status-400', fails: /TXM-ERROR-HTTP-STATUS/, mismatch: /expected 200 but was 400/ },
];
