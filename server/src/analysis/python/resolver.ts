/**
 * Resolves module-level names of a PythonSource across its chunks: the last module-level binding before the use,
 * plus the `x["k"] = v` / `x.update(...)` after it. A name nothing binds becomes `builtins.<name>`; imports are
 * followed into the workspace when folding (fold.ts, through `imports`). This runs on every analysis; it touches
 * only the facts of chunks with keywords, and finds the chunks binding a name once per analysis.
 */
import { fold, type FoldEnv } from './fold';
import type { CallFact, NameEvent, Val } from './facts';
import type { PythonSource } from './source';
import { holds, mapChildren, shiftEntries, shiftVal } from './valTree';

const MAX_DEPTH = 4;

/** Absolute offsets for a call of a chunk starting at `d` (values are shifted, not resolved). */
export function shiftCall<T extends Omit<CallFact, 'name'>>(call: T, d: number): T {
  if (d === 0) return call;
  return {
    ...call,
    id: { s: call.id.s + d, e: call.id.e + d },
    call: { s: call.call.s + d, e: call.call.e + d },
    inner: call.inner && { s: call.inner.s + d, e: call.inner.e + d },
    stmt: call.stmt && { s: call.stmt.s + d, e: call.stmt.e + d },
    recv: call.recv && shiftVal(call.recv, d),
    positional: call.positional.map(v => shiftVal(v, d)),
    keywords: call.keywords.map(kw => ({ name: kw.name, nameSpan: { s: kw.nameSpan.s + d, e: kw.nameSpan.e + d }, val: shiftVal(kw.val, d) })),
  };
}

const NAMES = new Set<Val['k']>(['ref', 'imp']);
const refsCache = new WeakMap<object, boolean>();

/** Whether a value depends on other chunks or modules (module-level names, imports). */
export function dependsOnModule(v: Val | null | undefined): boolean {
  return !!v && holds(v, NAMES);
}

/** Whether a chunk's call arguments use module-level names (then their values depend on other chunks). */
export function factsHaveRefs(f: { calls: CallFact[] }): boolean {
  let has = refsCache.get(f);
  if (has === undefined) {
    has = f.calls.some(c => c.positional.some(dependsOnModule) || c.keywords.some(k => dependsOnModule(k.val)));
    refsCache.set(f, has);
  }
  return has;
}

export type ImportHook = NonNullable<FoldEnv['imports']>;

/** Resolves module-level names of one source across its chunks. */
export class Resolver {
  /** Chunk indices with events for a name (this analysis only: chunks change between analyses). */
  private readonly binders = new Map<string, number[]>();
  readonly env: FoldEnv;

  constructor(private readonly src: PythonSource, imports?: ImportHook) {
    this.env = { imports };
  }

  private chunksBinding(name: string): number[] {
    let list = this.binders.get(name);
    if (!list) {
      list = [];
      const chunks = this.src.chunks;
      for (let ci = 0; ci < chunks.length; ci++) if (this.src.nameEvents(chunks[ci], name).length) list.push(ci);
      this.binders.set(name, list);
    }
    return list;
  }

  /** The calls of chunk `ci`, absolute, their names resolved (not folded). */
  chunkCalls(ci: number): CallFact[] {
    const c = this.src.chunks[ci];
    return this.src.facts(c).calls.map(call => this.resolveCall(shiftCall(call, c.start), ci));
  }

  resolveCall<T extends Omit<CallFact, 'name'>>(call: T, ci: number): T {
    return {
      ...call,
      recv: call.recv && this.resolveVal(call.recv, ci, 0),
      positional: call.positional.map(v => this.resolveVal(v, ci, 0)),
      keywords: call.keywords.map(kw => ({ ...kw, val: this.resolveVal(kw.val, ci, 0) })),
    };
  }

  /** The value of module-level `name` just before absolute offset `at` (in chunk `chunkIndex`), resolved. */
  resolveRef(name: string, at: number, chunkIndex: number, depth = 0): Val | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const chunks = this.src.chunks;
    const mutations: Extract<NameEvent, { kind: 'mutate' }>[] = [];
    const list = this.chunksBinding(name);
    let hi = list.length - 1;
    while (hi >= 0 && list[hi] > chunkIndex) hi--;
    for (let li = hi; li >= 0; li--) {
      const ci = list[li];
      const c = chunks[ci];
      const events = this.src.nameEvents(c, name);
      for (let k = events.length - 1; k >= 0; k--) {
        const ev = events[k];
        const absAt = ev.at + c.start;
        if (absAt >= at || ev.kind === 'call') continue;
        if (ev.kind === 'mutate') {
          mutations.push({ kind: 'mutate', at: absAt, entries: shiftEntries(ev.entries, c.start) });
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

  resolveVal(v: Val, chunkIndex: number, depth: number): Val {
    if (v.k === 'ref') {
      const r = this.resolveRef(v.name, v.at, chunkIndex, depth);
      if (r) return { ...r, use: { s: v.s, e: v.e } };
      // A name no module-level statement binds: a builtin (or a star import, or undefined).
      return depth > MAX_DEPTH ? { k: 'other', s: v.s, e: v.e } : { k: 'imp', s: v.s, e: v.e, path: `builtins.${v.name}`, level: 0 };
    }
    return mapChildren(v, c => this.resolveVal(c, chunkIndex, depth));
  }

  /** A value resolved and folded, for a module's own names (the workspace index asks for them). */
  valueOf(name: string): Val | undefined {
    const chunks = this.src.chunks;
    if (chunks.length === 0) return undefined;
    const v = this.resolveRef(name, this.src.text.length + 1, chunks.length - 1);
    return v && fold(v, this.env);
  }
}
