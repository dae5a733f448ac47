/**
 * Facts of chunks that edits replaced, by their text: when the same text comes back (undo, or closing the quote
 * that had turned the rest of the file into one string), its facts return without a parse. One per source.
 */
import type { ChunkFacts, NameEvent } from './facts';

/**
 * Bound, in characters of the kept chunk texts, oldest out first: as many as the source holds (enough to bring back
 * every chunk an unclosed quote swallowed), plus 4 K so that a small source keeps its last few versions for undo.
 * Memory stays proportional to the open text.
 */
const SLACK_CHARS = 4 * 1024;

export interface Retired {
  /** The chunk text (an own copy: the facts keep slices of it). */
  text: string;
  facts: ChunkFacts;
  names: Map<string, NameEvent[]> | undefined;
}

export class RetiredFacts {
  private readonly byText = new Map<string, Retired>();
  private chars = 0;

  /** Keeps `entry`; `sourceChars` is the current size of the source (the bound follows it). */
  keep(entry: Retired, sourceChars: number): void {
    const max = sourceChars + SLACK_CHARS;
    if (entry.text.length > max / 4 || this.byText.has(entry.text)) return;
    this.byText.set(entry.text, entry);
    this.chars += entry.text.length;
    for (const key of this.byText.keys()) {
      if (this.chars <= max) break;
      this.byText.delete(key);
      this.chars -= key.length;
    }
  }

  get(text: string): Retired | undefined {
    return this.byText.size ? this.byText.get(text) : undefined;
  }
}
