/**
 * Reads the facts of one parsed chunk: the secret-related calls (found from their names in the text, confirmed by
 * the tree: identifiers in call position, never strings, comments, definitions or look-alikes) and the top-level
 * functions and handlers.
 */
import type { Node, Tree } from '../parser';
import { BARE_CALLS, CALL_NAMES, type CallFact, type CallName, type ChunkFacts, type KeywordArg, type Span, type Val } from './facts';
import { chunkResolver, identifierAt, wordOccurrences } from './scope';
import { toVal, trailingName, type NameResolver } from './values';

function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function span(n: Node): Span {
  return { s: n.startIndex, e: n.endIndex };
}

interface FunctionInfo {
  name: string;
  id: Span;
  def: Span;
  params: string[];
}

function topLevelFunctions(root: Node, text: string): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  for (const child of root.namedChildren) {
    if (!child) continue;
    const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (!def || def.type !== 'function_definition') continue;
    const name = def.childForFieldName('name');
    if (!name) continue;
    const params: string[] = [];
    const ps = def.childForFieldName('parameters');
    for (const p of ps?.namedChildren ?? []) {
      if (!p) continue;
      const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find(c => c?.type === 'identifier') ?? null);
      if (id && id.type === 'identifier') params.push(text.slice(id.startIndex, id.endIndex));
    }
    out.push({ name: text.slice(name.startIndex, name.endIndex), id: span(name), def: span(child), params });
  }
  return out;
}

interface Args {
  positional: Val[];
  keywords: KeywordArg[];
  splat: boolean;
}

function readArgs(nodes: (Node | null)[], text: string, resolve: NameResolver, into: Args): void {
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
      into.splat = true;
    } else if (a.type === 'ERROR') {
      readArgs(a.namedChildren, text, resolve, into);
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

function callFact(ident: Node, name: CallName, text: string, resolve: NameResolver): Omit<CallFact, 'fn'> | null {
  const p = ident.parent;
  if (!p) return null;
  let callNode: Node | null = null;
  let receiver: string | null = null;
  let bare = false;
  let recoveredFrom: { holder: Node; after: Node } | null = null;
  if (p.type === 'attribute' && same(p.childForFieldName('attribute'), ident)) {
    const g = p.parent;
    receiver = trailingName(p.childForFieldName('object'), text);
    if (g?.type === 'call' && same(g.childForFieldName('function'), p)) callNode = g;
    else if (g?.type === 'ERROR') recoveredFrom = { holder: g, after: p };
    else return null;
  } else if (BARE_CALLS.has(name) && p.type === 'call' && same(p.childForFieldName('function'), ident)) {
    callNode = p;
    bare = true;
  } else if (BARE_CALLS.has(name) && p.type === 'ERROR') {
    recoveredFrom = { holder: p, after: ident };
    bare = true;
  } else {
    return null;
  }
  const args: Args = { positional: [], keywords: [], splat: false };
  if (callNode) {
    const list = callNode.childForFieldName('arguments');
    let inner: Span | null = null;
    if (list && list.type === 'argument_list') {
      readArgs(list.namedChildren, text, resolve, args);
      const last = list.lastChild;
      if (text.charCodeAt(list.startIndex) === 40 && last && last.type === ')' && !last.isMissing) inner = { s: list.startIndex + 1, e: list.endIndex - 1 };
    } else if (list) {
      // A generator argument: f(x for x in y)
      args.positional.push(toVal(list, text, resolve));
    }
    const { stmt, sole } = statementOf(callNode);
    return {
      name, id: span(ident), call: span(callNode), inner, stmt, soleInBlock: sole, receiver, bare,
      positional: args.positional, keywords: args.keywords, splat: args.splat, recovered: false,
    };
  }
  // Recovered: the arguments are the named siblings after the callee inside the ERROR node.
  const { holder, after } = recoveredFrom!;
  const siblings: Node[] = [];
  let seen = false;
  for (const c of holder.namedChildren) {
    if (!c) continue;
    if (seen) siblings.push(c);
    else if (same(c, after)) seen = true;
  }
  // Only when the text right after the callee opens a call.
  let k = after.endIndex;
  while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  if (text.charCodeAt(k) !== 40) return null;
  readArgs(siblings, text, resolve, args);
  const end = siblings.length ? siblings[siblings.length - 1].endIndex : k + 1;
  return {
    name, id: span(ident), call: { s: (after.type === 'attribute' ? after.startIndex : ident.startIndex), e: end }, inner: null,
    stmt: null, soleInBlock: false, receiver, bare, positional: args.positional, keywords: args.keywords, splat: args.splat,
    recovered: true,
  };
}

/** Facts of a chunk whose (magic-blanked) text is `text` and whose tree is `tree`. */
export function extractFacts(tree: Tree, text: string): ChunkFacts {
  const root = tree.rootNode;
  const functions = topLevelFunctions(root, text);
  const resolve = chunkResolver(root, text);
  const calls: CallFact[] = [];
  const considerRun = text.includes('local');
  for (const name of CALL_NAMES) {
    if (name === 'run' && !considerRun) continue;
    for (const i of wordOccurrences(text, name)) {
      // Methods need a receiver: skip quickly when no "." precedes the name.
      if (!BARE_CALLS.has(name)) {
        let j = i - 1;
        while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 92)) j--;
        if (text.charCodeAt(j) !== 46) continue;
      }
      const ident = identifierAt(root, i, name.length);
      if (!ident) continue;
      const fact = callFact(ident, name, text, resolve);
      if (!fact) continue;
      const fn = functions.find(f => fact.id.s >= f.def.s && fact.id.e <= f.def.e);
      calls.push({ ...fact, fn: fn ? fn.name : null });
    }
  }
  calls.sort((a, b) => a.id.s - b.id.s);
  return {
    calls,
    handlers: functions.filter(f => f.params.includes('context')).map(f => ({ name: f.name, id: f.id, def: f.def })),
    functions: functions.map(f => ({ name: f.name, id: f.id, def: f.def })),
  };
}
