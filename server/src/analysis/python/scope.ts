/**
 * Resolution of names inside one parsed chunk: a name used in a function resolves to its last assignment earlier
 * in that function (after which `x["k"] = v` and `x.update(...)` add entries); names used at module level, or not
 * bound in their function, become `ref`s that the module resolves across chunks (resolve.ts).
 *
 * Occurrences are found by searching the chunk text for the name and asking tree-sitter for the node there, so
 * the cost follows the number of occurrences, not the size of the function.
 */
import type { Node } from '../parser';
import type { Entry, NameEvent, Val } from './facts';
import { toVal, type NameResolver } from './values';

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/**
 * Whether `name` might be bound or updated in `text` (a cheap lexical look at what follows each occurrence:
 * `=`, `[…] =`, `.update(`, `:` annotations, tuple targets, or `as` / `import` / `for` / `global` before it).
 * Only a filter: tree-sitter decides. It keeps a one-letter name from parsing every chunk that mentions it.
 */
export function mayBind(text: string, name: string): boolean {
  const assignAt = (j: number): boolean => {
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    return text[j] === '=' && text[j + 1] !== '=';
  };
  for (const i of wordOccurrences(text, name)) {
    let j = i + name.length;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    const c = text[j];
    if ((c === '=' && text[j + 1] !== '=') || c === ':' || text.startsWith('.update', j)) return true;
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
  }
  return false;
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

function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
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

function parameterNames(fn: Node, text: string): Set<string> {
  const names = new Set<string>();
  const params = fn.childForFieldName('parameters');
  if (!params) return names;
  for (const p of params.namedChildren) {
    if (!p) continue;
    let id: Node | null = p.type === 'identifier' ? p : null;
    if (!id) {
      const name = p.childForFieldName('name');
      if (name?.type === 'identifier') id = name;
      else id = p.namedChildren.find(c => c?.type === 'identifier') ?? null;
    }
    if (id) names.add(text.slice(id.startIndex, id.endIndex));
  }
  return names;
}

function rightmostValue(assign: Node): Node | null {
  let right = assign.childForFieldName('right');
  while (right && right.type === 'assignment') right = right.childForFieldName('right');
  return right;
}

/** Entries added by `x.update({...})` / `x.update(k=v)`. */
function updateEntries(call: Node, text: string, resolve: NameResolver, depth: number): Entry[] {
  const args = call.childForFieldName('arguments');
  const entries: Entry[] = [];
  if (!args) return entries;
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name');
      if (!name) continue;
      entries.push({
        key: { k: 'str', s: name.startIndex, e: name.endIndex, v: text.slice(name.startIndex, name.endIndex) },
        value: toVal(a.childForFieldName('value'), text, resolve, depth),
        s: a.startIndex,
        e: a.endIndex,
      });
    } else {
      const v = toVal(a, text, resolve, depth);
      if (v.k === 'dict') entries.push(...v.entries);
    }
  }
  return entries;
}

/** What an occurrence of a name does: bind it, mutate it, declare it global, or nothing we track. */
function classify(n: Node, text: string, resolve: NameResolver, depth: number): NameEvent | 'global' | null {
  const p = n.parent;
  if (!p) return null;
  const at = n.startIndex;
  switch (p.type) {
    case 'assignment': {
      if (!same(p.childForFieldName('left'), n)) {
        // `a = b = value`: n is the left of a nested assignment.
        return null;
      }
      const right = rightmostValue(p);
      if (!right) return null; // annotation only
      return { kind: 'bind', at, val: toVal(right, text, resolve, depth) };
    }
    case 'named_expression':
      if (same(p.childForFieldName('name'), n)) return { kind: 'bind', at, val: toVal(p.childForFieldName('value'), text, resolve, depth) };
      return null;
    case 'augmented_assignment':
      return same(p.childForFieldName('left'), n) ? { kind: 'bind', at, val: { k: 'other', s: n.startIndex, e: n.endIndex } } : null;
    case 'global_statement':
    case 'nonlocal_statement':
      return 'global';
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'as_pattern_target':
    case 'for_statement':
    case 'for_in_clause':
    case 'dotted_name':
    case 'aliased_import':
    case 'function_definition':
    case 'class_definition':
      if (p.type === 'dotted_name' && p.parent?.type !== 'import_from_statement' && p.parent?.type !== 'import_statement') return null;
      if ((p.type === 'function_definition' || p.type === 'class_definition') && !same(p.childForFieldName('name'), n)) return null;
      if ((p.type === 'for_statement' || p.type === 'for_in_clause') && !same(p.childForFieldName('left'), n)) return null;
      return { kind: 'bind', at, val: { k: 'other', s: n.startIndex, e: n.endIndex } };
    case 'subscript': {
      const g = p.parent;
      if (same(p.childForFieldName('value'), n) && g?.type === 'assignment' && same(g.childForFieldName('left'), p)) {
        const key = toVal(p.childForFieldName('subscript'), text, resolve, depth);
        const value = rightmostValue(g);
        return { kind: 'mutate', at, entries: [{ key, value: toVal(value, text, resolve, depth), s: g.startIndex, e: g.endIndex }] };
      }
      return null;
    }
    case 'attribute': {
      const g = p.parent;
      const attr = p.childForFieldName('attribute');
      if (same(p.childForFieldName('object'), n) && attr && text.slice(attr.startIndex, attr.endIndex) === 'update'
        && g?.type === 'call' && same(g.childForFieldName('function'), p)) {
        return { kind: 'mutate', at, entries: updateEntries(g, text, resolve, depth) };
      }
      return null;
    }
    default:
      return null;
  }
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

/** Creates the resolver for one parsed chunk. */
export function chunkResolver(root: Node, text: string): NameResolver {
  const resolve: NameResolver = (ident, depth) => {
    const name = text.slice(ident.startIndex, ident.endIndex);
    const s = ident.startIndex;
    const e = ident.endIndex;
    let scope = enclosingScope(ident);
    while (scope) {
      if (scope.type === 'function_definition' && parameterNames(scope, text).has(name)) return { k: 'other', s, e };
      const body = scope.childForFieldName('body');
      const events: NameEvent[] = [];
      let global = false;
      if (body) {
        for (const i of wordOccurrences(text, name, body.startIndex, s)) {
          const n = identifierAt(root, i, name.length);
          if (!n || !same(enclosingScope(n), scope)) continue;
          const ev = classify(n, text, resolve, depth);
          if (ev === 'global') global = true;
          else if (ev) events.push(ev);
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
  return resolve;
}

/** Module-level bindings and mutations of `name` in one chunk (for cross-chunk resolution). */
export function moduleEvents(root: Node, text: string, name: string): NameEvent[] {
  const resolve = chunkResolver(root, text);
  const events: NameEvent[] = [];
  for (const i of wordOccurrences(text, name)) {
    const n = identifierAt(root, i, name.length);
    if (!n || enclosingScope(n) !== null) continue;
    const ev = classify(n, text, resolve, 1);
    if (ev && ev !== 'global') events.push(ev);
  }
  return events;
}
