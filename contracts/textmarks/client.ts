// The consumer of the TextMarks contract: a minimal client of the TextMarks API V2, written the way
// the official clients (PHP, Java, Python) call it: one generic call(package, method, params) that
// POSTs form fields to {base}/{Package}/{method}/ (trailing slash), adds the credentials as
// auth_user / auth_pass (and api_key when the account has one), and reads the answer as the JSON
// envelope {"head":{"rescode","resmsg"},"body"} at the top level. rescode 0 is success; any other
// rescode is an error carrying it. Those clients read the rescode on HTTP 200 only: any other status
// is a transport error. A browser page asks for JSON-P instead (the `jsonp` parameter): callJsonp.
// The consumer tests drive it against Pact's mock server.

export interface Credentials {
  auth_user?: string;
  auth_pass?: string;
  api_key?: string;
}

export interface Envelope {
  head: { rescode: number; resmsg?: string };
  body?: unknown;
}

/** The options of set_integration_config() (only the options given are changed). */
export interface IntegrationOptions {
  group_callback_url?: string;
  private_token?: string;
}

/** The API answered with a non-zero rescode. */
export class TextMarksError extends Error {
  override name = 'TextMarksError';
  constructor(
    readonly rescode: number,
    readonly resmsg: string | undefined,
    readonly envelope: Envelope,
  ) {
    super(`TextMarks refused the call: rescode ${rescode}${resmsg ? ` (${resmsg})` : ''}`);
  }
}

/** Not an answer the client can read: a status other than 200, or a body that is not the envelope. */
export class TextMarksTransportError extends Error {
  override name = 'TextMarksTransportError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}

const JSONP_BODY = /^\s*([A-Za-z_$][\w$.]*)\s*\(([\s\S]*)\)\s*;?\s*$/;

function envelopeOf(value: unknown, status: number, text: string): Envelope {
  const head = (value as { head?: { rescode?: unknown; resmsg?: unknown } } | null)?.head;
  if (!head || typeof head !== 'object' || !Number.isInteger(head.rescode)) {
    throw new TextMarksTransportError('the answer is not the {"head":{"rescode":…}} envelope', status, text);
  }
  return value as Envelope;
}

function parse(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TextMarksTransportError('the answer is not JSON', status, text);
  }
}

export class TextMarksClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Credentials,
  ) {}

  private async post(pkg: string, method: string, params: Record<string, string>) {
    const form = new URLSearchParams();
    for (const k of ['api_key', 'auth_user', 'auth_pass'] as const) {
      const v = this.credentials[k];
      if (v !== undefined) form.set(k, v);
    }
    for (const [k, v] of Object.entries(params)) form.set(k, v);
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/${pkg}/${method}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json, text/javascript',
      },
      body: form.toString(),
    });
    const text = await res.text();
    if (res.status !== 200)
      throw new TextMarksTransportError(`TextMarks answered HTTP ${res.status}`, res.status, text);
    return { status: res.status, text };
  }

  /** Calls {Package}/{method}/ with the params as given (plus the client's credentials). */
  async call(pkg: string, method: string, params: Record<string, string> = {}): Promise<Envelope> {
    const { status, text } = await this.post(pkg, method, params);
    const envelope = envelopeOf(parse(text, status), status, text);
    if (envelope.head.rescode !== 0)
      throw new TextMarksError(envelope.head.rescode, envelope.head.resmsg, envelope);
    return envelope;
  }

  /**
   * The same call as a browser page makes it: `jsonp` names the callback and the answer is
   * callback(<envelope>), errors included (a page sees only what comes through its callback), so
   * nothing is thrown for a non-zero rescode.
   */
  async callJsonp(
    pkg: string,
    method: string,
    params: Record<string, string>,
    callback: string,
  ): Promise<{ callback: string; envelope: Envelope }> {
    const { status, text } = await this.post(pkg, method, { ...params, jsonp: callback });
    const m = JSONP_BODY.exec(text);
    if (!m?.[1] || m[2] === undefined)
      throw new TextMarksTransportError('the answer is not callback(…)', status, text);
    return { callback: m[1], envelope: envelopeOf(parse(m[2], status), status, text) };
  }

  /** TextMarkManager/set_integration_config(): changes only the options given. */
  setIntegrationConfig(tm: string, options: IntegrationOptions): Promise<Envelope> {
    const params: Record<string, string> = { tm };
    for (const [k, v] of Object.entries(options)) if (v !== undefined) params[k] = v;
    return this.call('TextMarkManager', 'set_integration_config', params);
  }
}
