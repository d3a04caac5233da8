// The consumer of the iService contract: a minimal client of the contact-details form, written the
// way the service's own web client calls it (the documentation's other pages, schemas/iservice/
// related.txt): log in with a form POST to webapp-api-login?api=login (fields emailAddress and
// Password), keep the session cookie it sets, then POST JSON with that cookie to
// webapp-api-custinfo?api=setdetails. An answer is an error when its `errors` holds a message,
// whatever the HTTP status (no page documents a status); a login counts as successful for the
// service's client script only with loggedIn.isLoggedIn true. The consumer tests drive it against
// Pact's mock.

export interface PropertyValue {
  value: string;
}

export interface Property {
  propertyID: string;
  propertyName: string;
  values: PropertyValue[];
}

export interface Login {
  name: string;
  type: string;
}

/** The page's Request Parameter table: `details` as the example sends it, an object (reading ISV-C1). */
export interface SetDetailsRequest {
  contactID: number;
  details: { properties: Property[]; setLogins: boolean; logins: Login[] };
  membership: string[];
}

export interface LoginResult {
  /** The session cookies the answer set, as a Cookie header value. */
  cookie: string | undefined;
  /** loggedIn.isLoggedIn, when the answer has it. */
  isLoggedIn: boolean | undefined;
}

/** An answer whose `errors` holds a message (or one that is not JSON at all: `errors` is then empty). */
export class IServiceError extends Error {
  override name = 'IServiceError';
  constructor(
    readonly status: number,
    readonly errors: string[],
    readonly errorDetails: string[],
    readonly body: string,
  ) {
    super(
      errors.length > 0
        ? `iService refused the request: ${errors.join('; ')}`
        : `iService answered HTTP ${status} without a JSON answer`,
    );
  }
}

type Obj = Record<string, unknown>;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => String(x)) : typeof v === 'string' && v !== '' ? [v] : [];
}

/** The cookies a response sets, as a Cookie header value (the attributes after `;` dropped). */
function cookiesOf(res: Response): string | undefined {
  const pairs = res.headers
    .getSetCookie()
    .map((c) => (c.split(';')[0] ?? '').trim())
    .filter((pair) => pair.indexOf('=') > 0);
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

export class IServiceClient {
  private readonly base: string;

  /** `cookie`: a session's Cookie header value (set by login()). */
  constructor(
    baseUrl: string,
    public cookie?: string,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** The answer as a JSON object, or an IServiceError when it carries error messages or is not JSON. */
  private async answer(res: Response): Promise<Obj> {
    const body = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new IServiceError(res.status, [], [], body);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json))
      throw new IServiceError(res.status, [], [], body);
    const o = json as Obj;
    const errors = strings(o.errors);
    if (errors.length > 0) throw new IServiceError(res.status, errors, strings(o.errorDetails), body);
    if (res.status < 200 || res.status > 299) throw new IServiceError(res.status, [], [], body);
    return o;
  }

  /** webapp-api-login?api=login; keeps the session cookie for the calls that follow. */
  async login(emailAddress: string, password: string): Promise<LoginResult> {
    const res = await fetch(`${this.base}/webapp-api-login?api=login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ emailAddress, Password: password }).toString(),
    });
    const cookie = cookiesOf(res);
    const o = await this.answer(res);
    if (cookie) this.cookie = cookie;
    const loggedIn = o.loggedIn as Obj | undefined;
    return {
      cookie,
      isLoggedIn: typeof loggedIn?.isLoggedIn === 'boolean' ? loggedIn.isLoggedIn : undefined,
    };
  }

  /** webapp-api-custinfo?api=setdetails: the whole form, sent with the session cookie. */
  async setDetails(payload: SetDetailsRequest): Promise<void> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(`${this.base}/webapp-api-custinfo?api=setdetails`, {
      method: 'POST',
      headers,
      body: JSON.stringify(payload),
    });
    await this.answer(res);
  }
}
