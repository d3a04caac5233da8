// The suite's ePrize section for the peer (test/peers/eprize/server.ts), configured from its fixtures
// and the choices its header states, nothing else. The peer serves two promotions; the suite is
// pointed at the CAPTCHA one (the more demanding: a required key besides the unique key, and an
// enforced CAPTCHA that the fixture's test answer solves).

interface PeerPromotion {
  apikey: string;
  uniqueKey: string;
  captcha: boolean;
  requiredKeys: string[];
  optionalKeys: string[];
  safeKeys: string[];
  captchaHeaders?: { challenge: string; response: string };
  captchaTestAnswer?: string;
}

/** A value each key accepts, from the validation rules of the header (choice 18). */
const VALID: Record<string, string> = {
  email: 'peer.conformance@example.com',
  first_name: 'Conformance',
  last_name: 'Peer',
  optin: 'y',
  birthdate: '1990-01-31',
  address: '1 Test Street',
  mobile_phone: '+44 7700 900123',
};

/** Other written forms each key accepts (choice 18), for EPZ-VALID-VALUES. */
const FORMS: Record<string, string[]> = {
  optin: ['Y', 'n', 'yes', 'No', 'true', 'false', '1', '0'],
  mobile_phone: ['+44 7700 900123', '07700900123', '07700-900-123', '07700.900.123'],
  birthdate: ['2000-02-29'],
};

/** Size limits in characters (choice 18: names 1-50, address <=200). */
const LIMITS: Record<string, number> = { first_name: 50, last_name: 50, address: 200 };

/** A value each key refuses (choice 18), for EPZ-VALIDATION and the two-field checks. */
const INVALID: Record<string, string> = {
  email: 'not-an-email',
  optin: 'maybe',
  birthdate: '31/01/1990',
};

function section(p: PeerPromotion, unknownUid: string): Record<string, unknown> {
  const known = (k: string) => k === p.uniqueKey || [...p.requiredKeys, ...p.optionalKeys].includes(k);
  const besidesUnique = (keys: string[]) => keys.filter((k) => k !== p.uniqueKey);
  const pick = (keys: string[]) =>
    Object.fromEntries(keys.filter((k) => VALID[k] !== undefined).map((k) => [k, VALID[k] as string]));
  return {
    apikey: p.apikey,
    uniqueKey: p.uniqueKey,
    requiredKeys: pick(besidesUnique(p.requiredKeys)),
    optionalKeys: pick(p.optionalKeys),
    safeKeys: p.safeKeys,
    textKey: 'first_name',
    invalidValues: Object.fromEntries(
      Object.entries(INVALID).filter(
        ([k]) => k === p.uniqueKey || [...p.requiredKeys, ...p.optionalKeys].includes(k),
      ),
    ),
    validValues: Object.fromEntries(Object.entries(FORMS).filter(([k]) => known(k))),
    sizeLimits: Object.fromEntries(Object.entries(LIMITS).filter(([k]) => known(k))),
    unknownUid,
    captcha: p.captcha ? { enforced: true, answer: p.captchaTestAnswer } : { enforced: false },
    readings: {
      // Choice 5: status is 1 in every body, as printed.
      statusValue: 'always-1',
      // Choice 6: a bad key name is a VALIDATION field error (400).
      badKeyNames: 'refused',
      // Choice 11: CAPTCHA and field errors are reported before the uniqueness test (400 wins over 409).
      errorPrecedence: 'field-errors',
      // Choice 9: the wiki's header names.
      ...(p.captchaHeaders
        ? { captchaHeaders: `${p.captchaHeaders.challenge},${p.captchaHeaders.response}` }
        : {}),
    },
  };
}

export function sectionFor(fixtures: Record<string, unknown>): Record<string, unknown> {
  return section(fixtures.captcha as PeerPromotion, fixtures.unknownUid as string);
}

/** The same for the peer's other promotion (CAPTCHA off, the trusted-caller configuration). */
export function openSectionFor(fixtures: Record<string, unknown>): Record<string, unknown> {
  return section(fixtures.open as PeerPromotion, fixtures.unknownUid as string);
}
