/**
 * YAML nodes (from the `yaml` package) as the analyzer's values, following aliases (`*src`) and merge keys
 * (`<<: *base`) the way a YAML loader does, within a budget (an alias "bomb" is cut off, not expanded), and the
 * suppression comments of a YAML text. Nothing here recurses on the input's depth: deep input costs a loop.
 */
import type { Span } from '../findings';
import type { Entry, Val } from '../python/facts';

export type YamlModule = typeof import('yaml');
type Doc = import('yaml').Document.Parsed;

// Loaded on first use: most runs of the CLI never meet a YAML file worth parsing.
export const yaml = (): YamlModule => require('yaml') as YamlModule;

interface YNode {
  range?: [number, number, number] | null;
}

export function spanOf(n: unknown): Span | undefined {
  const r = (n as YNode | null | undefined)?.range;
  return r ? { s: r[0], e: r[1] } : undefined;
}

/** Nodes one value may expand to through aliases; past it, the rest reads as unknown. */
const NODE_BUDGET = 5000;
/** Levels followed inside one value (secret sources and env entries are shallow). */
const MAX_DEPTH = 64;

/** The node an alias stands for (aliases of aliases followed), or the node itself. */
export function deref(node: unknown, doc: Doc, Y: YamlModule): unknown {
  let n = node;
  for (let hops = 0; Y.isAlias(n) && hops < 16; hops++) n = (n as import('yaml').Alias).resolve(doc);
  return Y.isAlias(n) ? undefined : n;
}

/** The pairs of a map with its merge keys (`<<: *base`, `<<: [*a, *b]`) expanded; explicit keys win. */
export function mapPairs(map: unknown, doc: Doc, Y: YamlModule): import('yaml').Pair[] {
  const out: import('yaml').Pair[] = [];
  const seen = new Set<unknown>();
  const explicit = new Set<string>();
  const work: { map: unknown; merged: boolean }[] = [{ map, merged: false }];
  while (work.length && seen.size < 64) {
    const { map: m, merged } = work.shift()!;
    if (!Y.isMap(m) || seen.has(m)) continue;
    seen.add(m);
    for (const pair of m.items) {
      const key = Y.isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === '<<') {
        const v = deref(pair.value, doc, Y);
        const targets = Y.isSeq(v) ? v.items.map(i => deref(i, doc, Y)) : [v];
        for (const t of targets) work.push({ map: t, merged: true });
        continue;
      }
      if (key !== undefined && merged && explicit.has(key)) continue;
      if (key !== undefined) explicit.add(key);
      out.push(pair);
    }
  }
  return out;
}

/** A YAML node as a Val (strings, numbers, maps, lists), aliases and merge keys followed. */
export function toVal(node: unknown, doc: Doc, Y: YamlModule): Val {
  let budget = NODE_BUDGET;
  const read = (n0: unknown, depth: number): Val => {
    const n = deref(n0, doc, Y);
    const sp = spanOf(n) ?? spanOf(n0) ?? { s: 0, e: 0 };
    if (--budget < 0 || depth > MAX_DEPTH) return { k: 'other', s: sp.s, e: sp.e };
    if (Y.isScalar(n)) {
      if (typeof n.value === 'string') return { k: 'str', s: sp.s, e: sp.e, v: n.value };
      if (n.value === null || n.value === undefined) return { k: 'lit', s: sp.s, e: sp.e, t: 'none' };
      return { k: 'lit', s: sp.s, e: sp.e, t: typeof n.value === 'boolean' ? 'bool' : 'num' };
    }
    if (Y.isMap(n)) {
      const entries: Entry[] = [];
      let open = false;
      for (const pair of mapPairs(n, doc, Y)) {
        const key = read(pair.key, depth + 1);
        const value = pair.value === null || pair.value === undefined ? { k: 'lit' as const, s: key.e, e: key.e, t: 'none' as const } : read(pair.value, depth + 1);
        if (key.k !== 'str') open = true;
        entries.push({ key, value, s: key.s, e: value.e });
      }
      return { k: 'dict', s: sp.s, e: sp.e, entries, open };
    }
    if (Y.isSeq(n)) return { k: 'list', s: sp.s, e: sp.e, items: n.items.map(i => read(i, depth + 1)), tuple: false };
    return { k: 'other', s: sp.s, e: sp.e };
  };
  return read(node, 0);
}

/** Comments holding a suppression marker, from the CST (walked with a stack: nesting depth costs no recursion). */
export function markerComments(text: string, Y: YamlModule): Span[] {
  const out: Span[] = [];
  const stack: unknown[] = [...new Y.Parser().parse(text)];
  while (stack.length) {
    const x = stack.pop();
    if (!x || typeof x !== 'object') continue;
    if (Array.isArray(x)) { for (const i of x) stack.push(i); continue; }
    const t = x as { type?: string; offset?: number; source?: string };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      if (t.source.includes('mlrun-secrets') || t.source.includes('nosec')) out.push({ s: t.offset, e: t.offset + t.source.length });
      continue;
    }
    for (const v of Object.values(x)) if (v && typeof v === 'object') stack.push(v);
  }
  return out.sort((a, b) => a.s - b.s);
}
