/**
 * Brings a PythonSource's cached chunk facts together: absolute offsets, and module-level names resolved across
 * chunks (the last module-level assignment before the use, plus the `x["k"] = v` / `x.update(...)` after it).
 * This runs on every analysis; it touches only the facts of chunks with keywords, so it stays cheap.
 */
import { shiftSpan, shiftVal, type CallFact, type HandlerFact, type NameEvent, type Span, type Val } from './facts';
import type { PythonSource } from './source';

export interface ModuleFacts {
  text: string;
  calls: CallFact[];
  handlers: HandlerFact[];
  functions: { name: string; id: Span; def: Span }[];
  /** Comments holding a suppression marker (absolute). */
  markers: Span[];
}

const MAX_DEPTH = 4;

export function resolveModule(src: PythonSource): ModuleFacts {
  return src.batch(() => {
    const r = new Resolver(src);
    const calls: CallFact[] = [];
    const handlers: HandlerFact[] = [];
    const functions: ModuleFacts['functions'] = [];
    const markers: Span[] = [];
    src.chunks.forEach((c, ci) => {
      for (let k = 0; k < c.markers.length; k += 2) markers.push({ s: c.markers[k] + c.start, e: c.markers[k + 1] + c.start });
      const f = src.facts(c);
      calls.push(...r.chunkCalls(ci));
      for (const h of f.handlers) handlers.push({ name: h.name, id: shiftSpan(h.id, c.start), def: shiftSpan(h.def, c.start) });
      for (const fn of f.functions) functions.push({ name: fn.name, id: shiftSpan(fn.id, c.start), def: shiftSpan(fn.def, c.start) });
    });
    return { text: src.text, calls, handlers, functions, markers };
  });
}

/** Absolute offsets for a call of a chunk starting at `d` (values are shifted, not resolved). */
export function shiftCall(call: CallFact, d: number): CallFact {
  return {
    ...call,
    id: shiftSpan(call.id, d),
    call: shiftSpan(call.call, d),
    inner: call.inner && shiftSpan(call.inner, d),
    stmt: call.stmt && shiftSpan(call.stmt, d),
    positional: call.positional.map(v => shiftVal(v, d)),
    keywords: call.keywords.map(kw => ({ name: kw.name, nameSpan: shiftSpan(kw.nameSpan, d), val: shiftVal(kw.val, d) })),
  };
}

const refsCache = new WeakMap<object, boolean>();

function valHasRef(v: Val): boolean {
  switch (v.k) {
    case 'ref': return true;
    case 'dict': return v.entries.some(e => valHasRef(e.key) || valHasRef(e.value));
    case 'list': return v.items.some(valHasRef);
    default: return false;
  }
}

/** Whether a chunk's calls use module-level names (then their values depend on other chunks). */
export function factsHaveRefs(f: { calls: CallFact[] }): boolean {
  let has = refsCache.get(f);
  if (has === undefined) {
    has = f.calls.some(c => c.positional.some(valHasRef) || c.keywords.some(k => valHasRef(k.val)));
    refsCache.set(f, has);
  }
  return has;
}

/** Resolves module-level names of one source across its chunks. */
export class Resolver {
  constructor(private readonly src: PythonSource) {}

  /** The calls of chunk `ci`, absolute, their names resolved. */
  chunkCalls(ci: number): CallFact[] {
    const c = this.src.chunks[ci];
    const d = c.start;
    return this.src.facts(c).calls.map(call => {
      const shifted = shiftCall(call, d);
      return {
        ...shifted,
        positional: shifted.positional.map(v => this.resolveVal(v, ci, 0)),
        keywords: shifted.keywords.map(kw => ({ ...kw, val: this.resolveVal(kw.val, ci, 0) })),
      };
    });
  }

  private resolveRef(name: string, at: number, chunkIndex: number, depth: number): Val | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const chunks = this.src.chunks;
    const mutations: Extract<NameEvent, { kind: 'mutate' }>[] = [];
    for (let ci = chunkIndex; ci >= 0; ci--) {
      const c = chunks[ci];
      const events = this.src.nameEvents(c, name);
      for (let k = events.length - 1; k >= 0; k--) {
        const ev = events[k];
        const absAt = ev.at + c.start;
        if (absAt >= at) continue;
        if (ev.kind === 'mutate') {
          mutations.push({ kind: 'mutate', at: absAt, entries: ev.entries.map(en => ({ key: shiftVal(en.key, c.start), value: shiftVal(en.value, c.start), s: en.s + c.start, e: en.e + c.start })) });
          continue;
        }
        let val = shiftVal(ev.val, c.start);
        if (val.k === 'dict' && mutations.length) {
          val = { ...val, entries: [...val.entries, ...mutations.reverse().flatMap(m => m.entries)] };
        }
        return this.resolveVal(val, ci, depth + 1);
      }
    }
    return undefined;
  }

  private resolveVal(v: Val, chunkIndex: number, depth: number): Val {
    switch (v.k) {
      case 'ref': {
        const r = this.resolveRef(v.name, v.at, chunkIndex, depth);
        return r ? { ...r, use: { s: v.s, e: v.e } } : { k: 'other', s: v.s, e: v.e };
      }
      case 'dict':
        return { ...v, entries: v.entries.map(en => ({ ...en, key: this.resolveVal(en.key, chunkIndex, depth), value: this.resolveVal(en.value, chunkIndex, depth) })) };
      case 'list':
        return { ...v, items: v.items.map(i => this.resolveVal(i, chunkIndex, depth)) };
      default:
        return v;
    }
  }
}
