/**
 * The workspace's key usage index: for each document (open documents and notebooks from their live analysis,
 * closed files from disk), the places it names a project secret key, as LSP locations. Open documents shadow their
 * disk state; closing one brings the disk state back.
 *
 * Bounded: at most MAX_USAGES_PER_FILE usages per document and MAX_USAGES in all (about 200 bytes each, so some
 * 20 MB at worst). Past the bound, further documents are left out and `truncated` says so; nothing else is kept
 * (key names and ranges only, never the text).
 */
import type { Range } from 'vscode-languageserver';
import type { UsageKind } from './extract';

export const MAX_USAGES_PER_FILE = 1_000;
export const MAX_USAGES = 100_000;

export interface IndexedUsage {
  key: string;
  kind: UsageKind;
  /** The document holding it (a notebook cell's URI for an open notebook). */
  uri: string;
  /** The key's string literal. */
  range: Range;
  /** Between the quotes when the literal spells the key exactly (what a rename rewrites); null otherwise. */
  content: Range | null;
}

/** What a workspace index answers about one file (open, or as on disk). */
interface FileEntry {
  usages: IndexedUsage[];
  /** Key names, sorted, to tell whether a change matters to the tree. */
  signature: string;
}

function signatureOf(usages: readonly IndexedUsage[]): string {
  return usages.map(u => `${u.kind}:${u.key}`).sort().join('\0');
}

export class KeyIndex {
  private readonly open = new Map<string, FileEntry>();
  private readonly disk = new Map<string, FileEntry>();
  /** Documents open in the editor: their disk entries do not count (even when the open one is empty). */
  private readonly openOwners = new Set<string>();
  private total = 0;
  private readonly cut = new Set<string>();
  private readonly listeners: (() => void)[] = [];

  /** True when a document's usages were left out or cut short by the bound. */
  get truncated(): boolean {
    return this.cut.size > 0;
  }

  /** Called whenever the keys the workspace names (or how often, or where) change. */
  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** What counts for a document now. */
  private effective(owner: string): string {
    return (this.openOwners.has(owner) ? this.open.get(owner) : this.disk.get(owner))?.signature ?? '';
  }

  private update(owner: string, change: () => void): void {
    const before = this.effective(owner);
    change();
    if (this.effective(owner) !== before) for (const l of this.listeners) l();
  }

  private put(map: Map<string, FileEntry>, owner: string, usages: IndexedUsage[]): void {
    const tag = `${map === this.open ? 'o' : 'd'}${owner}`;
    this.total -= map.get(owner)?.usages.length ?? 0;
    map.delete(owner);
    this.cut.delete(tag);
    let kept = usages.length > MAX_USAGES_PER_FILE ? usages.slice(0, MAX_USAGES_PER_FILE) : usages;
    if (this.total + kept.length > MAX_USAGES) kept = [];
    if (kept.length < usages.length) this.cut.add(tag);
    if (kept.length) map.set(owner, { usages: kept, signature: signatureOf(kept) });
    this.total += kept.length;
  }

  /** The usages of an open document or notebook (by its URI), from its latest analysis. */
  setOpen(owner: string, usages: IndexedUsage[]): void {
    this.update(owner, () => {
      this.openOwners.add(owner);
      this.put(this.open, owner, usages);
    });
  }

  /** A document closed: its disk state (if indexed) counts again. */
  closeOpen(owner: string): void {
    if (!this.openOwners.has(owner)) return;
    this.update(owner, () => {
      this.openOwners.delete(owner);
      this.put(this.open, owner, []);
    });
  }

  setDisk(uri: string, usages: IndexedUsage[]): void {
    this.update(uri, () => this.put(this.disk, uri, usages));
  }

  deleteDisk(uri: string): void {
    this.setDisk(uri, []);
  }

  /** Usages by owner document: open documents as they are, closed files as on disk. */
  *byOwner(): Iterable<[string, readonly IndexedUsage[]]> {
    for (const [owner, e] of this.open) yield [owner, e.usages];
    for (const [uri, e] of this.disk) if (!this.openOwners.has(uri)) yield [uri, e.usages];
  }

  /** Number of usages that count (for tests of the bound). */
  get size(): number {
    let n = 0;
    for (const [, u] of this.byOwner()) n += u.length;
    return n;
  }
}
