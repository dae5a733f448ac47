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
  return src.batch(() => resolveChunks(src));
}

function resolveChunks(src: PythonSource): ModuleFacts {
  const calls: CallFact[] = [];
  const handlers: HandlerFact[] = [];
  const functions: ModuleFacts['functions'] = [];
  const markers: Span[] = [];
  const chunks = src.chunks;

  const resolveRef = (name: string, at: number, chunkIndex: number, depth: number): Val | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const mutations: Extract<NameEvent, { kind: 'mutate' }>[] = [];
    for (let ci = chunkIndex; ci >= 0; ci--) {
      const c = chunks[ci];
      const events = src.nameEvents(c, name);
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
        return resolveVal(val, ci, depth + 1);
      }
    }
    return undefined;
  };

  const resolveVal = (v: Val, chunkIndex: number, depth: number): Val => {
    switch (v.k) {
      case 'ref': {
        const r = resolveRef(v.name, v.at, chunkIndex, depth);
        return r ? { ...r, use: { s: v.s, e: v.e } } : { k: 'other', s: v.s, e: v.e };
      }
      case 'dict':
        return { ...v, entries: v.entries.map(en => ({ ...en, key: resolveVal(en.key, chunkIndex, depth), value: resolveVal(en.value, chunkIndex, depth) })) };
      case 'list':
        return { ...v, items: v.items.map(i => resolveVal(i, chunkIndex, depth)) };
      default:
        return v;
    }
  };

  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci];
    for (let k = 0; k < c.markers.length; k += 2) markers.push({ s: c.markers[k] + c.start, e: c.markers[k + 1] + c.start });
    const f = src.facts(c);
    const d = c.start;
    for (const call of f.calls) {
      calls.push({
        ...call,
        id: shiftSpan(call.id, d),
        call: shiftSpan(call.call, d),
        inner: call.inner && shiftSpan(call.inner, d),
        stmt: call.stmt && shiftSpan(call.stmt, d),
        positional: call.positional.map(v => resolveVal(shiftVal(v, d), ci, 0)),
        keywords: call.keywords.map(kw => ({ name: kw.name, nameSpan: shiftSpan(kw.nameSpan, d), val: resolveVal(shiftVal(kw.val, d), ci, 0) })),
      });
    }
    for (const h of f.handlers) handlers.push({ name: h.name, id: shiftSpan(h.id, d), def: shiftSpan(h.def, d) });
    for (const fn of f.functions) functions.push({ name: fn.name, id: shiftSpan(fn.id, d), def: shiftSpan(fn.def, d) });
  }
  return { text: src.text, calls, handlers, functions, markers };
}
