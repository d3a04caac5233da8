// DTD validation with libxml2 compiled to WebAssembly, in process. The published xmllint-wasm
// cannot do this (built without --valid/--dtdvalid) and pays a worker + WASM start per call.
// The document's bytes go in as they came (the parser honours the declared encoding); the DOCTYPE's
// SYSTEM URL is never fetched (NONET + NO_XXE) and entities are never substituted (no NOENT).
import { DtdValidator, ParseOption, XmlDocument, XmlDtd } from 'libxml2-wasm';

const SAFE_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

function messageOf(err: unknown): string[] {
  const e = err as { message?: string; details?: { message: string; line?: number }[] };
  if (e.details && e.details.length > 0) {
    return e.details.map((d) => `${d.message.trim()}${d.line ? ` (line ${d.line})` : ''}`);
  }
  return [String(e.message ?? err).trim()];
}

export class DtdCheck {
  private readonly validator: DtdValidator;

  constructor(dtdText: string) {
    // The DTD file starts with an XML declaration, which a DTD parser does not accept as markup.
    const body = dtdText.replace(/^\s*<\?xml[^?]*\?>/, '');
    this.validator = new DtdValidator(XmlDtd.fromString(body));
  }

  /** libxml2's messages for the document, or [] when it is valid against the DTD. */
  validate(bytes: Uint8Array): string[] {
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromBuffer(bytes, { option: SAFE_PARSE });
    } catch (err) {
      return messageOf(err).map((m) => `not well-formed: ${m}`);
    }
    try {
      this.validator.validate(doc);
      return [];
    } catch (err) {
      return messageOf(err);
    } finally {
      doc.dispose();
    }
  }

  dispose(): void {
    this.validator.dispose();
  }
}
