/**
 * The secret-key string under the cursor, for hover and completion: the key of `get_secret("K")` /
 * `get_secret_or_env("K")` (first argument or `key=`), or an entry of `with_secrets("kubernetes", ["K", …])`.
 */
import type { Node } from '../parser';
import { stringValue, trailingName } from './values';
import type { PythonSource } from './source';

export interface KeyAt {
  key: string;
  /** The whole string literal, quotes included (absolute offsets). */
  s: number;
  e: number;
  /** Where the key text sits between the quotes (absolute offsets), for completion edits. */
  contentStart: number;
  contentEnd: number;
  call: 'get_secret' | 'get_secret_or_env' | 'with_secrets';
}

function firstPositional(args: Node): Node | null {
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    return a.type === 'keyword_argument' ? null : a;
  }
  return null;
}

function keyContext(str: Node, text: string): KeyAt['call'] | undefined {
  let arg: Node = str;
  let p = str.parent;
  let inList = false;
  if (p && p.type === 'keyword_argument') {
    const name = p.childForFieldName('name');
    if (!name || text.slice(name.startIndex, name.endIndex) !== 'key') return undefined;
    arg = p;
    p = p.parent;
  } else if (p && p.type === 'list') {
    inList = true;
    arg = p;
    p = p.parent;
  }
  if (!p || p.type !== 'argument_list') return undefined;
  const call = p.parent;
  if (!call || call.type !== 'call') return undefined;
  const fn = trailingName(call.childForFieldName('function'), text);
  if (inList) {
    if (fn !== 'with_secrets') return undefined;
    const kind = firstPositional(p);
    if (!kind || kind.type !== 'string' || stringValue(kind, text) !== 'kubernetes') return undefined;
    return 'with_secrets';
  }
  if (fn !== 'get_secret' && fn !== 'get_secret_or_env') return undefined;
  if (arg.type === 'keyword_argument') return fn;
  return firstPositional(p)?.startIndex === str.startIndex ? fn : undefined;
}

/** The key string at `offset` in `src` (a cursor at either quote counts), or undefined. */
export function keyAt(src: PythonSource, offset: number): KeyAt | undefined {
  return src.withTreeAt(offset, (tree, text, base) => {
    const rel = offset - base;
    let n: Node | null = tree.rootNode.descendantForIndex(Math.max(0, rel - 1), rel);
    while (n && n.type !== 'string') {
      if (n.type === 'module' || n.type === 'block' || n.type === 'call') return undefined;
      n = n.parent;
    }
    if (!n) return undefined;
    const call = keyContext(n, text);
    if (!call) return undefined;
    const key = stringValue(n, text);
    if (key === undefined) return undefined;
    let contentStart = n.startIndex;
    let contentEnd = n.endIndex;
    for (const ch of n.children) {
      if (ch?.type === 'string_start') contentStart = ch.endIndex;
      if (ch?.type === 'string_end') contentEnd = ch.startIndex;
    }
    return { key, s: n.startIndex + base, e: n.endIndex + base, contentStart: contentStart + base, contentEnd: contentEnd + base, call };
  });
}
