/**
 * A Python source kept as chunks (top-level statements, see segment.ts), each parsed and read only when its text
 * holds a keyword, and cached until an edit touches it. `applyChange` re-segments from the edited chunk until the
 * old chunk boundaries line up again, shifts the chunks after it, and reparses the edited chunk incrementally
 * (`tree.edit` + `parse(text, oldTree)`) when it stays one chunk and its tree is hot; an incremental result with
 * syntax errors is replaced by a fresh parse (see `parse`).
 */
import { parsePython, type Tree } from '../parser';
import { EMPTY_FACTS, type ChunkFacts, type NameEvent } from './facts';
import { extractFacts } from './extract';
import { CHUNK_KEYWORDS } from './keywords';
import { dropTree, keepHot, type TreeHolder } from './hotTrees';
import { mayBind, moduleEvents } from './scope';
import { segment, type RawChunk } from './segment';

/** Characters of retired chunk texts kept per source (with their facts). */
const RETIRED_MAX_CHARS = 4 * 1024 * 1024;

export { CHUNK_KEYWORDS } from './keywords';

export class Chunk implements TreeHolder {
  tree: Tree | undefined;
  treeText: string | undefined;
  facts: ChunkFacts | undefined;
  names: Map<string, NameEvent[]> | undefined;
  /** Set when the chunk was edited in place: its next parse may reuse the hot tree. */
  edited = false;
  /** Its parse was abandoned (time budget): no facts until it changes. */
  failed = false;
  /** The hot tree was parsed from the current text (false after `tree.edit`, until the next parse). */
  treeFresh = false;

  constructor(
    public start: number,
    public end: number,
    /** Suppression-marker comments, [start, end) pairs relative to `start`. */
    public markers: number[],
    /** IPython magic lines, [start, end) pairs relative to `start`. */
    public magics: number[],
  ) {}

  static from(raw: RawChunk): Chunk {
    return new Chunk(raw.start, raw.end, raw.markers.map(x => x - raw.start), raw.magics.map(x => x - raw.start));
  }
}

/** Row/column of `offset` in `text`, counting only "\n" (as tree-sitter does), column in UTF-16 units. */
function point(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  let i = text.indexOf('\n');
  while (i >= 0 && i < offset) {
    row++;
    lineStart = i + 1;
    i = text.indexOf('\n', i + 1);
  }
  return { row, column: offset - lineStart };
}

function blankMagics(text: string, magics: number[]): string {
  if (magics.length === 0) return text;
  let out = '';
  let at = 0;
  for (let k = 0; k < magics.length; k += 2) {
    out += text.slice(at, magics[k]) + text.slice(magics[k], magics[k + 1]).replace(/[^\r\n]/g, ' ');
    at = magics[k + 1];
  }
  return out + text.slice(at);
}

export interface SourceOptions {
  ipython?: boolean;
}

export class PythonSource {
  text: string;
  chunks: Chunk[];
  readonly ipython: boolean;
  /** Trees parsed during one `batch` (shared by facts, name lookups and tree queries), deleted at its end. */
  private scoped: Map<Chunk, { tree: Tree; text: string }> | null = null;
  /**
   * Facts of chunks that edits replaced, by their text: when the same text comes back (undo, or closing the quote
   * that had turned the rest of the file into one string), its facts return without a parse.
   */
  private readonly retired = new Map<string, { facts: ChunkFacts; names: Map<string, NameEvent[]> | undefined }>();
  private retiredChars = 0;

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

  chunkText(c: Chunk): string {
    return this.text.slice(c.start, c.end);
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
          startPosition: point(oldText, relStart),
          oldEndPosition: point(oldText, relOldEnd),
          newEndPosition: point(newText, relStart + inserted.length),
        });
        // The edited tree now uses the new text's coordinates; the next parse brings it up to date.
        c.treeText = newText;
        c.treeFresh = false;
        c.start = n.start;
        c.end = n.end;
        c.markers = n.markers;
        c.magics = n.magics;
        c.facts = undefined;
        c.names = undefined;
        c.edited = true;
        c.failed = false;
        created[0] = c;
        replaced.length = 0;
      }
    }
    for (const r of replaced) {
      if (r.facts && r.magics.length === 0) this.retire(old.slice(r.start, r.end), r);
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

  private retire(text: string, c: Chunk): void {
    if (text.length > RETIRED_MAX_CHARS / 4 || this.retired.has(text)) return;
    this.retired.set(text, { facts: c.facts!, names: c.names });
    this.retiredChars += text.length;
    for (const key of this.retired.keys()) {
      if (this.retiredChars <= RETIRED_MAX_CHARS) break;
      this.retired.delete(key);
      this.retiredChars -= key.length;
    }
  }

  /** True when the chunk's text has a keyword worth a parse. */
  private interesting(c: Chunk): boolean {
    const t = this.chunkText(c);
    return CHUNK_KEYWORDS.some(k => t.includes(k));
  }

  /**
   * Runs `fn` with trees shared between every lookup it makes (one parse per chunk), then deletes the trees that
   * are not hot. Nested calls join the outer batch.
   */
  batch<T>(fn: () => T): T {
    if (this.scoped) return fn();
    this.scoped = new Map();
    try {
      return fn();
    } finally {
      for (const [c, p] of this.scoped) if (c.tree !== p.tree) p.tree.delete();
      this.scoped = null;
    }
  }

  /** Parses the chunk (incrementally when its tree is hot). The caller deletes the tree only when `keep` is false. */
  private parse(c: Chunk): { tree: Tree; text: string; keep: boolean } | undefined {
    if (c.failed) return undefined;
    const shared = this.scoped?.get(c);
    if (shared) return { ...shared, keep: true };
    const text = blankMagics(this.chunkText(c), c.magics);
    if (c.edited && c.tree && c.treeFresh && c.treeText === text) return { tree: c.tree, text, keep: true };
    const reuse = c.edited && c.tree && c.treeText !== undefined ? c.tree : undefined;
    let tree = parsePython(text, reuse);
    // tree-sitter's error recovery depends on the old tree: an incremental parse of broken code can recover
    // differently from a fresh one (a statement inside an unclosed string in one, outside it in the other). Keep
    // incremental results only when error-free, so that what the user sees never depends on the edit history.
    if (tree && reuse && tree.rootNode.hasError) {
      tree.delete();
      tree = parsePython(text);
    }
    if (!tree) {
      c.failed = true;
      return undefined;
    }
    if (c.edited) {
      keepHot(c, tree, text);
      c.treeFresh = true;
      return { tree, text, keep: true };
    }
    if (this.scoped) {
      this.scoped.set(c, { tree, text });
      return { tree, text, keep: true };
    }
    return { tree, text, keep: false };
  }

  /** The facts of chunk `c` (parsed on first use). Offsets are relative to the chunk. */
  facts(c: Chunk): ChunkFacts {
    if (c.facts) return c.facts;
    if (c.magics.length === 0 && this.retired.size) {
      const back = this.retired.get(this.chunkText(c));
      if (back) {
        c.facts = back.facts;
        c.names = back.names;
        return c.facts;
      }
    }
    if (!this.interesting(c)) {
      c.facts = EMPTY_FACTS;
      return c.facts;
    }
    const parsed = this.parse(c);
    if (!parsed) {
      c.facts = EMPTY_FACTS;
      return c.facts;
    }
    try {
      c.facts = extractFacts(parsed.tree, parsed.text);
    } finally {
      if (!parsed.keep) parsed.tree.delete();
    }
    return c.facts;
  }

  /** Module-level bindings and mutations of `name` in chunk `c` (relative offsets). */
  nameEvents(c: Chunk, name: string): NameEvent[] {
    c.names ??= new Map();
    const cached = c.names.get(name);
    if (cached) return cached;
    let events: NameEvent[] = [];
    const text = this.chunkText(c);
    if (text.includes(name) && mayBind(text, name)) {
      const parsed = this.parse(c);
      if (parsed) {
        try {
          events = moduleEvents(parsed.tree.rootNode, parsed.text, name);
        } finally {
          if (!parsed.keep) parsed.tree.delete();
        }
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
      if (!parsed.keep) parsed.tree.delete();
    }
  }

  /** Frees every tree this source holds. */
  dispose(): void {
    for (const c of this.chunks) dropTree(c);
  }
}
