/**
 * Text of the rewrites quick fixes apply. Pure string work on the module text.
 */
import { validateSecretKey } from '../../../../shared/src/mlrun';
import type { CallFact, Span } from '../python/facts';
import type { TextEditSpan } from '../findings';

/** The quote character the call already uses (for a rewrite that looks like the user's code). */
export function quoteOf(text: string, call: CallFact): string {
  const inner = text.slice(call.call.s, call.call.e);
  const d = inner.indexOf('"');
  const s = inner.indexOf("'");
  if (d < 0) return s < 0 ? '"' : "'";
  if (s < 0) return '"';
  return s < d ? "'" : '"';
}

/** `"kubernetes", ["K1", "K2"]` for the inside of `with_secrets(...)`, or undefined when a key is not valid. */
export function kubernetesArgs(keys: string[], q: string): string | undefined {
  if (keys.some(k => validateSecretKey(k) !== undefined)) return undefined;
  return `${q}kubernetes${q}, [${keys.map(k => `${q}${k}${q}`).join(', ')}]`;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 12) return false;
  }
  return true;
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** The edit that removes the statement `stmt` (whole lines when it has them to itself; `pass` when it is alone in its block). */
export function removeStatement(text: string, stmt: Span, soleInBlock: boolean): TextEditSpan {
  if (soleInBlock) return { span: stmt, text: 'pass' };
  const ls = lineStartOf(text, stmt.s);
  const le = lineEndOf(text, stmt.e);
  const before = text.slice(ls, stmt.s);
  let after = text.slice(stmt.e, le);
  const hash = after.indexOf('#');
  if (hash >= 0 && isBlank(after.slice(0, hash))) after = '';
  if (isBlank(before) && isBlank(after)) {
    let end = le;
    if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) end += 2;
    else if (end < text.length) end += 1;
    return { span: { s: ls, e: end }, text: '' };
  }
  // Shares its line with other code (`a = 1; project.set_secrets(...)`): remove just the statement.
  const semi = after.indexOf(';');
  if (semi >= 0 && isBlank(after.slice(0, semi))) {
    let e = stmt.e + semi + 1;
    while (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9) e++;
    return { span: { s: stmt.s, e }, text: '' };
  }
  let s = stmt.s;
  const semicolonBefore = before.trimEnd().endsWith(';');
  if (semicolonBefore) s = ls + before.trimEnd().length - 1;
  return { span: { s, e: stmt.e }, text: '' };
}
