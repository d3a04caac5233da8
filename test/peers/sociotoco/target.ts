// The Sociotoco section of a target config for the peer (test/peers/sociotoco/server.ts), configured
// from its fixtures and from the choices its header comment states on every open point.
export function sectionFor(fixtures: Record<string, unknown>): Record<string, unknown> {
  const f = fixtures as {
    apiKey: string;
    apiSecret: string;
    sid: string;
    unknownApiKey: string;
    unknownSid: string;
    addableProfiles: string[];
  };
  return {
    apiKey: f.apiKey,
    secret: f.apiSecret,
    // Header 2: the hash is the client's choice, told apart by the digest length.
    algorithm: 'sha256',
    sid: f.sid,
    // Existing profiles (header: "four existing profiles not in the set").
    profileIds: f.addableProfiles,
    unknownKey: f.unknownApiKey,
    unknownSid: f.unknownSid,
    readings: {
      // Header 20: "HTTP status of an API error (undocumented): 200".
      errorStatus: '200',
      // Header 7: "Error precedence: ascending code order" (the page's table is in ascending order).
      errorPrecedence: 'page-order',
      // Header 15: "set" means replace, and addedProfiles lists all of them (not only those newly present).
      setSemantics: 'replace',
      addedProfilesListing: 'sent',
      // Header 10: the method name is matched case-insensitively (both spellings).
      methodNames: 'both',
      // Header 3: sig "accepted in either case".
      sigHexCase: 'either',
      // Header 5: format is signed; header 4: values signed URL-decoded.
      signFormat: true,
      signedValues: 'decoded',
    },
  };
}
