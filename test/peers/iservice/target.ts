// The iService section of a target config for the peer (test/peers/iservice/server.ts), taken from
// its fixtures and the choices its header comment states. Nothing here is tuned to the suite: every
// value is the peer's own, every reading the one its header names.
type Obj = Record<string, unknown>;

export function sectionFor(fixtures: Record<string, unknown>): Record<string, unknown> {
  const f = fixtures as {
    agent: { emailAddress: string; password: string };
    customer: { contactID: number; emailAddress: string; password: string };
    otherContact: { contactID: number };
    textProperties: { propertyID: string; propertyName: string }[];
    multiProperty: { propertyID: string; propertyName: string; accepts: string[] };
    segments: string[];
    unknownContactID: number;
  };
  const login = (l: { emailAddress: string; password: string }): Obj => ({
    emailAddress: l.emailAddress,
    password: l.password,
  });
  return {
    agent: login(f.agent),
    customer: login(f.customer),
    customerContactID: f.customer.contactID,
    otherContactID: f.otherContact.contactID,
    unknownContactID: f.unknownContactID,
    // Header: "textProperties: 1 First Name, 2 Middle Initial, 3 Last Name (single-valued free text)".
    textProperties: f.textProperties.map((p) => ({ propertyID: p.propertyID, propertyName: p.propertyName })),
    multiValueProperty: {
      propertyID: f.multiProperty.propertyID,
      propertyName: f.multiProperty.propertyName,
      options: f.multiProperty.accepts.slice(0, 2),
    },
    // Header: 'segments: "1".."12"'.
    membershipSegments: f.segments.slice(0, 3),
    readings: {
      // Header 7: an object is accepted (and a one-element array).
      detailsShape: 'object',
      // Header 10: login types match case-insensitively; the example's "Email" is accepted.
      loginType: 'Email',
      // Header 4: "200 with errors[] for every API-level error (login failure, not logged in,
      // access denied, validation)".
      noSessionRefusal: 'errors',
      foreignRefusal: 'errors',
      // Header: details read-back is POST with the body {contactID}.
      detailsContactId: 'json-body',
      // Headers 7 and 10: both forms the page uses (details object or array of one; any casing of
      // the email type) are accepted.
      pageForms: 'both',
      // Header 21: "Not logged in", then body, contactID type, access, existence, then field checks.
      errorPrecedence: 'auth-first',
      // Every answer is "Content-Type: application/json; charset=utf-8": no legacy label to accept.
      legacyMediaTypes: '',
    },
  };
}
