// The TextMarketer section of a target config for the peer (server.ts), configured from its fixtures
// and from the choices its header comment states, as a user of that implementation would.
export function sectionFor(fixtures: Record<string, unknown>): Record<string, unknown> {
  const s = (k: string) => {
    const v = fixtures[k];
    if (typeof v !== 'string') throw new Error(`the peer has no fixture ${k}`);
    return v;
  };
  return {
    credentials: { username: s('apiUsername'), password: s('apiPassword') },
    accountId: s('accountId'),
    foreignAccountId: s('otherAccountId'),
    unknownAccountId: s('unknownAccountId'),
    takenUsername: s('takenAccountUsername'),
    takenApiUsername: s('takenApiUsername'),
    // An in-memory target: the suite may change the API credentials (each put back at once).
    mutateApiCredentials: true,
    readings: {
      // 11: request fields spelled notifcation_* (the documented spelling).
      requestFieldSpelling: 'notifcation',
      // 21: the system ID is kept verbatim as documented.
      expectedSystemId: 'http://api.textmarketer.co.uk/services/rest/DTD/groups_get.dtd',
      // 22: dates are ISO 8601 with a four-digit year.
      createDateFormat: 'iso8601',
      // 1: POST {base}/account/{account_id}.
      accountPath: 'account/{account_id}',
      // 23 + related.txt: field errors on HTTP 400.
      errorStatus: 400,
      // 4: wrong or missing credentials answer 403.
      authFailureStatuses: '403',
      // 3 + 14: route, credentials, account, access, then fields; every failing field reported.
      errorPrecedence: 'auth-account-fields',
      // 20: Content-Type text/xml; charset=ISO-8859-1, no legacy label to accept.
      legacyMediaTypes: '',
    },
    // 25: no sub-accounts are seeded, so subAccountId stays unset (TMR-MASTER-ACCESS not applicable).
  };
}
