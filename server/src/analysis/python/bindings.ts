/**
 * What one occurrence of a name does to it: bind it (an assignment, tuple unpacking, an import, a `def` or a
 * `class`), add entries to the dict it holds (`x["k"] = v`, `x.update(...)`), declare it global, or nothing.
 * The values bound are `Val`s: imports become `imp`, definitions `func` / `class`, tuple targets subscripts of
 * the right-hand side (folded later).
 */
import type { Node } from '../parser';
import type { Entry, NameEvent, Val } from './facts';
import { toVal, type NameResolver } from './values';

export function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
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

function dotted(n: Node | null, text: string): string {
  return n ? text.slice(n.startIndex, n.endIndex).replace(/\s+/g, '') : '';
}

/** The module an import_from_statement names, and its leading dots. */
function fromModule(stmt: Node, text: string): { path: string; level: number } {
  const m = stmt.childForFieldName('module_name');
  if (!m) return { path: '', level: 0 };
  if (m.type !== 'relative_import') return { path: dotted(m, text), level: 0 };
  let level = 0;
  let path = '';
  for (const c of m.namedChildren) {
    if (c?.type === 'import_prefix') level = dotted(c, text).length;
    else if (c?.type === 'dotted_name') path = dotted(c, text);
  }
  return { path, level };
}

function join(a: string, b: string): string {
  return a ? (b ? `${a}.${b}` : a) : b;
}

/** The value an import binds to the identifier `n`, or undefined when `n` is not a name the import binds. */
function importBinding(n: Node, text: string): Val | undefined {
  const s = n.startIndex;
  const e = n.endIndex;
  const p = n.parent;
  if (!p) return undefined;
  if (p.type === 'aliased_import') {
    if (!same(p.childForFieldName('alias'), n)) return undefined;
    const stmt = p.parent;
    const name = dotted(p.childForFieldName('name'), text);
    if (stmt?.type === 'import_statement') return { k: 'imp', s, e, path: name, level: 0 };
    if (stmt?.type === 'import_from_statement') {
      const m = fromModule(stmt, text);
      return { k: 'imp', s, e, path: join(m.path, name), level: m.level };
    }
    return undefined;
  }
  if (p.type !== 'dotted_name') return undefined;
  const stmt = p.parent;
  if (stmt?.type === 'import_statement') {
    // `import a.b.c` binds `a` (to the package a).
    return p.namedChildren[0] && same(p.namedChildren[0], n) ? { k: 'imp', s, e, path: text.slice(s, e), level: 0 } : undefined;
  }
  if (stmt?.type === 'import_from_statement' && !same(stmt.childForFieldName('module_name'), p)) {
    const m = fromModule(stmt, text);
    return { k: 'imp', s, e, path: join(m.path, dotted(p, text)), level: m.level };
  }
  return undefined;
}

/** The value of a class definition: bases, simple attributes of its body and method names. */
export function classVal(cls: Node, text: string, resolve: NameResolver, depth: number): Val {
  const name = cls.childForFieldName('name');
  const bases: Val[] = [];
  for (const b of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (b && b.type !== 'keyword_argument' && b.type !== 'comment') bases.push(toVal(b, text, resolve, depth));
  }
  const attrs: { name: string; val: Val }[] = [];
  const methods: string[] = [];
  for (const st of cls.childForFieldName('body')?.namedChildren ?? []) {
    if (!st) continue;
    const def = st.type === 'decorated_definition' ? st.childForFieldName('definition') : st;
    if (def?.type === 'function_definition') {
      const m = def.childForFieldName('name');
      if (m) methods.push(text.slice(m.startIndex, m.endIndex));
      continue;
    }
    const a = st.type === 'expression_statement' ? st.namedChildren[0] : null;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = rightmostValue(a);
    if (left?.type === 'identifier' && right) attrs.push({ name: text.slice(left.startIndex, left.endIndex), val: toVal(right, text, resolve, depth) });
  }
  return { k: 'class', s: cls.startIndex, e: cls.endIndex, name: name ? text.slice(name.startIndex, name.endIndex) : '', bases, attrs, methods };
}

/** Position of `n` among the targets of a tuple pattern (`a, b = …`), or -1 (a starred target, nested patterns). */
function targetIndex(pattern: Node, n: Node): number {
  let i = 0;
  for (const c of pattern.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'list_splat_pattern') return -1;
    if (same(c, n)) return i;
    i++;
  }
  return -1;
}

/** What an occurrence of a name does: bind it, mutate it, declare it global, or nothing we track. */
export function classify(n: Node, text: string, resolve: NameResolver, depth: number): NameEvent | 'global' | null {
  const p = n.parent;
  if (!p) return null;
  const at = n.startIndex;
  const opaque: Val = { k: 'other', s: n.startIndex, e: n.endIndex };
  switch (p.type) {
    case 'assignment': {
      if (!same(p.childForFieldName('left'), n)) return null;
      const right = rightmostValue(p);
      if (!right) return null; // annotation only
      return { kind: 'bind', at, val: toVal(right, text, resolve, depth) };
    }
    case 'named_expression':
      if (same(p.childForFieldName('name'), n)) return { kind: 'bind', at, val: toVal(p.childForFieldName('value'), text, resolve, depth) };
      return null;
    case 'augmented_assignment':
      return same(p.childForFieldName('left'), n) ? { kind: 'bind', at, val: opaque } : null;
    case 'global_statement':
    case 'nonlocal_statement':
      return 'global';
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern': {
      const g = p.parent;
      const i = targetIndex(p, n);
      if (g?.type === 'assignment' && same(g.childForFieldName('left'), p) && i >= 0) {
        const right = rightmostValue(g);
        if (!right) return null;
        const whole = toVal(right, text, resolve, depth);
        return { kind: 'bind', at, val: { k: 'sub', s: whole.s, e: whole.e, obj: whole, key: { k: 'lit', s: n.startIndex, e: n.endIndex, t: 'num', n: i } } };
      }
      return { kind: 'bind', at, val: opaque };
    }
    case 'as_pattern_target':
      return { kind: 'bind', at, val: opaque };
    case 'for_statement':
    case 'for_in_clause':
      return same(p.childForFieldName('left'), n) ? { kind: 'bind', at, val: opaque } : null;
    case 'dotted_name':
    case 'aliased_import': {
      const v = importBinding(n, text);
      return v ? { kind: 'bind', at, val: v } : null;
    }
    case 'function_definition':
      return same(p.childForFieldName('name'), n) ? { kind: 'bind', at, val: { k: 'func', s: p.startIndex, e: p.endIndex, name: text.slice(n.startIndex, n.endIndex) } } : null;
    case 'class_definition':
      return same(p.childForFieldName('name'), n) ? { kind: 'bind', at, val: classVal(p, text, resolve, depth + 1) } : null;
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
