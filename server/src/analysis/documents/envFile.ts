/**
 * Env files (`.env`, `mlrun.env`, `*.env`, `.env.*`, `secrets.txt`) as python-dotenv and MLRun's file source read
 * them: `KEY=value` lines, an optional `export `, single- or double-quoted values (which may span lines; escapes in
 * double quotes), ` #` comments after unquoted values, blank and `#` lines. Each entry keeps the offsets of its
 * key and of its value's characters (inside the quotes).
 */
import type { Span } from '../findings';

export interface EnvEntry {
  key: string;
  keySpan: Span;
  /** The value as the loader reads it (escapes of double-quoted values decoded). */
  value: string;
  /** The value's characters in the text (inside the quotes). */
  valueSpan: Span;
}

/** Lines longer than this are not entries (a minified blob, not an env file). */
const MAX_LINE = 64 * 1024;

export function envEntries(text: string): EnvEntry[] {
  const out: EnvEntry[] = [];
  const n = text.length;
  let i = 0;
  const lineEnd = (from: number): number => {
    let e = from;
    while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
    return e;
  };
  while (i < n) {
    const end = lineEnd(i);
    const next = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
    const m = end - i <= MAX_LINE ? /^([ \t]*(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/.exec(text.slice(i, end)) : null;
    if (!m) { i = next; continue; }
    const key = m[2];
    const keySpan = { s: i + m[1].length, e: i + m[1].length + key.length };
    const v = i + m[0].length;
    const q = text[v];
    if (q === '"' || q === "'") {
      // Quoted: up to the matching quote, across lines.
      let j = v + 1;
      let value = '';
      while (j < n && text[j] !== q) {
        if (q === '"' && text[j] === '\\' && j + 1 < n) {
          const d = text[j + 1];
          value += d === 'n' ? '\n' : d === 't' ? '\t' : d === 'r' ? '\r' : d;
          j += 2;
          continue;
        }
        value += text[j++];
      }
      if (j >= n) { i = next; continue; } // unterminated: python-dotenv skips it
      out.push({ key, keySpan, value, valueSpan: { s: v + 1, e: j } });
      const after = lineEnd(j);
      i = after + (text[after] === '\r' && text[after + 1] === '\n' ? 2 : 1);
      continue;
    }
    let e = v;
    while (e < end && !(text[e] === '#' && (text[e - 1] === ' ' || text[e - 1] === '\t'))) e++;
    while (e > v && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    if (text[v] === '#') e = v; // `KEY= # comment`: empty
    out.push({ key, keySpan, value: text.slice(v, e), valueSpan: { s: v, e } });
    i = next;
  }
  return out;
}
