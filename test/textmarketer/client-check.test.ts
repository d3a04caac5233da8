// mock --check-client, TextMarketer: a client built like the suite's valid requests breaks nothing;
// each deliberately wrong client breaks exactly its requirement, and the mock answers it as the API
// would (its documented error code, or the field ignored where the page gives no error).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HttpRequest } from '../../src/http.ts';
import { type TextMarketerConfig, withDefaults } from '../../suites/textmarketer/config.ts';
import { modifyRequest, type RequestTarget, readBackRequest } from '../../suites/textmarketer/requests.ts';
import { freshValues } from '../../suites/textmarketer/values.ts';
import { type JudgedMock, startJudged } from '../client-proof.ts';

let m: JudgedMock;
let target: RequestTarget;
let accountId: string;
const values = freshValues('c1e4');

beforeAll(async () => {
  m = await startJudged('textmarketer');
  const config = withDefaults(m.mock.targetConfig as unknown as TextMarketerConfig);
  target = { baseUrl: m.mock.url, credentials: config.credentials, readings: config.readings };
  accountId = config.accountId;
});
afterAll(() => m.close());

const send = (r: HttpRequest) =>
  m.send(r.url, {
    method: r.method,
    headers: r.headers ?? {},
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
const modify = (fields: Record<string, string>) => send(modifyRequest(target, accountId, fields));

/** The PHP SDK's call: multipart/form-data, apiClient and the credentials in the body. */
function phpSdk(fields: Record<string, string>): Promise<Awaited<ReturnType<typeof send>>> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...fields, apiClient: 'tm-php-1.4', ...target.credentials }))
    form.append(k, v);
  return m.send(`${m.mock.url}/account/${accountId}`, { method: 'POST', body: form });
}

describe('a correct client', () => {
  test('the suite-built modify, read-back and Basic calls, and the PHP SDK multipart call, break nothing', async () => {
    const v = values.change();
    const answers = [
      await modify({ company_name: v.company, notifcation_email: v.email, notifcation_mobile: v.mobile }),
      await modify({ notification_email: v.email, account_username: 'ui_user-2' }),
      await send(readBackRequest(target, accountId)),
      await send(modifyRequest(target, accountId, { company_name: values.company() }, 'basic')),
      await phpSdk({ company_name: values.company() }),
    ];
    for (const a of answers) {
      expect(a.violations).toEqual([]);
      expect(a.status).toBe(200);
      expect(a.judged).toContain('TMR-CLIENT-AUTH');
    }
    expect(answers[0]?.judged).toContain('TMR-CLIENT-COMPANY-LENGTH');
    // the mock's answers as the report shows them: headers given to writeHead included
    const answered = m.report().checks.flatMap((c) => c.exchanges.map((e) => e.response?.headers ?? {}));
    expect(answered.length).toBeGreaterThan(0);
    for (const h of answered) expect(h['content-type']).toMatch(/xml/);
  });
});

describe('a wrong client breaks exactly its requirement', () => {
  const cases: [string, Record<string, string>, string, number, RegExp | undefined][] = [
    [
      'a field spelled neither way',
      { notificaton_email: 'a@example.com' },
      'TMR-CLIENT-FIELD-NAMES',
      200,
      undefined,
    ],
    ['a company name of 2 characters', { company_name: 'AB' }, 'TMR-CLIENT-COMPANY-LENGTH', 400, /code="4"/],
    [
      'a company name of 41 characters',
      { company_name: 'x'.repeat(41) },
      'TMR-CLIENT-COMPANY-LENGTH',
      400,
      /code="4"/,
    ],
    ['an invalid email', { notifcation_email: 'not-an-email' }, 'TMR-CLIENT-EMAIL', 400, /code="2"/],
    [
      'a mobile that is not a UK mobile',
      { notifcation_mobile: '15551234567' },
      'TMR-CLIENT-MOBILE',
      400,
      /code="3"/,
    ],
    [
      'a username with a character the pattern refuses',
      { account_username: 'bad!name' },
      'TMR-CLIENT-USERNAME-PATTERN',
      400,
      /code="5"/,
    ],
    [
      'a username of 4 characters',
      { account_username: 'abcd' },
      'TMR-CLIENT-USERNAME-LENGTH',
      400,
      /code="4"/,
    ],
    [
      'an API password of 21 characters',
      { account_api_password: 'p'.repeat(21) },
      'TMR-CLIENT-API-PASSWORD-LENGTH',
      400,
      /code="4"/,
    ],
  ];
  for (const [what, fields, id, status, code] of cases) {
    test(what, async () => {
      const a = await modify(fields);
      expect(a.violations).toEqual([id]);
      expect(a.status).toBe(status);
      if (code) expect(a.body).toMatch(code);
    });
  }

  test('no credentials at all: TMR-CLIENT-AUTH, answered 403', async () => {
    const a = await send(modifyRequest(target, accountId, { company_name: values.company() }, 'none'));
    expect(a.violations).toEqual(['TMR-CLIENT-AUTH']);
    expect(a.status).toBe(403);
  });

  describe("the form's charset (reading TMR-O5: UTF-8, or ISO-8859-1 labelled as such)", () => {
    const url = () => `${m.mock.url}/account/${accountId}`;
    /** A url-encoded modify with the credentials, its company_name given as percent-encoded bytes. */
    const raw = (companyBytes: Buffer, contentType: string) => {
      const company = [...companyBytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
      const auth = new URLSearchParams({ ...target.credentials }).toString();
      return m.send(url(), {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: `${auth}&company_name=${company}`,
      });
    };
    const FORM = 'application/x-www-form-urlencoded';
    const name = 'Café Zoë';

    test('a correct client: UTF-8 unlabelled or labelled, ISO-8859-1 labelled, multipart with a Latin-1 part', async () => {
      const answers = [
        await raw(Buffer.from(name, 'utf8'), FORM),
        await raw(Buffer.from(name, 'utf8'), `${FORM}; charset=UTF-8`),
        await raw(Buffer.from(name, 'latin1'), `${FORM}; charset=ISO-8859-1`),
      ];
      const form = new FormData();
      for (const [k, v] of Object.entries(target.credentials)) form.append(k, String(v));
      form.append(
        'company_name',
        new Blob([Buffer.from(name, 'latin1')], { type: 'text/plain; charset=ISO-8859-1' }),
      );
      answers.push(await m.send(url(), { method: 'POST', body: form }));
      for (const a of answers) {
        expect(a.judged).toContain('TMR-CLIENT-FORM-CHARSET');
        expect(a.violations).toEqual([]);
        expect(a.status).toBe(200);
      }
    });

    const wrong: [string, Buffer, string][] = [
      [
        'a charset the page does not allow (windows-1251)',
        Buffer.from('Bakery Ltd', 'utf8'),
        `${FORM}; charset=windows-1251`,
      ],
      ['Latin-1 bytes with no charset declared (read as UTF-8)', Buffer.from(name, 'latin1'), FORM],
      ['Latin-1 bytes labelled UTF-8', Buffer.from(name, 'latin1'), `${FORM}; charset=utf-8`],
      [
        'windows-1252 bytes (a curly quote, 0x92) labelled ISO-8859-1',
        Buffer.from([0x42, 0x69, 0x6c, 0x6c, 0x92, 0x73, 0x20, 0x42, 0x61, 0x6b, 0x65, 0x72, 0x79]),
        `${FORM}; charset=ISO-8859-1`,
      ],
    ];
    for (const [what, bytes, type] of wrong) {
      test(`${what}: TMR-CLIENT-FORM-CHARSET alone`, async () => {
        const a = await raw(bytes, type);
        expect(a.violations).toEqual(['TMR-CLIENT-FORM-CHARSET']);
      });
    }
  });

  test('the same mistake in the PHP SDK multipart call is judged the same', async () => {
    const a = await phpSdk({ notifcation_mobile: '12345' });
    expect(a.violations).toEqual(['TMR-CLIENT-MOBILE']);
    expect(a.status).toBe(400);
  });
});

test('each violation is one console line with the ID, the quote and what was wrong, and no secret', () => {
  const line = m.lines.find((l) => l.includes('TMR-CLIENT-EMAIL'));
  expect(line).toMatch(
    /^client POST \/services\/rest\/account\/\S+: TMR-CLIENT-EMAIL \(MUST\) "notifcation_email \| Optional\..*Must be a valid email address\..*": notifcation_email is not a valid email address$/,
  );
  expect(m.lines.join('\n')).not.toContain(target.credentials.password);
});

test('the canonical report: client checks, the failed requirements, no secret; also on GET /_conformance/report', async () => {
  const served = (await (
    await fetch(`${new URL(m.mock.url).origin}/_conformance/report`)
  ).json()) as ReturnType<JudgedMock['report']>;
  for (const report of [m.report(), served]) {
    expect(report.checks.every((c) => c.origin === 'client')).toBe(true);
    const failed = report.requirements.filter((r) => r.outcome === 'failed').map((r) => r.id);
    expect(failed).toContain('TMR-CLIENT-EMAIL');
    expect(report.verdict).toBe('not-conformant');
    expect(JSON.stringify(report)).not.toContain(target.credentials.password);
  }
});
