// The TextMarks section of a target config for the peer (test/peers/textmarks/server.ts), configured
// honestly from its fixtures and the choices its header comment states (numbers are its choices).
export function sectionFor(fixtures: Record<string, unknown>): Record<string, unknown> {
  const f = fixtures as {
    user: string;
    userPhone: string;
    password: string;
    apiKey: string;
    keyword: string;
    keywordId: number;
    otherKeywordId: number;
    otherKeyword: string;
    keywordConfig: { private_token: string };
    errorCodes: { invalidTm: number };
  };
  return {
    auth_user: f.user,
    auth_pass: f.password,
    api_key: f.apiKey,
    // 12: auth_user may be the account's phone number, in any of its written forms.
    authPhone: f.userPhone,
    tm: f.keyword,
    // 15: tm accepts the keyword or the numeric TextMark id (its reading of "TRI").
    tmTri: String(f.keywordId),
    foreignTmTri: String(f.otherKeywordId),
    foreignTm: f.otherKeyword,
    // 23: the read-back shows private_token; the seeded one is put back at the end.
    restorePrivateToken: f.keywordConfig.private_token,
    readings: {
      // 1: head/body at the top level.
      envelope: 'top-level',
      // 6: repeated slashes are collapsed; the suite calls the single-slash form.
      pathStyle: 'single',
      // Header: the config sits in body; unset settings read back as "" (NONE clears to "").
      readbackPath: 'body',
      clearedReadsAs: 'empty',
      privateTokenReadBack: 'shown',
      // 3: HTTP 200 for every rescode error of a known method.
      errorHttpStatus: 200,
      // 17: anything but NONE or an absolute http(s) URL is refused (2002).
      urlValidation: 'refused',
      // 16: a tm owned by someone else answers 2011.
      foreignTmRescode: f.errorCodes.invalidTm,
      // 5: the read-back takes GET or POST, the setter POST only.
      getRequests: 'integration_config',
      // 12: digits compared; +, spaces, dashes, dots and parentheses ignored.
      phoneForms: 'common',
      // 10, 11, 22: required params, (api_key), credentials, tm, then option values.
      errorPrecedence: 'missing,auth,tm,value',
      // 24: JSON-P comes as application/javascript.
      jsonpMediaType: 'script',
    },
  };
}
