/**
 * Text of the rewrites quick fixes apply. Pure string work on the module text.
 */
import { validateSecretKey } from '../../../../shared/src/mlrun';
import type { CallFact, Span } from '../python/facts';
import type { Fix, TextEditSpan } from '../findings';

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

/** Whether the text at `span` is one plain string literal (what the store-literals command can read). */
export function isPlainStringLiteral(text: string, span: Span): boolean {
  return /^[uUrR]?(?:"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"|'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*')$/.test(text.slice(span.s, span.e));
}

/** A secret key made of `parts` (upper case, `_` between words), or undefined when MLRun would reject it. */
export function secretKeyFrom(...parts: (string | null | undefined)[]): string | undefined {
  const key = parts.filter((p): p is string => !!p).map(p => p.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')).filter(p => p !== '').join('_').toUpperCase();
  return key && validateSecretKey(key) === undefined ? key : undefined;
}

/** How code in `text` can call mlrun.get_secret_or_env: its name, and the `import mlrun` to add when needed. */
export function getSecretOrEnv(text: string): { callee: string; insert?: TextEditSpan } {
  if (/^[ \t]*from[ \t]+mlrun(?:\.secrets)?[ \t]+import[ \t(][^\n]*\bget_secret_or_env\b(?![ \t]+as\b)/m.test(text)) return { callee: 'get_secret_or_env' };
  if (/^[ \t]*import[ \t]+mlrun[ \t]*(?:#.*)?$/m.test(text)) return { callee: 'mlrun.get_secret_or_env' };
  // Before the first top-level import (after `from __future__` ones), else at the top.
  let at = 0;
  const re = /^(?:import|from)[ \t]+([\w.]+)[^\n]*(?:\r?\n|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    at = m[1] === '__future__' ? m.index + m[0].length : m.index;
    if (m[1] !== '__future__') break;
  }
  return { callee: 'mlrun.get_secret_or_env', insert: { span: { s: at, e: at }, text: 'import mlrun\n' } };
}

/** Store the literal at `span` under `key` and read it with mlrun.get_secret_or_env instead. */
export function readFromSecretFix(text: string, span: Span, key: string, q: string): Fix | undefined {
  if (!isPlainStringLiteral(text, span)) return undefined;
  const how = getSecretOrEnv(text);
  const rewrite: TextEditSpan[] = [{ span, text: `${how.callee}(${q}${key}${q})` }];
  if (how.insert) rewrite.push(how.insert);
  return { kind: 'storeLiterals', title: `Store this value as project secret ${key} and read it with ${how.callee}`, literals: [{ key, span }], rewrite };
}
