/**
 * Constant folding of resolved values: `"in" + "line"`, f-strings of constants, `.lower()` / `.upper()` /
 * `.strip()`, `cfg["kind"]`, tuple items, class attributes (`Config.KIND`, `self.KIND`), `json.dumps({...})`
 * (MLRun reads an inline source string as a Python literal, and JSON text is one), `getattr(x, "name")`, `str(x)`,
 * module attributes through imports, parameters' literal defaults, and conditional expressions whose arms agree
 * (the same string, or two insecure provider kinds). What does not fold stays as it was, or becomes `other`.
 */
import { INSECURE_PROVIDER_KINDS } from '../../../../shared/src/mlrun';
import type { Entry, Span, Val } from './facts';
import { mapChildren } from './valTree';

export type Imp = Extract<Val, { k: 'imp' }>;

export interface FoldEnv {
  /**
   * Follows an import into the workspace: the value of a module's name, `module` for a module of the workspace,
   * `external` for anything else; undefined when nothing is known about the workspace.
   */
  imports?: (imp: Imp) => { val: Val } | 'module' | 'external' | undefined;
}

const MAX_FOLD_DEPTH = 24;
const STRING_METHODS: Record<string, (s: string) => string> = {
  lower: s => s.toLowerCase(),
  upper: s => s.toUpperCase(),
  strip: s => s.trim(),
  casefold: s => s.toLowerCase(),
};

function at(r: Val, v: Val): Val {
  return { ...r, use: v.use ?? { s: v.s, e: v.e } };
}

function str(v: Val, value: string): Val {
  const out: Val = { k: 'str', s: v.s, e: v.e, v: value };
  if (v.use) out.use = v.use;
  return out;
}

function other(v: Val): Val {
  return { k: 'other', s: v.s, e: v.e };
}

const INSECURE = new Set<string>(INSECURE_PROVIDER_KINDS);

/** The last entry of a dict under a string key. */
export function entryOf(d: Extract<Val, { k: 'dict' }>, key: string): Entry | undefined {
  for (let i = d.entries.length - 1; i >= 0; i--) {
    const k = d.entries[i].key;
    if (k.k === 'str' && k.v === key) return d.entries[i];
  }
  return undefined;
}

function classAttr(cls: Val, name: string, depth: number): Val | undefined {
  if (cls.k !== 'class' || depth > 4) return undefined;
  for (let i = cls.attrs.length - 1; i >= 0; i--) if (cls.attrs[i].name === name) return cls.attrs[i].val;
  for (const b of cls.bases) {
    const found = classAttr(b, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function isName(v: Val, path: string): boolean {
  return v.k === 'imp' && v.level === 0 && v.path === path;
}

export function fold(v: Val, env: FoldEnv = {}, depth = 0): Val {
  if (depth > MAX_FOLD_DEPTH) return v;
  const f = (x: Val): Val => fold(x, env, depth + 1);
  switch (v.k) {
    case 'imp': {
      if (v.path.startsWith('mlrun') && (v.path.length === 5 || v.path[5] === '.') && v.level === 0) return v;
      if (v.path.startsWith('builtins.')) return v;
      const r = env.imports?.(v);
      if (r === undefined || r === 'external') return v;
      if (r === 'module') return { ...v, ws: true };
      return at(f(r.val), v);
    }
    case 'dict': {
      let changed = false;
      const entries: Entry[] = [];
      for (const en of v.entries) {
        const value = f(en.value);
        const key = f(en.key);
        // `{"K": "a" if x else "b"}`: both literals are written in the code.
        if (value.k === 'other' && en.value.k === 'cond') {
          const a = f(en.value.a);
          const b = f(en.value.b);
          if (a.k === 'str' && b.k === 'str') {
            entries.push({ ...en, key, value: a }, { ...en, key, value: b });
            changed = true;
            continue;
          }
        }
        if (value !== en.value || key !== en.key) changed = true;
        entries.push(value === en.value && key === en.key ? en : { ...en, key, value });
      }
      return changed ? { ...v, entries } : v;
    }
    case 'list':
      return mapChildren(v, f);
    case 'add': {
      const a = f(v.a);
      const b = f(v.b);
      if (a.k === 'str' && b.k === 'str') return str(v, a.v + b.v);
      if (a.k === 'list' && b.k === 'list') return { ...a, s: v.s, e: v.e, items: [...a.items, ...b.items] };
      return other(v);
    }
    case 'cond': {
      const a = f(v.a);
      const b = f(v.b);
      if (a.k === 'str' && b.k === 'str' && (a.v === b.v || (INSECURE.has(a.v) && INSECURE.has(b.v)))) return str(v, a.v);
      return other(v);
    }
    case 'fstr': {
      const parts = v.parts.map(f);
      return parts.every(p => p.k === 'str') ? str(v, parts.map(p => (p as { v: string }).v).join('')) : other(v);
    }
    case 'sub': {
      const obj = f(v.obj);
      const key = f(v.key);
      if (obj.k === 'dict' && key.k === 'str') {
        const en = entryOf(obj, key.v);
        return en ? at(en.value, v) : other(v);
      }
      if (obj.k === 'list' && key.k === 'lit' && key.n !== undefined) {
        const item = obj.items[key.n < 0 ? obj.items.length + key.n : key.n];
        return item && item.k !== 'splat' ? at(item, v) : other(v);
      }
      return other(v);
    }
    case 'attr': {
      const obj = f(v.obj);
      if (obj.k === 'class' || obj.k === 'inst') {
        const found = classAttr(obj.k === 'inst' ? obj.cls : obj, v.name, 0);
        if (found) return at(f(found), v);
      }
      if (obj.k === 'imp') return f({ k: 'imp', s: v.s, e: v.e, path: `${obj.path}.${v.name}`, level: obj.level, use: v.use });
      return obj === v.obj ? v : { ...v, obj };
    }
    case 'call': {
      const folded = mapChildren(v, f) as Extract<Val, { k: 'call' }>;
      const { fn, args } = folded;
      if (fn.k === 'attr' && STRING_METHODS[fn.name] && args.length === 0 && v.kw.length === 0) {
        const target = f(fn.obj);
        if (target.k === 'str') return str(v, STRING_METHODS[fn.name](target.v));
      }
      if (isName(fn, 'json.dumps') && args[0] && (args[0].k === 'dict' || args[0].k === 'list')) return args[0];
      if (isName(fn, 'builtins.str') && args.length === 1 && args[0].k === 'str') return str(v, args[0].v);
      if (isName(fn, 'builtins.getattr') && args.length === 2 && args[1].k === 'str') {
        return f({ k: 'attr', s: v.s, e: v.e, obj: args[0], name: args[1].v });
      }
      return folded;
    }
    case 'param': {
      if (!v.def) return v;
      const d = f(v.def);
      return d.k === 'str' || d.k === 'dict' || d.k === 'list' ? at(d, v) : v;
    }
    case 'inst':
    case 'splat':
      return mapChildren(v, f);
    case 'class': {
      const bases = v.bases.map(f);
      return bases.every((b, i) => b === v.bases[i]) ? v : { ...v, bases };
    }
    default:
      return v;
  }
}

/** Where a value is used (its name at the use) or written. */
export function useSpan(v: Val): Span {
  return v.use ?? { s: v.s, e: v.e };
}
