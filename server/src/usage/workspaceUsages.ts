/**
 * Keeps the key usage index (keyIndex.ts) current: open documents from each analysis the server publishes, closed
 * files from disk (every file of every folder, listed once like the workspace scan — `.gitignore`, excludes and
 * the size cap respected — and kept current as files change, are created or deleted). Indexing the disk does not
 * publish diagnostics: that stays the Scan Workspace command's job.
 */
import * as path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { documentKind } from '../analysis/analyzeFile';
import { unitRanger } from '../features/diskDiagnostics';
import { rangeOf } from '../features/convert';
import { recordCalls, type AnalysisRecord } from '../features/analysisRecord';
import type { ServerState } from '../state';
import type { DiskTexts } from '../workspace/diskTexts';
import { fileUri, toFsPath, type Folder } from '../workspace/folders';
import { listFiles } from '../workspace/listFiles';
import { fileUsages, markdownUsages, moduleUsages, yamlUsages, type Usage } from './extract';
import { KeyIndex, type IndexedUsage } from './keyIndex';

const YIELD_EVERY = 25;
/**
 * An open document's usages are indexed once typing pauses this long (and at the latest MAX_WAIT_MS after its first
 * unindexed edit), or at once when something asks the index. Indexing resolves the calls of the whole module, which
 * costs more than the edit's own, incremental diagnostics: it must not sit on the edit path.
 */
const IDLE_MS = 300;
const MAX_WAIT_MS = 2_000;

function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

export class WorkspaceUsages {
  readonly index = new KeyIndex();
  private indexing: Promise<void> | undefined;
  private generation = 0;
  /** Files (fs paths) indexed from disk, by folder URI. */
  private readonly files = new Map<string, Set<string>>();

  /** Open documents' latest analyses not indexed yet, by record key (bounded by the open documents). */
  private readonly pending = new Map<string, AnalysisRecord>();
  private idleTimer: NodeJS.Timeout | undefined;
  private pendingSince = 0;

  constructor(private readonly state: ServerState, private readonly texts: DiskTexts) {}

  /** The usages of a document the server just analysed (open documents and notebooks): indexed when typing pauses. */
  onAnalyzed(record: AnalysisRecord): void {
    if (this.pending.size === 0) this.pendingSince = Date.now();
    this.pending.set(record.key, record);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const wait = Math.max(0, Math.min(IDLE_MS, this.pendingSince + MAX_WAIT_MS - Date.now()));
    this.idleTimer = setTimeout(() => this.flushPending(), wait);
  }

  /** Indexes the open documents analysed since the last flush (before any answer from the index). */
  flushPending(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const records = [...this.pending.values()];
    this.pending.clear();
    for (const record of records) {
      // A document closed (or analysed anew) since: its sources may be gone; the newer record is pending itself.
      if (this.state.analyses.get(record.key) !== record) continue;
      this.index.setOpen(record.key, record.excluded ? [] : this.recordUsages(record));
    }
  }

  /** The server shuts down: no timer keeps it alive. */
  dispose(): void {
    this.pending.clear();
    this.flushPending();
  }

  private recordUsages(record: AnalysisRecord): IndexedUsage[] {
    let usages: Usage[];
    if (record.kind === 'markdown') usages = markdownUsages(record.modules[0]!.doc.getText());
    else if (record.kind === 'yaml') usages = yamlUsages(record.modules[0]!.doc.getText());
    else usages = moduleUsages(recordCalls(record));
    return usages.map(u => {
      const m = record.modules[u.unit] ?? record.modules[0]!;
      return { key: u.key, kind: u.kind, uri: m.uri, range: rangeOf(m.doc, u.span), content: u.content && rangeOf(m.doc, u.content) };
    });
  }

  /** An open document closed: what is on disk counts again (read anew: the editor may not have saved it). */
  onClosed(uri: string): void {
    this.pending.delete(uri);
    this.index.closeOpen(uri);
    const fsPath = toFsPath(uri);
    if (fsPath && this.indexing) {
      this.texts.forget(fsPath);
      void this.indexFile(fsPath);
    }
  }

  private async indexFile(fsPath: string): Promise<void> {
    const uri = fileUri(fsPath);
    const folder = this.state.folders.of(uri);
    const kind = documentKind(fsPath);
    if (!folder || !kind || !this.files.get(folder.uri)?.has(fsPath)) return;
    const config = await this.state.configs.get(folder.uri, folder.fsPath);
    const text = config.excluded(fsPath) ? undefined : this.texts.read(fsPath);
    if (text === undefined || text === null) {
      this.index.deleteDisk(uri);
      return;
    }
    try {
      const { units, usages } = fileUsages(kind, text);
      const range = unitRanger(units);
      this.index.setDisk(uri, usages.map(u => ({ key: u.key, kind: u.kind, uri, range: range(u.unit, u.span), content: u.content && range(u.unit, u.content) })));
    } catch (e) {
      this.index.deleteDisk(uri);
      this.state.log(`MLRun Secrets: cannot index the keys of ${fsPath}: ${(e as Error).message}`);
    }
  }

  /** Lists and indexes every folder's files (once; again after `invalidate`). Resolves when done. */
  async ready(): Promise<void> {
    this.indexing ??= this.indexAll(++this.generation);
    await this.indexing;
    this.flushPending();
  }

  /** Folders, excludes or `.gitignore` changed: list again (only if the index was ever asked for). */
  invalidate(): void {
    if (!this.indexing) return;
    this.indexing = this.indexAll(++this.generation);
  }

  private async indexAll(generation: number): Promise<void> {
    await this.state.ready;
    const seen = new Set<string>();
    for (const folder of this.state.folders.all()) {
      const list = await this.folderFiles(folder);
      if (generation !== this.generation) return;
      this.files.set(folder.uri, new Set(list));
      let i = 0;
      for (const fsPath of list) {
        seen.add(fileUri(fsPath));
        await this.indexFile(fsPath);
        if (++i % YIELD_EVERY === 0) await yieldToEventLoop();
        if (generation !== this.generation) return;
      }
    }
    for (const f of [...this.files.keys()]) if (!this.state.folders.all().some(x => x.uri === f)) this.files.delete(f);
    for (const [uri] of [...this.index.byOwner()]) if (!seen.has(uri) && !this.state.texts.has(uri) && !this.state.notebooks.has(uri)) this.index.deleteDisk(uri);
  }

  private async folderFiles(folder: Folder): Promise<string[]> {
    if (!folder.fsPath) return [];
    const config = await this.state.configs.get(folder.uri, folder.fsPath);
    const listed = await listFiles(folder.fsPath, { exclude: config.config.exclude, excludeBase: folder.fsPath });
    return listed.files;
  }

  /** Files changed on disk (the server's file watcher). */
  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    if (!this.indexing) return;
    let relist = false;
    for (const change of changes) {
      const fsPath = toFsPath(change.uri);
      if (!fsPath) continue;
      const base = fsPath.split(/[\\/]/).pop();
      if (base === '.gitignore' || base === '.mlrun-secrets.json') { relist = true; continue; }
      const folder = this.state.folders.of(change.uri);
      if (!folder) continue;
      const known = this.files.get(folder.uri);
      if (change.type === FileChangeType.Deleted) {
        // A deleted folder is one event: everything under it goes.
        for (const f of [...known ?? []]) {
          if (f === fsPath || f.startsWith(fsPath + path.sep)) {
            known?.delete(f);
            this.index.deleteDisk(fileUri(f));
          }
        }
        this.index.deleteDisk(fileUri(fsPath));
      } else if (change.type === FileChangeType.Created && !known?.has(fsPath)) {
        relist = true;
      } else {
        await this.indexFile(fsPath);
      }
    }
    if (relist) this.invalidate();
  }
}
