// Bad input every reference mock can serve instead of its API: an HTML page, garbage bytes, a huge
// body, an XXE payload, or slowness. They prove the suite survives a hostile target; they break
// no single requirement (`chaos: true`), so test/bad-input.test.ts judges them, not the proof.
import type { ServerResponse } from 'node:http';
import type { FaultDefinition } from '../src/types.ts';
import { sleep } from './server.ts';

export type ChaosId = 'html-page' | 'garbage-body' | 'slow-responses' | 'huge-body' | 'xxe-body';

const DESCRIPTIONS: Record<ChaosId, string> = {
  'html-page': 'every answer is an HTML page with a script',
  'garbage-body': 'every answer is bytes that decode as neither the documented format nor text',
  'slow-responses': 'every answer comes after 1.5 s',
  'huge-body': 'every answer is 8 MiB of spaces',
  'xxe-body': 'every answer declares an external entity pointing at /etc/passwd',
};

export function chaosFaults(ids: readonly ChaosId[]): FaultDefinition[] {
  return ids.map((id) => ({ id, description: DESCRIPTIONS[id], breaks: [], chaos: true }));
}

export interface ChaosOptions {
  /** The content type the API documents (garbage and huge bodies pretend to be it). */
  contentType: string;
  /** A body in the API's own shape whose values reference an external entity (XML APIs only). */
  xxeBody?: string;
  xxeHeaders?: Record<string, string>;
}

/** Answers with the chaos fault that is on, if any; true when the request was answered. */
export async function answerChaos(
  fault: (id: string) => boolean,
  res: ServerResponse,
  o: ChaosOptions,
): Promise<boolean> {
  if (fault('slow-responses')) await sleep(1500);
  if (fault('html-page')) {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><html><body><h1>Welcome to nginx!</h1><script>alert(1)</script></body></html>');
    return true;
  }
  if (fault('garbage-body')) {
    // A BOM of the wrong kind, NULs, a lone continuation byte and a truncated sequence.
    res
      .writeHead(200, { 'content-type': o.contentType })
      .end(Buffer.from([0xff, 0xfe, 0x00, 0x3c, 0x9f, 0x80, 0x3e, 0x00, 0xc3]));
    return true;
  }
  if (fault('huge-body')) {
    res.writeHead(200, { 'content-type': o.contentType }).end(Buffer.alloc(8 * 1024 * 1024, 0x20));
    return true;
  }
  if (fault('xxe-body') && o.xxeBody !== undefined) {
    res.writeHead(200, { 'content-type': 'text/xml', ...(o.xxeHeaders ?? {}) }).end(o.xxeBody);
    return true;
  }
  return false;
}
