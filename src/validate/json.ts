// JSON from a target is untrusted: it must be valid UTF-8 and valid JSON; every complaint
// becomes a message for the report, never an exception.
import { jsonDeeperThan, tooDeep } from './depth.ts';

export type JsonParseResult =
  | { ok: true; value: unknown; text: string }
  | { ok: false; errors: string[]; text?: string };

export function parseJson(bytes: Buffer): JsonParseResult {
  if (bytes.length === 0) return { ok: false, errors: ['body is empty'] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, errors: ['body is not valid UTF-8'] };
  }
  if (jsonDeeperThan(text)) return { ok: false, text, errors: [tooDeep()] };
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')), text };
  } catch (err) {
    const head = text.slice(0, 80).replace(/\s+/g, ' ');
    return {
      ok: false,
      text,
      errors: [`not valid JSON: ${(err as Error).message} (body starts ${JSON.stringify(head)})`],
    };
  }
}
