// Bodies from a target may nest absurdly deep (a 200,000-deep JSON array): every recursive walk over
// them (the parsers' own, the checks') would overflow the stack and read as a suite error. The depth
// is measured on the text, without recursion, before anything parses it.

/** Bodies nesting deeper than this are not judged: the check fails saying so. */
export const MAX_NESTING = 256;

export const tooDeep = (max = MAX_NESTING) => `the body nests deeper than ${max} levels: too deep to judge`;

/** True when brackets ([ and {) outside JSON strings nest deeper than max. */
export function jsonDeeperThan(text: string, max = MAX_NESTING): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

/** True when elements nest deeper than max (start tags minus end tags; comments, CDATA, PIs skipped). */
export function xmlDeeperThan(text: string, max = MAX_NESTING): boolean {
  let depth = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const next = text[i + 1];
    if (text.startsWith('<!--', i)) i = text.indexOf('-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) i = text.indexOf(']]>', i + 9);
    else if (next === '?' || next === '!') i = text.indexOf('>', i + 2);
    else {
      const end = text.indexOf('>', i + 1);
      if (end < 0) return false;
      if (next === '/') depth -= 1;
      else if (text[end - 1] !== '/') {
        depth += 1;
        if (depth > max) return true;
      }
      i = end;
    }
    if (i < 0) return false;
    i = text.indexOf('<', i + 1);
  }
  return false;
}
