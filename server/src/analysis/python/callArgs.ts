/**
 * Reading one call node into a `CallSite`: its arguments as values (splats kept as `splat` values, recovered
 * `key: value` pairs of a half-typed dict gathered), where its statement is, what it is called on.
 */
import type { Node } from '../parser';
import type { CallSite, KeywordArg, Span, Val } from './facts';
import { toVal, type NameResolver } from './values';

export type { CallSite };

export function span(n: Node): Span {
  return { s: n.startIndex, e: n.endIndex };
}

interface Args {
  positional: Val[];
  keywords: KeywordArg[];
  splat: boolean;
}

/** How deep recovered ERROR nodes are followed for arguments. */
const MAX_ERROR_DEPTH = 16;

export function readArgs(nodes: (Node | null)[], text: string, resolve: NameResolver, into: Args, errorDepth = 0): void {
  let pairs: { s: number; e: number; entries: { key: Val; value: Val; s: number; e: number }[] } | null = null;
  const flushPairs = (): void => {
    if (pairs) into.positional.push({ k: 'dict', s: pairs.s, e: pairs.e, entries: pairs.entries, open: true });
    pairs = null;
  };
  for (const a of nodes) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'pair') {
      // Recovered code: `{` lost, its pairs left loose. Gather them into one (open) dict.
      pairs ??= { s: a.startIndex, e: a.endIndex, entries: [] };
      pairs.e = a.endIndex;
      pairs.entries.push({ key: toVal(a.childForFieldName('key'), text, resolve), value: toVal(a.childForFieldName('value'), text, resolve), s: a.startIndex, e: a.endIndex });
      continue;
    }
    flushPairs();
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name');
      if (name) into.keywords.push({ name: text.slice(name.startIndex, name.endIndex), nameSpan: span(name), val: toVal(a.childForFieldName('value'), text, resolve) });
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
      const inner = a.namedChildren.find(c => c && c.type !== 'comment') ?? null;
      into.positional.push({ k: 'splat', s: a.startIndex, e: a.endIndex, val: toVal(inner, text, resolve), dict: a.type === 'dictionary_splat' });
    } else if (a.type === 'ERROR') {
      if (errorDepth < MAX_ERROR_DEPTH) readArgs(a.namedChildren, text, resolve, into, errorDepth + 1);
    } else {
      into.positional.push(toVal(a, text, resolve));
    }
  }
  flushPairs();
}

function statementOf(call: Node): { stmt: Span | null; sole: boolean } {
  const p = call.parent;
  if (!p || p.type !== 'expression_statement' || p.namedChildCount !== 1) return { stmt: null, sole: false };
  const block = p.parent;
  const sole = !!block && block.type === 'block' && block.namedChildren.filter(c => c && c.type !== 'comment').length === 1;
  return { stmt: span(p), sole };
}

export interface SiteParts {
  /** The callee token. */
  id: Node;
  callNode: Node;
  recv: Val | null;
  receiver: string | null;
  bare: boolean;
  /** Arguments bound before the call's own (`functools.partial(f, "inline")`). */
  preset?: Val[];
}

/** A call node read into a site (offsets relative to the parsed text). */
export function readSite(parts: SiteParts, text: string, resolve: NameResolver, fn: string | null): CallSite {
  const { id, callNode } = parts;
  const args: Args = { positional: [...(parts.preset ?? [])], keywords: [], splat: false };
  const list = callNode.childForFieldName('arguments');
  let inner: Span | null = null;
  if (list && list.type === 'argument_list') {
    readArgs(list.namedChildren, text, resolve, args);
    const last = list.lastChild;
    if (!parts.preset && text.charCodeAt(list.startIndex) === 40 && last && last.type === ')' && !last.isMissing) inner = { s: list.startIndex + 1, e: list.endIndex - 1 };
  } else if (list) {
    // A generator argument: f(x for x in y)
    args.positional.push(toVal(list, text, resolve));
  }
  const { stmt, sole } = statementOf(callNode);
  return {
    id: span(id), call: span(callNode), inner, stmt, soleInBlock: sole, receiver: parts.receiver, bare: parts.bare, recv: parts.recv,
    positional: args.positional, keywords: args.keywords, splat: args.splat, recovered: false, fn,
  };
}

/** A call recovered from a syntax error: the arguments are the named siblings after the callee in the ERROR node. */
export function readRecoveredSite(parts: Omit<SiteParts, 'callNode'> & { holder: Node; after: Node }, text: string, resolve: NameResolver, fn: string | null): CallSite | null {
  const { holder, after } = parts;
  const siblings: Node[] = [];
  let seen = false;
  for (const c of holder.namedChildren) {
    if (!c) continue;
    if (seen) siblings.push(c);
    else if (c.startIndex === after.startIndex && c.endIndex === after.endIndex && c.type === after.type) seen = true;
  }
  // Only when the text right after the callee opens a call.
  let k = after.endIndex;
  while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  if (text.charCodeAt(k) !== 40) return null;
  const args: Args = { positional: [], keywords: [], splat: false };
  readArgs(siblings, text, resolve, args);
  const end = siblings.length ? siblings[siblings.length - 1].endIndex : k + 1;
  return {
    id: span(parts.id), call: { s: after.startIndex, e: end }, inner: null, stmt: null, soleInBlock: false, receiver: parts.receiver,
    bare: parts.bare, recv: parts.recv, positional: args.positional, keywords: args.keywords, splat: args.splat, recovered: true, fn,
  };
}
