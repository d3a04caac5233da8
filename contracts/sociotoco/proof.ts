// The contract proves itself on the reference mock (test/contracts-verify.test.ts): each fault below
// makes verification fail exactly the interactions whose description matches `fails`, and the report
// names the mismatch. Faults not listed are the suite's business: the contract promises types,
// patterns, codes and envelopes, not the signing variants, the version's increments, which profiles
// were added, the set named, precedence, the JSON name (see the header of the consumer tests), nor
// the HTTP status of an error (undocumented).
import type { ContractProof } from '../pact.ts';

/** A code answered instead of the documented one, in JSON (`Expected 200 (Integer) to be equal to 100 (Integer)`) or XML (`Expected '200' to be equal to '100'`). */
const wrongCode = (got: number, documented: number) =>
  new RegExp(`Expected '?${got}'? (\\(Integer\\) )?to be equal to '?${documented}'?`);

/** A success answer where the error envelope was due. */
const noError = /Expected child <error\/> but was missing|Actual map is missing the following keys: error/;

export const CONTRACT_PROOF: ContractProof[] = [
  // the success shape
  {
    fault: 'profile-id-element',
    fails: /SOC-SUCCESS-XML/,
    mismatch: /profile\['@id'\]: Expected attribute 'id'=.* but was missing/,
  },
  {
    fault: 'json-version-string',
    fails: /SOC-SUCCESS-JSON/,
    mismatch: /sociotocoSet\.version: Expected '2' \(String\) to be an integer/,
  },
  // the envelopes and formats
  {
    fault: 'xml-error-code-element',
    fails: /SOC-ERROR-ENVELOPE-XML/,
    mismatch: /error\['@code'\]: Expected attribute 'code'='\d+' but was missing/,
  },
  {
    fault: 'json-error-code-string',
    fails: /SOC-ERROR-ENVELOPE-JSON/,
    mismatch: /error\.code: Expected '\d+' \(String\) to be equal to \d+ \(Integer\)/,
  },
  {
    fault: 'xml-when-json-asked',
    fails: /SOC-FORMAT-JSON|SOC-ERROR-ENVELOPE-JSON/,
    mismatch: /Expected a body of 'application\/json' but the actual content type was 'text\/xml/,
  },
  {
    fault: 'json-when-xml-asked',
    fails: /SOC-FORMAT-XML-DEFAULT|SOC-ERROR-ENVELOPE-XML/,
    mismatch: /Expected a body of 'application\/xml' but the actual content type was 'application\/json/,
  },
  // the error table: each code
  { fault: 'no-key-as-invalid', fails: /SOC-ERR-100/, mismatch: wrongCode(200, 100) },
  { fault: 'no-sig-as-invalid', fails: /SOC-ERR-101/, mismatch: wrongCode(210, 101) },
  { fault: 'malformed-key-as-not-found', fails: /SOC-ERR-200/, mismatch: wrongCode(201, 200) },
  { fault: 'unknown-key-as-invalid', fails: /SOC-ERR-201/, mismatch: wrongCode(200, 201) },
  { fault: 'signature-not-checked', fails: /SOC-ERR-210/, mismatch: noError },
  { fault: 'unknown-method-runs-setprofiles', fails: /SOC-ERR-220/, mismatch: noError },
  { fault: 'no-sid-as-invalid', fails: /SOC-ERR-304/, mismatch: wrongCode(402, 304) },
  { fault: 'no-profiles-wrong-code', fails: /SOC-ERR-305/, mismatch: wrongCode(406, 305) },
  { fault: 'malformed-sid-as-not-found', fails: /SOC-ERR-402/, mismatch: wrongCode(403, 402) },
  { fault: 'unknown-set-as-invalid', fails: /SOC-ERR-403/, mismatch: wrongCode(402, 403) },
  { fault: 'invalid-profiles-ignored', fails: /SOC-ERR-406/, mismatch: noError },
];
