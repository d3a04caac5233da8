// The contract proves itself on the reference mock (test/contracts-verify.test.ts): each fault
// below makes verification fail exactly the interactions whose description matches `fails`, and
// the report names the mismatch. Faults not listed are the suite's business: a call without a
// session and every read-back (session-not-required, refuses-but-applies, properties-not-saved,
// utf8-mangled, multi-value-truncated, empty-values-ignored, logins-not-saved, setlogins-ignored,
// membership-dropped; see the header of iservice.pact.test.ts for why the contract leaves them out),
// and login-failure-silent, which the contract does catch (its ISV-LOGIN-FAIL interaction fails)
// but which breaks a SHOULD only (the failed-login message is from another page and no known client
// breaks without it), so the verification still exits 0 and the proof's exit-1 rule cannot hold.

import type { ContractProof } from '../pact.ts';

export const CONTRACT_PROOF: ContractProof[] = [
  {
    fault: 'error-details-missing',
    fails: /ISV-SUCCESS-SHAPE|ISV-ERROR-SHAPE/,
    mismatch: /missing the following keys: errorDetails/,
  },
  {
    fault: 'errors-null-on-success',
    fails: /ISV-SUCCESS-SHAPE/,
    mismatch: /\$\.errors: Type mismatch: Expected null \(Null\) to be the same type as \[\] \(Array\)/,
  },
  {
    fault: 'error-as-string',
    fails: /ISV-ERROR-SHAPE/,
    mismatch: /\$\.errors: Type mismatch: Expected '[^']+' \(String\) to be the same type as .*\(Array\)/,
  },
  {
    fault: 'customer-may-update-other',
    // Replayed only when the user holds the target to an errors body (readings.foreignRefusal).
    readings: { foreignRefusal: 'errors' },
    fails: /ISV-ACCESS-CUSTOMER-OTHER/,
    mismatch: /\$\.errors: Expected \[\] \(size 0\) to have minimum size of 1/,
  },
  {
    fault: 'agent-refused-on-customer-contact',
    fails: /ISV-ACCESS-AGENT-ANY/,
    mismatch: /\$\.errors: Expected an empty List but received \[/,
  },
  {
    fault: 'customer-own-refused',
    fails: /ISV-ACCESS-CUSTOMER-OWN/,
    mismatch: /\$\.errors: Expected an empty List but received \[/,
  },
  {
    fault: 'unknown-contact-accepted',
    fails: /ISV-UNKNOWN-CONTACT/,
    mismatch: /\$\.errors: Expected \[\] \(size 0\) to have minimum size of 1/,
  },
  {
    fault: 'invalid-payload-accepted',
    fails: /ISV-INVALID-PAYLOAD/,
    mismatch: /\$\.errors: Expected \[\] \(size 0\) to have minimum size of 1/,
  },
  {
    fault: 'login-answer-html',
    fails: /ISV-LOGIN-OK|ISV-LOGIN-ISLOGGEDIN/,
    mismatch: /Expected 'text\/html' to match/,
  },
  {
    fault: 'login-no-isloggedin',
    fails: /ISV-LOGIN-ISLOGGEDIN/,
    mismatch: /missing the following keys: loggedIn/,
  },
];
