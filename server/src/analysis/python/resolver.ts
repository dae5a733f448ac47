/**
 * Resolves module-level names of a PythonSource across its chunks: the last module-level binding before the use,
 * plus the `x["k"] = v` / `x.update(...)` after it. A name nothing binds becomes `builtins.<name>`; imports are
 * followed into the workspace when folding (fold.ts, through `imports`). This runs on every analysis; it touches
 * only the facts of chunks with keywords, and finds the chunks binding a name once per analysis.
 */
import { fold, type FoldEnv, type Imp } from './fold';
import type { CallFact, NameEvent, Val } from './facts';
import type { Chunk, PythonSource } from './source';
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

/**
 * Standard-library modules whose names in a value never fold into anything a rule reads (`os.environ["K"]`,
 * `logging.getLogger()`): a value reaching other chunks only through them is analysed with its chunk's cache.
 * (json, functools and the builtins str and getattr do fold, so they are not here.)
 */
const INERT_MODULES = new Set([
  'os', 'sys', 're', 'logging', 'pathlib', 'typing', 'datetime', 'time', 'math', 'random', 'subprocess', 'shutil',
  'tempfile', 'uuid', 'hashlib', 'base64', 'collections', 'itertools', 'dataclasses', 'enum', 'abc', 'io', 'string',
  'textwrap', 'warnings', 'inspect', 'argparse', 'csv', 'glob', 'getpass', 'platform', 'pickle', 'copy', 'threading',
  'asyncio', 'contextlib', 'urllib', 'http', 'socket', 'secrets', 'getpass',
]);
const FOLDING_BUILTINS = new Set(['str', 'getattr']);

/** Whether a value depends on other chunks or modules (module-level names, imports). */
export function dependsOnModule(v: Val | null | undefined): boolean {
  return !!v && holds(v, NAMES);
}

const refNamesCache = new WeakMap<object, Set<string> | null>();

/**
 * The module-level names a chunk's call arguments use (then their values may depend on other chunks), or null
 * when they use none; an import inside the chunk of anything but an inert module counts as a name too.
 */
export function valueRefNames(f: { calls: CallFact[] }): Set<string> | null {
  let names = refNamesCache.get(f);
  if (names === undefined) {
    const found = new Set<string>();
    const visit = (v: Val): Val => {
      if (v.k === 'ref') found.add(v.name);
      else if (v.k === 'imp' && !(v.level === 0 && INERT_MODULES.has(v.path.split('.')[0]))) found.add('\0import');
      return mapChildren(v, visit);
    };
    for (const c of f.calls) {
      for (const p of c.positional) visit(p);
      for (const k of c.keywords) visit(k.val);
    }
    names = found.size ? found : null;
    refNamesCache.set(f, names);
  }
  return names;
}

/** Whether a chunk's call arguments use module-level names at all (its values may depend on other chunks). */
export function factsHaveRefs(f: { calls: CallFact[] }): boolean {
  return valueRefNames(f) !== null;
}

export type ImportHook = NonNullable<FoldEnv['imports']>;

/**
 * What a result computed with a Resolver read beyond its own chunk (see `Resolver.record`), so that it can be
 * reused until one of those things changes: the module-level names it looked up (their binders and the values they
 * bind: a sync that sees a binder of one edited, added or removed marks the name changed), the chunks it took values
 * from (their offsets relative to the chunk, which spans in the result depend on) and the workspace's answers to
 * its imports.
 */
export interface Deps {
  /** The Binders sync it was computed after. */
  epoch: number;
  /** Start of the chunk it was computed for, then. */
  at: number;
  /** The lists of binders of the module-level names it looked up. */
  lists: Set<NameList>;
  /** Chunks values were brought in from, with their start relative to the chunk's at the time. */
  chunks: Map<Chunk, number>;
  /** The workspace's answers to its imports, asked again before reuse. */
  imports: [Imp, ReturnType<ImportHook>][];
  /** Whether it was computed with an import hook (a result without one holds nothing of the workspace). */
  hook: boolean;
}

export interface NameList {
  name: string;
  chunks: Chunk[];
  /** The sync from which the list and every value its chunks bind are unchanged. */
  since: number;
  /** The sync after which it was last asked about (or a result depending on it reused). */
  usedAt: number;
  /** False once dropped: a result depending on it is computed again. */
  live: boolean;
}

/**
 * Which chunks bind each name, kept across analyses of a source: an edit re-checks only the chunks it touched
 * (new chunk objects between the unchanged prefix and suffix of the list, or chunks edited in place, whose
 * version moved) for the names asked about before.
 */
class Binders {
  private chunks: Chunk[] = [];
  private versions: number[] = [];
  /** Lists nobody asked about since the sync before are dropped at the next (typos come and go). */
  private readonly lists = new Map<string, NameList>();
  epoch = 0;
  /** Set while a result records what it reads (Resolver.record). */
  recording: Deps | null = null;

  constructor(private readonly src: PythonSource) {}

  /** Brings the lists up to date with the source's chunks (once per analysis). */
  sync(): void {
    const epoch = ++this.epoch;
    for (const [name, list] of this.lists) {
      if (list.usedAt < epoch - 1) {
        list.live = false;
        this.lists.delete(name);
      }
    }
    const now = this.src.chunks;
    const old = this.chunks;
    // The chunks an edit replaced sit between a common prefix and a common suffix.
    let a = 0;
    while (a < now.length && a < old.length && now[a] === old[a]) a++;
    let b = 0;
    while (b < now.length - a && b < old.length - a && now[now.length - 1 - b] === old[old.length - 1 - b]) b++;
    if (a + b < old.length) {
      const removed = new Set(old.slice(a, old.length - b));
      for (const list of this.lists.values()) {
        const kept = list.chunks.filter(c => !removed.has(c));
        if (kept.length !== list.chunks.length) {
          list.chunks = kept;
          list.since = epoch;
        }
      }
    }
    for (let i = 0; i < now.length; i++) {
      const c = now[i];
      const before = i < a ? i : i >= now.length - b ? i - now.length + old.length : -1;
      if (before >= 0 && this.versions[before] === c.version) continue;
      for (const list of this.lists.values()) this.recheck(list, c, epoch);
    }
    this.chunks = now.slice();
    this.versions = now.map(c => c.version);
  }

  private recheck(list: NameList, c: Chunk, epoch: number): void {
    const name = list.name;
    const at = list.chunks.indexOf(c);
    const binds = this.src.nameEvents(c, name).length > 0;
    if (binds && at < 0) {
      let k = list.chunks.length;
      while (k > 0 && list.chunks[k - 1].start > c.start) k--;
      list.chunks.splice(k, 0, c);
    } else if (!binds && at >= 0) {
      list.chunks.splice(at, 1);
    }
    // What an edited binder binds may have changed even when it still binds the name.
    if (binds || at >= 0) list.since = epoch;
  }

  /** Chunks with events for `name`, in order. */
  of(name: string): Chunk[] {
    // An empty name (a reference the parser left empty in broken code) is bound nowhere; searching for it would
    // never advance.
    if (name === '') return [];
    let list = this.lists.get(name);
    if (!list) {
      // Only chunks where the name occurs can bind it: find them with one search of the text.
      const candidates: Chunk[] = [];
      const text = this.src.text;
      for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
        const c = this.src.chunks[this.src.chunkIndexAt(i)];
        if (candidates[candidates.length - 1] !== c) candidates.push(c);
      }
      list = { name, chunks: candidates.filter(c => this.src.nameEvents(c, name).length > 0), since: this.epoch, usedAt: this.epoch, live: true };
      this.lists.set(name, list);
    }
    list.usedAt = this.epoch;
    this.recording?.lists.add(list);
    return list.chunks;
  }
}

function sameAnswer(a: ReturnType<ImportHook>, b: ReturnType<ImportHook>): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a.val) === JSON.stringify(b.val);
}

const bindersOf = new WeakMap<PythonSource, Binders>();

/** Resolves module-level names of one source across its chunks. */
export class Resolver {
  private readonly binders: Binders;
  readonly env: FoldEnv;

  constructor(private readonly src: PythonSource, imports?: ImportHook) {
    this.env = { imports };
    let b = bindersOf.get(src);
    if (!b) bindersOf.set(src, (b = new Binders(src)));
    b.sync();
    this.binders = b;
  }

  private readonly inert = new Map<string, boolean>();
  /** The workspace's answers asked again to check recorded results, once per import per analysis. */
  private readonly answers = new Map<string, ReturnType<ImportHook>>();

  /**
   * Runs `fn` on chunk `ci` and notes what it reads beyond the chunk (Deps); `fn` folds with the `env` it is given,
   * so that the workspace's answers are noted too.
   */
  record<T>(ci: number, fn: (env: FoldEnv) => T): { value: T; deps: Deps } {
    const hook = this.env.imports;
    const deps: Deps = { epoch: this.binders.epoch, at: this.src.chunks[ci].start, lists: new Set(), chunks: new Map(), imports: [], hook: hook !== undefined };
    const env: FoldEnv = hook ? { imports: imp => { const a = hook(imp); deps.imports.push([imp, a]); return a; } } : {};
    const outer = this.binders.recording;
    this.binders.recording = deps;
    try {
      return { value: fn(env), deps };
    } finally {
      this.binders.recording = outer;
    }
  }

  /**
   * Whether a result `record` made for chunk `c` still holds in the module as it is now (`spans`: the result holds
   * spans of values brought in from other chunks, so their offsets relative to `c` must not have moved). A result
   * that holds keeps its names tracked.
   */
  holds(deps: Deps, c: Chunk, spans: boolean): boolean {
    if (deps.hook !== (this.env.imports !== undefined)) return false;
    for (const list of deps.lists) if (!list.live || list.since > deps.epoch) return false;
    if (spans) {
      for (const [b, rel] of deps.chunks) if (this.src.chunks[this.indexOf(b)] !== b || b.start - c.start !== rel) return false;
    }
    for (const [imp, answer] of deps.imports) {
      const key = `${imp.level}\0${imp.path}\0${imp.use?.s ?? imp.s}\0${imp.use?.e ?? imp.e}`;
      let now = this.answers.get(key);
      if (now === undefined && !this.answers.has(key)) this.answers.set(key, (now = this.env.imports!(imp)));
      if (!sameAnswer(now, answer)) return false;
    }
    const epoch = this.binders.epoch;
    for (const list of deps.lists) list.usedAt = epoch;
    return true;
  }

  /**
   * Whether the names a chunk's values use resolve to nothing a rule reads, in this module as it is now: each is
   * bound only by imports of inert standard-library modules, or by nothing (a builtin that does not fold).
   */
  namesAreInert(names: ReadonlySet<string>): boolean {
    for (const name of names) {
      if (name !== '\0import' && this.binders.recording) this.binders.of(name);
      let inert = this.inert.get(name);
      if (inert === undefined) {
        const binders = name === '\0import' ? null : this.binders.of(name);
        inert = binders !== null && (binders.length === 0 ? !FOLDING_BUILTINS.has(name) : binders.every(c => this.src.nameEvents(c, name).every(ev =>
          ev.kind === 'bind' && ev.val.k === 'imp' && ev.val.level === 0 && ev.val.path === name && INERT_MODULES.has(name))));
        this.inert.set(name, inert);
      }
      if (!inert) return false;
    }
    return true;
  }

  /** Index of the chunk holding `c` (chunks are in text order). */
  private indexOf(c: Chunk): number {
    return this.src.chunkIndexAt(c.start);
  }

  /**
   * The calls of chunk `ci`, their names resolved (not folded): absolute, or (`relative`) in the chunk's own
   * coordinates — then only the values brought in from other chunks are shifted, and unchanged parts are shared.
   */
  chunkCalls(ci: number, relative = false): CallFact[] {
    const c = this.src.chunks[ci];
    return this.src.facts(c).calls.map(call => (relative ? this.resolveCall(call, ci, c.start) : this.resolveCall(shiftCall(call, c.start), ci)));
  }

  /** `call`'s names resolved; its offsets are relative to `base` (0: absolute). */
  resolveCall<T extends Omit<CallFact, 'name'>>(call: T, ci: number, base = 0): T {
    return {
      ...call,
      recv: call.recv && this.resolveVal(call.recv, ci, 0, base),
      positional: call.positional.map(v => this.resolveVal(v, ci, 0, base)),
      keywords: call.keywords.map(kw => ({ ...kw, val: this.resolveVal(kw.val, ci, 0, base) })),
    };
  }

  /**
   * The value of module-level `name` just before absolute offset `at` (in chunk `chunkIndex`), resolved, its
   * offsets relative to `base`.
   */
  resolveRef(name: string, at: number, chunkIndex: number, depth = 0, base = 0): Val | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const chunks = this.src.chunks;
    const mutations: Extract<NameEvent, { kind: 'mutate' }>[] = [];
    const list = this.binders.of(name);
    const limit = chunks[chunkIndex]?.start ?? Infinity;
    let hi = list.length - 1;
    while (hi >= 0 && list[hi].start > limit) hi--;
    const rec = this.binders.recording;
    for (let li = hi; li >= 0; li--) {
      const c = list[li];
      const ci = this.indexOf(c);
      rec?.chunks.set(c, c.start - rec.at);
      const events = this.src.nameEvents(c, name);
      for (let k = events.length - 1; k >= 0; k--) {
        const ev = events[k];
        const absAt = ev.at + c.start;
        if (absAt >= at || ev.kind === 'call') continue;
        if (ev.kind === 'mutate') {
          mutations.push({ kind: 'mutate', at: absAt, entries: shiftEntries(ev.entries, c.start - base) });
          continue;
        }
        let val = shiftVal(ev.val, c.start - base);
        if (val.k === 'dict' && mutations.length) {
          val = { ...val, entries: [...val.entries, ...mutations.reverse().flatMap(m => m.entries)] };
        }
        return this.resolveVal(val, ci, depth + 1, base);
      }
    }
    return undefined;
  }

  /** `v` (offsets relative to `base`) with its module-level names resolved. */
  resolveVal(v: Val, chunkIndex: number, depth: number, base = 0): Val {
    if (v.k === 'ref') {
      const r = this.resolveRef(v.name, v.at + base, chunkIndex, depth, base);
      if (r) return { ...r, use: { s: v.s, e: v.e } };
      // A name no module-level statement binds: a builtin (or a star import, or undefined).
      return depth > MAX_DEPTH ? { k: 'other', s: v.s, e: v.e } : { k: 'imp', s: v.s, e: v.e, path: `builtins.${v.name}`, level: 0 };
    }
    return mapChildren(v, c => this.resolveVal(c, chunkIndex, depth, base));
  }

  /** A value resolved and folded, for a module's own names (the workspace index asks for them). */
  valueOf(name: string): Val | undefined {
    const chunks = this.src.chunks;
    if (chunks.length === 0) return undefined;
    const v = this.resolveRef(name, this.src.text.length + 1, chunks.length - 1);
    return v && fold(v, this.env);
  }
}
