/**
 * Resolution of names inside one parsed chunk: a name used in a function resolves to its last assignment earlier
 * in that function (after which `x["k"] = v` and `x.update(...)` add entries); names used at module level, or not
 * bound in their function, become `ref`s that the module resolves across chunks (resolve.ts).
 *
 * Occurrences are found by searching the chunk text for the name and asking tree-sitter for the node there, so
 * the cost follows the number of occurrences, not the size of the function.
 *
 * Parameters resolve to `param` values (with their default and annotation); the first parameter of a method to
 * an instance of its class. `nameEvents(c, "name(")` (a name ending in "(") asks for the call sites of `name`
 * instead of its bindings: the per-chunk cache of PythonSource keeps both, each under its own key.
 */
import type { Node } from '../parser';
import { classify, classVal, same } from './bindings';
import { readSite } from './callArgs';
import type { NameEvent, Val } from './facts';
import { toVal, trailingName, type NameResolver } from './values';

/** The name whose call sites a `name(` query asks for, or undefined for a binding query. */
export function callQuery(name: string): string | undefined {
  return name.endsWith('(') ? name.slice(0, -1) : undefined;
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/**
 * Whether `name` might be bound or updated in `text` (a cheap lexical look at what follows each occurrence:
 * `=`, `[…] =`, `.update(`, `:` annotations, tuple targets, or `as` / `import` / `for` / `global` before it).
 * Only a filter: tree-sitter decides. It keeps a one-letter name from parsing every chunk that mentions it.
 */
export function mayBind(text: string, name: string): boolean {
  // Call sites: the caller has checked that `name(` occurs.
  if (callQuery(name) !== undefined) return true;
  const assignAt = (j: number): boolean => {
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    return text[j] === '=' && text[j + 1] !== '=';
  };
  for (const i of wordOccurrences(text, name)) {
    let j = i + name.length;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    const c = text[j];
    // `x = …`, `x: T = …`, `x.update(…)`, and a tuple target `x, y = …`.
    if ((c === '=' && text[j + 1] !== '=') || c === ':' || text.startsWith('.update', j)) return true;
    if (c === ',' && assignmentFollows(text, j)) return true;
    if (c === '[') {
      // x[...] = value
      let depth = 0;
      for (let k = j; k < text.length; k++) {
        const d = text[k];
        if (d === '\n') break;
        if (d === '[') depth++;
        else if (d === ']' && --depth === 0) {
          if (assignAt(k + 1)) return true;
          break;
        }
      }
      continue;
    }
    let k = i - 1;
    while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    if (/(^|\W)(as|import|for|global|nonlocal|def|class)$/.test(text.slice(Math.max(0, k - 8), k + 1))) return true;
    // Later names of `from m import a, b` / `from m import (a,\n b)`.
    while (k >= 0 && (text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13 || text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    const before = text.charCodeAt(k);
    if ((before === 44 /* , */ || before === 40 /* ( */) && /^(?:from|import)$/.test(statementWord(text, k))) return true;
  }
  return false;
}

/** Whether an assignment `=` follows on the line at bracket depth 0 (`a, b = …`, not `f(a, b)` or `def f(a, b=1)`). */
function assignmentFollows(text: string, j: number): boolean {
  let depth = 0;
  let assigns = false;
  for (let k = j; k < text.length; k++) {
    const d = text.charCodeAt(k);
    if (d === 10 || d === 13 || d === 35 /* # */) break;
    if (d === 40 || d === 91 || d === 123) depth++;
    else if (d === 41 || d === 93 || d === 125) {
      // A bracket closes that opened before the name: the name is inside brackets (arguments, parameters).
      if (--depth < 0) return false;
    } else if (d === 61 /* = */ && depth === 0 && !assigns) {
      const prev = text.charCodeAt(k - 1);
      assigns = text.charCodeAt(k + 1) !== 61 && prev !== 33 && prev !== 60 && prev !== 62 && prev !== 61;
    }
  }
  return assigns;
}

/** The first word of the statement around offset `k` (following lines that end inside brackets, up to 20 back). */
function statementWord(text: string, k: number): string {
  let ls = text.lastIndexOf('\n', k) + 1;
  for (let n = 0; n < 20 && ls > 0; n++) {
    const prev = text.lastIndexOf('\n', ls - 2) + 1;
    const line = text.slice(prev, ls - 1).trimEnd();
    if (!/[,(\\]$/.test(line)) break;
    ls = prev;
  }
  return /^[ \t]*([A-Za-z_]\w*)/.exec(text.slice(ls, ls + 80))?.[1] ?? '';
}

/** Offsets of `word` in text[from, to) that are whole identifiers. */
export function wordOccurrences(text: string, word: string, from = 0, to = text.length): number[] {
  const out: number[] = [];
  if (!word) return out;
  let i = text.indexOf(word, from);
  while (i >= 0 && i + word.length <= to) {
    if (!isIdentChar(text.charCodeAt(i - 1)) && !isIdentChar(text.charCodeAt(i + word.length))) out.push(i);
    i = text.indexOf(word, i + word.length);
  }
  return out;
}

/** The identifier node exactly at [i, i + len), or null (inside a string, comment, attribute name…). */
export function identifierAt(root: Node, i: number, len: number): Node | null {
  const n = root.descendantForIndex(i, i + len);
  return n && n.type === 'identifier' && n.startIndex === i && n.endIndex === i + len ? n : null;
}

/** The function or class whose body holds `n`, or null at module level. Defaults and decorators belong outside. */
export function enclosingScope(n: Node): Node | null {
  let child: Node = n;
  let p = n.parent;
  while (p) {
    if (p.type === 'function_definition' || p.type === 'class_definition') {
      const body = p.childForFieldName('body');
      if (body && child.startIndex >= body.startIndex && child.endIndex <= body.endIndex) return p;
    }
    child = p;
    p = p.parent;
  }
  return null;
}

/** Applies the mutations that follow the last binding. */
export function foldEvents(events: NameEvent[]): Val | undefined {
  let lastBind = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i].kind === 'bind') { lastBind = i; break; }
  }
  if (lastBind < 0) return undefined;
  const bind = events[lastBind] as Extract<NameEvent, { kind: 'bind' }>;
  const mutations = events.slice(lastBind + 1).filter((e): e is Extract<NameEvent, { kind: 'mutate' }> => e.kind === 'mutate');
  if (mutations.length === 0 || bind.val.k !== 'dict') return bind.val;
  return { ...bind.val, entries: [...bind.val.entries, ...mutations.flatMap(m => m.entries)] };
}

interface ParamInfo {
  node: Node;
  name: string;
  index: number;
  star: 0 | 1 | 2;
  def: Node | null;
  ann: Node | null;
}

/** The parameters of a function definition, in order (separators `*` and `/` skipped). */
export function parametersOf(fn: Node, text: string): ParamInfo[] {
  const out: ParamInfo[] = [];
  const params = fn.childForFieldName('parameters');
  for (const p of params?.namedChildren ?? []) {
    if (!p || p.type === 'comment' || p.type === 'keyword_separator' || p.type === 'positional_separator') continue;
    let id: Node | null = p.type === 'identifier' ? p : null;
    if (!id) {
      const name = p.childForFieldName('name');
      id = name?.type === 'identifier' ? name : (p.namedChildren.find(c => c?.type === 'identifier') ?? null);
    }
    if (!id) continue;
    const star = p.type === 'list_splat_pattern' ? 1 : p.type === 'dictionary_splat_pattern' ? 2 : 0;
    const type = p.childForFieldName('type');
    out.push({
      node: id, name: text.slice(id.startIndex, id.endIndex), index: out.length, star,
      def: p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? p.childForFieldName('value') : null,
      ann: type ? (type.namedChildren.find(c => c && c.type !== 'comment') ?? null) : null,
    });
  }
  return out;
}

/** The class a function is a method of (defined directly in its body), and whether it is a static method. */
export function methodClass(fn: Node, text: string): { cls: Node; isStatic: boolean } | null {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const block = holder.parent;
  const cls = block?.type === 'block' ? block.parent : null;
  if (!cls || cls.type !== 'class_definition') return null;
  let isStatic = false;
  if (holder.type === 'decorated_definition') {
    for (const d of holder.namedChildren) {
      if (d?.type === 'decorator' && trailingName(d.namedChildren[0] ?? null, text) === 'staticmethod') isStatic = true;
    }
  }
  return { cls, isStatic };
}

/** Creates the resolver for one parsed chunk. */
export function chunkResolver(root: Node, text: string): NameResolver {
  const resolve: NameResolver = (ident, depth) => {
    const name = text.slice(ident.startIndex, ident.endIndex);
    const s = ident.startIndex;
    const e = ident.endIndex;
    let scope = enclosingScope(ident);
    while (scope) {
      if (scope.type === 'function_definition') {
        const param = parametersOf(scope, text).find(p => p.name === name);
        if (param) return paramVal(scope, param, ident, depth);
      }
      const body = scope.childForFieldName('body');
      const events: NameEvent[] = [];
      let global = false;
      if (body) {
        for (const i of wordOccurrences(text, name, body.startIndex, s)) {
          const n = identifierAt(root, i, name.length);
          if (!n || !same(enclosingScope(n), scope)) continue;
          const ev = classify(n, text, resolve, depth);
          if (ev === 'global') global = true;
          else if (ev && ev.kind !== 'call') events.push(ev);
        }
      }
      const val = foldEvents(events);
      if (val) return { ...val, use: { s, e } };
      if (global) break;
      // Class bodies are not visible from their methods; skip straight out of them.
      scope = scope.parent ? enclosingScope(scope) : null;
      while (scope && scope.type === 'class_definition') scope = enclosingScope(scope);
    }
    return { k: 'ref', s, e, name, at: s };
  };
  const paramVal = (fn: Node, p: ParamInfo, ident: Node, depth: number): Val => {
    const s = ident.startIndex;
    const e = ident.endIndex;
    const fnName = fn.childForFieldName('name');
    const owner = p.index === 0 && p.star === 0 ? methodClass(fn, text) : null;
    if (owner && !owner.isStatic) return { k: 'inst', s, e, cls: classVal(owner.cls, text, resolve, depth + 1) };
    return {
      k: 'param', s, e, name: p.name, fn: fnName ? text.slice(fnName.startIndex, fnName.endIndex) : '', index: p.index, star: p.star,
      def: p.def ? toVal(p.def, text, resolve, depth + 1) : undefined,
      ann: p.ann ? toVal(p.ann, text, resolve, depth + 1) : undefined,
    };
  };
  return resolve;
}

/** The name of the top-level function around `n` (CallFact.fn), or null. */
export function topLevelFunctionName(n: Node, text: string): string | null {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type !== 'function_definition') continue;
    const holder = p.parent?.type === 'decorated_definition' ? p.parent : p;
    if (holder.parent?.type !== 'module') continue;
    const name = p.childForFieldName('name');
    return name ? text.slice(name.startIndex, name.endIndex) : null;
  }
  return null;
}

/**
 * Module-level bindings and mutations of `name` in one chunk (for cross-chunk resolution); for a `name(` query,
 * the calls `name(...)` and `x.name(...)` anywhere in the chunk where `name` is not bound locally.
 */
export function moduleEvents(root: Node, text: string, name: string): NameEvent[] {
  const resolve = chunkResolver(root, text);
  const events: NameEvent[] = [];
  const callee = callQuery(name);
  if (callee !== undefined) {
    for (const i of wordOccurrences(text, callee)) {
      const n = identifierAt(root, i, callee.length);
      const p = n?.parent;
      if (!n || !p) continue;
      if (p.type === 'call' && same(p.childForFieldName('function'), n)) {
        const recv = resolve(n, 1);
        if (recv.k !== 'ref') continue; // bound in its function: another callable
        events.push({ kind: 'call', at: n.startIndex, site: readSite({ id: n, callNode: p, recv: null, receiver: null, bare: true }, text, resolve, topLevelFunctionName(n, text)) });
      } else if (p.type === 'attribute' && same(p.childForFieldName('attribute'), n)) {
        const g = p.parent;
        if (g?.type !== 'call' || !same(g.childForFieldName('function'), p)) continue;
        const obj = p.childForFieldName('object');
        const site = readSite({ id: n, callNode: g, recv: toVal(obj, text, resolve), receiver: trailingName(obj, text), bare: false }, text, resolve, topLevelFunctionName(n, text));
        events.push({ kind: 'call', at: n.startIndex, site });
      }
    }
    return events;
  }
  for (const i of wordOccurrences(text, name)) {
    const n = identifierAt(root, i, name.length);
    if (!n || enclosingScope(n) !== null) continue;
    const ev = classify(n, text, resolve, 1);
    if (ev && ev !== 'global') events.push(ev);
  }
  return events;
}
