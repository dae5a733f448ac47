/**
 * Generic walks over `Val` trees: copy with each child replaced, shift offsets, flatten spans, look for a kind.
 * Every Val the analyzer builds is at most MAX_NESTING deep (values.ts cuts deeper ones), so these recursions are
 * bounded.
 */
import type { Entry, Val } from './facts';

/** A copy of `v` with each direct child value replaced by `f(child)` (the same object when nothing changed). */
export function mapChildren(v: Val, f: (child: Val) => Val): Val {
  switch (v.k) {
    case 'dict': {
      let changed = false;
      const entries = v.entries.map(en => {
        const key = f(en.key);
        const value = f(en.value);
        if (key !== en.key || value !== en.value) changed = true;
        return key === en.key && value === en.value ? en : { ...en, key, value };
      });
      return changed ? { ...v, entries } : v;
    }
    case 'list': {
      const items = mapAll(v.items, f);
      return items === v.items ? v : { ...v, items };
    }
    case 'attr': {
      const obj = f(v.obj);
      return obj === v.obj ? v : { ...v, obj };
    }
    case 'call': {
      const fn = f(v.fn);
      const args = mapAll(v.args, f);
      const kw = mapNamed(v.kw, f);
      return fn === v.fn && args === v.args && kw === v.kw ? v : { ...v, fn, args, kw };
    }
    case 'sub': {
      const obj = f(v.obj);
      const key = f(v.key);
      return obj === v.obj && key === v.key ? v : { ...v, obj, key };
    }
    case 'add':
    case 'cond': {
      const a = f(v.a);
      const b = f(v.b);
      return a === v.a && b === v.b ? v : { ...v, a, b };
    }
    case 'fstr': {
      const parts = mapAll(v.parts, f);
      return parts === v.parts ? v : { ...v, parts };
    }
    case 'class': {
      const bases = mapAll(v.bases, f);
      const attrs = mapNamed(v.attrs, f);
      return bases === v.bases && attrs === v.attrs ? v : { ...v, bases, attrs };
    }
    case 'inst': {
      const cls = f(v.cls);
      return cls === v.cls ? v : { ...v, cls };
    }
    case 'param': {
      const def = v.def && f(v.def);
      const ann = v.ann && f(v.ann);
      return def === v.def && ann === v.ann ? v : { ...v, def, ann };
    }
    case 'splat': {
      const val = f(v.val);
      return val === v.val ? v : { ...v, val };
    }
    default:
      return v;
  }
}

/** `mapAll` for `{ name, val }` entries (keyword arguments, class attributes): the same array when nothing changed. */
function mapNamed(entries: { name: string; val: Val }[], f: (child: Val) => Val): { name: string; val: Val }[] {
  let out: { name: string; val: Val }[] | null = null;
  for (let i = 0; i < entries.length; i++) {
    const val = f(entries[i].val);
    if (val !== entries[i].val) {
      out ??= entries.slice();
      out[i] = { name: entries[i].name, val };
    }
  }
  return out ?? entries;
}

function mapAll(vs: Val[], f: (child: Val) => Val): Val[] {
  let out: Val[] | null = null;
  for (let i = 0; i < vs.length; i++) {
    const n = f(vs[i]);
    if (n !== vs[i]) {
      out ??= vs.slice();
      out[i] = n;
    }
  }
  return out ?? vs;
}

/** `v` with every offset moved by `d`. */
export function shiftVal(v: Val, d: number): Val {
  if (d === 0) return v;
  const inner = mapChildren(v, c => shiftVal(c, d));
  const out: Val = { ...inner, s: inner.s + d, e: inner.e + d };
  if (out.use) out.use = { s: out.use.s + d, e: out.use.e + d };
  if (out.k === 'ref') out.at += d;
  if (out.k === 'dict') out.entries = out.entries.map(en => ({ ...en, s: en.s + d, e: en.e + d }));
  return out;
}

export function shiftEntries(entries: Entry[], d: number): Entry[] {
  return entries.map(en => ({ key: shiftVal(en.key, d), value: shiftVal(en.value, d), s: en.s + d, e: en.e + d }));
}

/**
 * `v` with every span (and use) set to [s, e): for values whose own text is elsewhere (a string, another file —
 * then `from` names it).
 */
export function flatten(v: Val, s: number, e: number, from?: string): Val {
  const inner = mapChildren(v, c => flatten(c, s, e, from));
  const out: Val = { ...inner, s, e };
  delete out.use;
  if (from !== undefined) out.from ??= from;
  if (out.k === 'dict') out.entries = out.entries.map(en => ({ ...en, s, e }));
  return out;
}

/** Whether `v` holds a value of one of `kinds` anywhere. */
export function holds(v: Val, kinds: ReadonlySet<Val['k']>): boolean {
  if (kinds.has(v.k)) return true;
  let found = false;
  mapChildren(v, c => {
    if (!found && holds(c, kinds)) found = true;
    return c;
  });
  return found;
}
