/**
 * A Python source kept as chunks (top-level statements, see segment.ts), each parsed and read only when its text
 * holds a keyword, and cached until an edit touches it. `applyChange` re-segments from the edited chunk until the
 * old chunk boundaries line up again, shifts the chunks after it, and reparses the edited chunk incrementally
 * (`tree.edit` + `parse(text, oldTree)`) when it stays one chunk and its tree is hot; an incremental result with
 * syntax errors is replaced by a fresh parse (see `parse`).
 */
import type { Finding } from '../findings';
import { firstLineSpan, incompleteFinding } from '../incomplete';
import { freeTree, parsePythonChecked, parserGeneration, pointAt, type ParseProblem, type Tree } from '../parser';
import { EMPTY_FACTS, type ChunkFacts, type NameEvent } from './facts';
import { extractFacts } from './extract';
import { CHUNK_KEYWORDS, DEFERRED_KEYWORDS } from './keywords';
import { dropTree, keepHot, type TreeHolder } from './hotTrees';
import { mayBind, moduleEvents } from './scope';
import { RetiredFacts } from './retiredFacts';
import { blankMagics, segment, type RawChunk } from './segment';

/**
 * A copy of `s` that shares no memory with the string it was sliced from. V8 represents a slice of a long string as
 * a view that keeps the whole parent alive: facts and findings keep slices of their chunk's text for as long as the
 * chunk lives, so if that text were a view into the document, every chunk would pin the document version it was
 * parsed from (about one copy of the document per edit).
 */
export function ownCopy(s: string): string {
  return structuredClone(s);
}

export { CHUNK_KEYWORDS, DEFERRED_KEYWORDS } from './keywords';

/** Deferred facts (see `DEFERRED_KEYWORDS`), and those of them whose chunk has not been parsed yet. */
const deferred = new WeakSet<ChunkFacts>();
const unparsed = new WeakSet<ChunkFacts>();

/** Most chunks have no markers and no magics: they share one empty list (frozen: nothing adds to it). */
const NONE = Object.freeze([]) as unknown as number[];

function relative(offsets: number[], start: number): number[] {
  return offsets.length === 0 ? NONE : offsets.map(x => x - start);
}

/**
 * A top-level statement of a source. What it caches (its text copy, facts, name events) lives as long as the chunk:
 * bound, the chunks of the open sources, whose texts together are the open text.
 */
export class Chunk implements TreeHolder {
  /** Its text as an own copy (see `ownCopy`), made on first use; cleared when an edit changes the text. */
  own: string | undefined;
  tree: Tree | undefined;
  treeText: string | undefined;
  facts: ChunkFacts | undefined;
  names: Map<string, NameEvent[]> | undefined;
  /** Set when the chunk was edited in place: its next parse may reuse the hot tree. */
  edited = false;
  /** Why it has no tree (refused, abandoned, or the parser failed on it): no facts until it changes. */
  problem: ParseProblem | undefined;
  /** The hot tree was parsed from the current text (false after `tree.edit`, until the next parse). */
  treeFresh = false;
  /** What the analyzer made of the chunk's calls (analyzePython.ts), checked against `facts`. */
  analysis: unknown = undefined;
  /** Counts edits made in place (a chunk an edit replaces is a new object): what caches of its content compare. */
  version = 0;

  constructor(
    public start: number,
    public end: number,
    /** Suppression-marker comments, [start, end) pairs relative to `start`. */
    public markers: number[],
    /** IPython magic lines, [start, end) pairs relative to `start`. */
    public magics: number[],
  ) {}

  static from(raw: RawChunk): Chunk {
    return new Chunk(raw.start, raw.end, relative(raw.markers, raw.start), relative(raw.magics, raw.start));
  }
}

export interface SourceOptions {
  ipython?: boolean;
}

export class PythonSource {
  text: string;
  chunks: Chunk[];
  readonly ipython: boolean;
  /** Inside a `batch`: trees parsed during it (made on the first parse) are shared, and deleted at its end. */
  private inBatch = false;
  private scoped: Map<Chunk, { tree: Tree; text: string }> | null = null;
  /** Facts of replaced chunks, for when their text comes back. */
  private readonly retired = new RetiredFacts();
  /** Chunks of the last batch that found the parser restarting (another text made it fail): tried again next time. */
  private missed = new Set<Chunk>();
  /** Some chunk got a problem once (so `incompleteFindings` looks). */
  private hadProblems = false;

  constructor(text: string, options: SourceOptions = {}) {
    this.text = text;
    this.ipython = options.ipython === true;
    this.chunks = segment(text, 0, { ipython: this.ipython }).chunks.map(Chunk.from);
  }

  /** Index of the chunk holding `offset` (the last chunk for the end of the text). */
  chunkIndexAt(offset: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The chunk's text, as an own copy: facts and findings may keep slices of it (see `ownCopy`). */
  chunkText(c: Chunk): string {
    return (c.own ??= ownCopy(this.text.slice(c.start, c.end)));
  }

  /** The chunk's text as a view into the source text, for a look that keeps nothing. */
  private peek(c: Chunk): string {
    return c.own ?? this.text.slice(c.start, c.end);
  }

  /**
   * Replaces [start, oldEnd) with `inserted`. Offsets are UTF-16 code units in the current text. `newText`, when
   * the caller already has the edited text (a TextDocument), is used instead of building another copy.
   */
  applyChange(start: number, oldEnd: number, inserted: string, newText?: string): void {
    const old = this.text;
    start = Math.max(0, Math.min(start, old.length));
    oldEnd = Math.max(start, Math.min(oldEnd, old.length));
    const text = newText !== undefined && newText.length === old.length - (oldEnd - start) + inserted.length
      ? newText
      : old.slice(0, start) + inserted + old.slice(oldEnd);
    const delta = inserted.length - (oldEnd - start);
    const newEnd = start + inserted.length;
    this.text = text;

    let a = this.chunkIndexAt(start);
    // An edit on a chunk's first line can merge it into the chunk before (indentation, `else:`, a decorator…).
    if (a > 0) {
      const first = this.chunks[a];
      const lineBreak = old.slice(first.start, start).search(/[\r\n]/);
      if (lineBreak < 0) a--;
    }
    let b = this.chunkIndexAt(oldEnd);
    // The old chunk starts after the edited range, in new coordinates, are where segmentation may line up again.
    let k = b + 1;
    const resync = (pos: number): boolean => {
      if (pos < newEnd) return false;
      while (k < this.chunks.length && this.chunks[k].start + delta < pos) k++;
      return k < this.chunks.length && this.chunks[k].start + delta === pos;
    };
    const from = this.chunks[a].start;
    const { chunks: fresh, resyncAt } = segment(text, from, { ipython: this.ipython }, resync);
    if (resyncAt === null) k = this.chunks.length;
    b = k - 1;
    const replaced = this.chunks.slice(a, b + 1);
    const created = fresh.map(Chunk.from);
    // One chunk edited in place: keep its hot tree for an incremental reparse.
    if (replaced.length === 1 && created.length === 1 && replaced[0].tree && replaced[0].treeText !== undefined) {
      const c = replaced[0];
      const n = created[0];
      const sameMagics = c.magics.length === 0 && n.magics.length === 0;
      const relStart = start - c.start;
      const relOldEnd = oldEnd - c.start;
      if (sameMagics && relStart >= 0 && relOldEnd <= c.treeText!.length) {
        const oldText = c.treeText!;
        const newText = text.slice(n.start, n.end);
        c.tree!.edit({
          startIndex: relStart,
          oldEndIndex: relOldEnd,
          newEndIndex: relStart + inserted.length,
          startPosition: pointAt(oldText, relStart),
          oldEndPosition: pointAt(oldText, relOldEnd),
          newEndPosition: pointAt(newText, relStart + inserted.length),
        });
        // The edited tree now uses the new text's coordinates; the next parse brings it up to date.
        c.treeText = newText;
        c.treeFresh = false;
        c.start = n.start;
        c.end = n.end;
        c.markers = n.markers;
        c.magics = n.magics;
        c.own = undefined;
        c.facts = undefined;
        c.names = undefined;
        c.edited = true;
        c.problem = undefined;
        c.version++;
        created[0] = c;
        replaced.length = 0;
      }
    }
    for (const r of replaced) {
      if (r.facts && r.facts !== EMPTY_FACTS && !unparsed.has(r.facts) && r.magics.length === 0) {
        this.retired.keep({ text: r.own ?? ownCopy(old.slice(r.start, r.end)), facts: r.facts, names: r.names }, text.length);
      }
      dropTree(r);
    }
    for (const c of created) if (c !== replaced[0]) c.edited = true;
    for (let i = b + 1; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      c.start += delta;
      c.end += delta;
    }
    this.chunks.splice(a, b - a + 1, ...created);
  }

  /** Whether the chunk's text has a keyword worth a parse now ('now'), only when its handlers are read, or none. */
  private interest(c: Chunk): 'now' | 'deferred' | 'none' {
    const t = this.peek(c);
    if (CHUNK_KEYWORDS.some(k => t.includes(k))) return 'now';
    return DEFERRED_KEYWORDS.some(k => t.includes(k)) ? 'deferred' : 'none';
  }

  /**
   * Runs `fn` with trees shared between every lookup it makes (one parse per chunk), then deletes the trees that
   * are not hot. Nested calls join the outer batch.
   */
  batch<T>(fn: () => T): T {
    if (this.inBatch) return fn();
    this.inBatch = true;
    if (this.missed.size) this.missed = new Set();
    try {
      return fn();
    } finally {
      for (const [c, p] of this.scoped ?? []) if (c.tree !== p.tree) freeTree(p.tree);
      this.scoped = null;
      this.inBatch = false;
    }
  }

  /** Parses the chunk (incrementally when its tree is hot). The caller deletes the tree only when `keep` is false. */
  private parse(c: Chunk): { tree: Tree; text: string; keep: boolean } | undefined {
    if (c.problem) return undefined;
    const shared = this.scoped?.get(c);
    if (shared) return { ...shared, keep: true };
    const text = blankMagics(this.chunkText(c), c.magics);
    if (c.edited && c.tree && c.treeFresh && c.treeText === text) return { tree: c.tree, text, keep: true };
    const reuse = c.edited && c.tree && c.treeText !== undefined ? c.tree : undefined;
    let result = parsePythonChecked(text, reuse);
    // tree-sitter's error recovery depends on the old tree: an incremental parse of broken code can recover
    // differently from a fresh one (a statement inside an unclosed string in one, outside it in the other). Keep
    // incremental results only when error-free, so that what the user sees never depends on the edit history.
    if (result.tree && reuse && result.tree.rootNode.hasError) {
      freeTree(result.tree);
      result = parsePythonChecked(text);
    }
    const tree = result.tree;
    if (!tree) {
      if (result.problem.kind === 'unavailable') this.missed.add(c);
      else {
        c.problem = result.problem;
        this.hadProblems = true;
      }
      return undefined;
    }
    if (c.edited) {
      keepHot(c, tree, text);
      c.treeFresh = true;
      return { tree, text, keep: true };
    }
    if (this.inBatch) {
      (this.scoped ??= new Map()).set(c, { tree, text });
      return { tree, text, keep: true };
    }
    return { tree, text, keep: false };
  }

  /** The facts of chunk `c` (parsed on first use). Offsets are relative to the chunk. */
  facts(c: Chunk): ChunkFacts {
    if (c.facts) return c.facts;
    if (c.magics.length === 0) {
      const back = this.retired.get(this.peek(c));
      if (back) {
        c.own = back.text;
        c.facts = back.facts;
        c.names = back.names;
        return c.facts;
      }
    }
    const interest = this.interest(c);
    if (interest === 'none') {
      c.facts = EMPTY_FACTS;
      return c.facts;
    }
    if (interest === 'deferred') return (c.facts = this.deferredFacts(c));
    return this.parsedFacts(c);
  }

  /**
   * Facts with no calls, whose handlers and functions are parsed on first read. They are read right after
   * `facts(c)` returns them (resolveModule), while the chunk still has the text they describe.
   */
  private deferredFacts(c: Chunk): ChunkFacts {
    let full: ChunkFacts | undefined;
    const read = (): ChunkFacts => {
      if (full) return full;
      // Read after an edit changed the chunk: they describe text that is gone.
      if (c.facts !== facts) return EMPTY_FACTS;
      full = this.parsedFacts(c);
      // The chunk keeps these (same identity for the rule caches; their calls stay empty, no rule reads them).
      c.facts = facts;
      unparsed.delete(facts);
      return full;
    };
    const facts: ChunkFacts = { calls: [], get handlers() { return read().handlers; }, get functions() { return read().functions; } };
    deferred.add(facts);
    unparsed.add(facts);
    return facts;
  }

  /** Parses the chunk and extracts its facts (cached on the chunk). */
  private parsedFacts(c: Chunk): ChunkFacts {
    const parsed = this.parse(c);
    if (!parsed) {
      if (this.missed.has(c)) return EMPTY_FACTS;
      c.facts = EMPTY_FACTS;
      return c.facts;
    }
    const generation = parserGeneration();
    try {
      c.facts = extractFacts(parsed.tree, parsed.text);
    } catch (e) {
      // A string literal parsed on the way (a source given as text) made the parser fail: the tree is gone.
      if (parserGeneration() === generation) throw e;
      c.facts = EMPTY_FACTS;
    } finally {
      if (!parsed.keep) freeTree(parsed.tree);
    }
    if (parserGeneration() !== generation) {
      c.problem ??= { kind: 'crash', reason: 'the Python parser failed on a string in it (it was restarted for the other files)' };
      this.hadProblems = true;
    }
    return c.facts;
  }

  /**
   * MLS012 for each chunk the last analysis could not read in full (refused, abandoned, or the parser failed on
   * it), at the chunk's first line. `module` is the source's index in its document.
   */
  incompleteFindings(module: number): Finding[] {
    const out: Finding[] = [];
    if (!this.hadProblems && this.missed.size === 0) return out;
    for (const c of this.chunks) {
      // A chunk parsed only for its handlers holds nothing a rule reads: nothing is missing.
      if (c.facts && deferred.has(c.facts)) continue;
      const reason = c.problem?.reason ?? (this.missed.has(c) ? 'the Python parser was restarting' : undefined);
      if (reason) out.push(incompleteFinding(module, firstLineSpan(this.text, c.start), 'This statement', reason));
    }
    return out;
  }

  /** Module-level bindings and mutations of `name` in chunk `c` (relative offsets). */
  nameEvents(c: Chunk, name: string): NameEvent[] {
    c.names ??= new Map();
    const cached = c.names.get(name);
    if (cached) return cached;
    let events: NameEvent[] = [];
    const text = this.peek(c);
    if (text.includes(name) && mayBind(text, name)) {
      const parsed = this.parse(c);
      if (parsed) {
        try {
          events = moduleEvents(parsed.tree.rootNode, parsed.text, name);
        } finally {
          if (!parsed.keep) freeTree(parsed.tree);
        }
      } else if (this.missed.has(c)) {
        return events;
      }
    }
    c.names.set(name, events);
    return events;
  }

  /**
   * Runs `fn` with a tree of the chunk holding `offset` (for hover, completion, code actions). The tree is
   * deleted afterwards unless it is hot. Offsets given to `fn` are relative to the chunk start `base`.
   */
  withTreeAt<T>(offset: number, fn: (tree: Tree, text: string, base: number) => T): T | undefined {
    const c = this.chunks[this.chunkIndexAt(offset)];
    const parsed = this.parse(c);
    if (!parsed) return undefined;
    try {
      return fn(parsed.tree, parsed.text, c.start);
    } finally {
      if (!parsed.keep) freeTree(parsed.tree);
    }
  }

  /** Frees every tree this source holds. */
  dispose(): void {
    for (const c of this.chunks) dropTree(c);
  }
}
