// A report with hostile strings in every place a target can put them, and stable times and ports,
// for renderer tests and snapshots.
import { buildReport } from '../../src/report.ts';
import type { VendorReport } from '../../src/types.ts';

const HOSTILE = `<script>alert("x")</script> & </pre><img src=x onerror=alert(1)> | pipe \u001b[31mred`;

export function sampleReport(): VendorReport {
  return buildReport({
    tool: { name: 'legacy-api-conformance', version: '0.0.0' },
    runId: 'rtest0001',
    startedAt: new Date('2026-01-01T00:00:00Z'),
    finishedAt: new Date('2026-01-01T00:00:01Z'),
    vendor: {
      id: 'demo',
      title: 'Demo API',
      source: 'seed.txt',
      requirements: [
        {
          id: 'D-OK',
          title: 'passes',
          level: 'MUST',
          basis: 'documented',
          source: 'seed.txt',
          quote: 'It works.',
        },
        {
          id: 'D-BAD',
          title: 'fails',
          level: 'MUST',
          basis: 'inferred',
          source: 'seed.txt',
          quote: 'Quote with "quotes" & <tags>',
          note: 'why',
        },
        {
          id: 'D-NA',
          title: 'optional',
          level: 'SHOULD',
          basis: 'documented',
          source: 'seed.txt',
          quote: 'Maybe.',
        },
      ],
      readings: [
        {
          id: 'D-C1',
          kind: 'contradiction',
          title: 'Two spellings',
          quotes: ['a | b'],
          configKey: 'spelling',
          options: [
            { value: 'a', description: 'first' },
            { value: 'b', description: 'second' },
          ],
          default: 'a',
        },
      ],
    },
    target: { baseUrl: 'http://127.0.0.1:PORT/api', embeddedMock: true, faults: [] },
    chosenReadings: {},
    checks: [
      {
        id: 'ok',
        title: 'works',
        requirements: ['D-OK'],
        outcome: 'passed',
        durationMs: 3,
        notes: [],
        exchanges: [],
      },
      {
        id: 'bad',
        title: `title ${HOSTILE}`,
        requirements: ['D-BAD'],
        outcome: 'failed',
        durationMs: 4,
        message: `message ${HOSTILE}`,
        failure: {
          title: `failure ${HOSTILE}`,
          received: HOSTILE,
          documented: 'HTTP 200',
          messages: [HOSTILE],
        },
        notes: [`note ${HOSTILE}`],
        exchanges: [
          {
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:PORT/api?q=<x>',
              headers: { authorization: 'Basic [REDACTED]' },
              body: HOSTILE,
            },
            response: {
              status: 200,
              headers: { 'content-type': 'text/html' },
              body: `<html>${HOSTILE}\u0001</html>`,
              bodyBytes: 99,
              truncated: false,
            },
            durationMs: 2,
          },
        ],
      },
      {
        id: 'na',
        title: 'optional',
        requirements: ['D-NA'],
        outcome: 'not-applicable',
        durationMs: 0,
        message: 'not offered',
        notes: [],
        exchanges: [],
      },
    ],
    errors: [],
    strict: false,
  });
}
