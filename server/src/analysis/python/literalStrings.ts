/**
 * MLRun accepts some sources as strings holding a Python literal (`"{'a': 'b'}"`, `"['K1']"`), which it reads
 * with `ast.literal_eval`. This reads such a string with tree-sitter into a Val; every span of the result is the
 * span of the outer string (the only place the editor can point at).
 */
import { parsePython } from '../parser';
import type { Val } from './facts';
import { flatten } from './valTree';
import { toVal } from './values';

const cache = new Map<string, Val | null>();
const CACHE_SIZE = 256;

/** The literal a string holds, or undefined when it holds no dict/list literal. */
export function literalInString(str: Extract<Val, { k: 'str' }>): Val | undefined {
  const body = str.v.trim();
  const open = body.charCodeAt(0);
  if (open !== 123 /* { */ && open !== 91 /* [ */ && open !== 40 /* ( */) return undefined;
  if (body.length > 100_000) return undefined;
  let v = cache.get(body);
  if (v === undefined) {
    v = read(body) ?? null;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(body, v);
  }
  return v ? flatten(v, str.s, str.e) : undefined;
}

function read(body: string): Val | undefined {
  const tree = parsePython(body);
  if (!tree) return undefined;
  try {
    const root = tree.rootNode;
    if (root.hasError) return undefined;
    const stmt = root.namedChildren.find(c => c && c.type !== 'comment');
    const expr = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    if (!expr) return undefined;
    const v = toVal(expr, body, n => ({ k: 'other', s: n.startIndex, e: n.endIndex }));
    return v.k === 'dict' || v.k === 'list' ? v : undefined;
  } finally {
    tree.delete();
  }
}
