/**
 * "MLRun Secrets: Scan Workspace": analyses every file of every folder (respecting .gitignore and excludes) with
 * work-done progress and cancellation, publishes diagnostics for closed files from their disk state, and keeps
 * them current as files change on disk (didChangeWatchedFiles).
 */
import * as path from 'node:path';
import { FileChangeType, LSPErrorCodes, ResponseError, type CancellationToken, type FileEvent, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { CONFIG_FILE, maxFileBytes } from '../../../shared/src/config';
import type { FileFact, ScanWorkspace } from '../../../shared/src/protocol';
import { analyzeText, documentKind, type FileAnalysis } from '../analysis/analyzeFile';
import { applyConfig } from '../analysis/configure';
import { isPythonReady } from '../analysis/parser';
import type { ServerState } from '../state';
import { DiskTexts } from '../workspace/diskTexts';
import { FileFactsCache } from '../workspace/fileFacts';
import type { FolderConfig } from '../workspace/folderConfig';
import { fileUri, toFsPath, type Folder } from '../workspace/folders';
import { listFiles } from '../workspace/listFiles';
import { unreadAnalysis } from '../workspace/notAnalysed';
import type { Diagnostics } from './diagnostics';
import { diskDiagnostics } from './diskDiagnostics';
import { diskImports } from './workspaceImports';

const YIELD_EVERY = 25;

function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

export class WorkspaceScan {
  /** Links are followed only inside the file's workspace folder. */
  readonly texts = new DiskTexts(p => this.state.folders.of(fileUri(p))?.fsPath ?? undefined);
  /** Files (fs paths) the scan covers, by folder URI (bound: the analysable files of the workspace folders). */
  private readonly files = new Map<string, Set<string>>();
  /** URIs that have disk diagnostics published (bound: those files). */
  private readonly withDiagnostics = new Set<string>();
  private scanned = false;
  private relistTimer: NodeJS.Timeout | undefined;
  /** Bumped by each scan: an older scan still running stops (its work is stale). */
  private generation = 0;

  constructor(private readonly state: ServerState, private readonly diagnostics: Diagnostics) {}

  get hasScanned(): boolean {
    return this.scanned;
  }

  private isOpen(uri: string): boolean {
    return this.state.texts.has(uri) || this.state.notebooks.has(uri);
  }

  /** Analyses a file from disk. `missing` collects file-fact URIs still unknown. */
  analyzeDisk(fsPath: string, folder: Folder | undefined, config: FolderConfig, missing: Set<string>): FileAnalysis | undefined {
    const kind = documentKind(fsPath);
    if (!kind || config.excluded(fsPath)) return undefined;
    const loaded = this.texts.load(fsPath, false, maxFileBytes(config.config));
    if ('failure' in loaded) {
      // Not read (too large, not a regular file, a link out of the folder, unreadable): MLS012 says so.
      const skipped = unreadAnalysis(kind, loaded.failure);
      return skipped && { ...skipped, findings: applyConfig(skipped.findings, config.config) };
    }
    const text = loaded.text;
    if (text === null) return undefined;
    const fileFact = (p: string): FileFact | undefined => {
      const cands = FileFactsCache.candidates(p, fsPath, folder?.fsPath ?? null);
      for (const m of this.state.facts.missing(cands)) missing.add(m);
      return this.state.facts.lookup(cands);
    };
    try {
      const a = analyzeText(kind, text, { project: this.state.projectFor(fileUri(fsPath)), fileFact, fileName: path.basename(fsPath), imports: diskImports(this.state, fsPath, folder?.fsPath ?? null) });
      return { kind: a.kind, units: a.units, askedPaths: a.askedPaths, parsed: a.parsed, findings: applyConfig(a.findings, config.config), get modules() { return a.modules; } };
    } catch (e) {
      this.state.log(`MLRun Secrets: cannot analyse ${fsPath}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Publishes the disk diagnostics of a closed file; returns how many findings it has. */
  private publishDisk(fsPath: string, folder: Folder | undefined, config: FolderConfig, missing: Set<string>): number {
    const uri = fileUri(fsPath);
    if (this.isOpen(uri)) return this.state.analyses.get(uri)?.findings.length ?? 0;
    if (!isPythonReady()) {
      // Another file made the parser fail: publish this one once the fresh parser is ready.
      void this.state.ready.then(() => this.publishDisk(fsPath, folder, config, missing), () => undefined);
      return 0;
    }
    const analysis = this.analyzeDisk(fsPath, folder, config, missing);
    const diagnostics = analysis ? diskDiagnostics(uri, analysis, this.state.capabilities) : [];
    if (diagnostics.length || this.withDiagnostics.has(uri)) {
      void this.state.connection.sendDiagnostics({ uri, diagnostics });
      if (diagnostics.length) this.withDiagnostics.add(uri);
      else this.withDiagnostics.delete(uri);
    }
    return diagnostics.length;
  }

  private clearDisk(uri: string): void {
    if (this.withDiagnostics.delete(uri)) void this.state.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async folderFiles(folder: Folder, config: FolderConfig, isCancelled: () => boolean): Promise<string[]> {
    if (!folder.fsPath) return [];
    const listed = await listFiles(folder.fsPath, { exclude: config.config.exclude, excludeBase: folder.fsPath, isCancelled });
    for (const e of listed.errors) this.state.log(`MLRun Secrets: cannot read ${e}`);
    for (const w of listed.warnings) this.state.log(`MLRun Secrets: ${w}`);
    return listed.files;
  }

  async run(token: CancellationToken, progress: WorkDoneProgressServerReporter): Promise<ScanWorkspace.Result> {
    const started = performance.now();
    const generation = ++this.generation;
    await this.state.ready;
    progress.begin('MLRun Secrets: Scan Workspace', 0, 'Listing files…', true);
    const cancelledByUser = (): boolean => progress.token.isCancellationRequested || generation !== this.generation;
    const isCancelled = (): boolean => token.isCancellationRequested || cancelledByUser();
    let files = 0;
    let findings = 0;
    try {
      const work: { folder: Folder; config: FolderConfig; fsPath: string }[] = [];
      for (const folder of this.state.folders.all()) {
        const config = await this.state.configs.get(folder.uri, folder.fsPath);
        const list = await this.folderFiles(folder, config, isCancelled);
        this.files.set(folder.uri, new Set(list));
        for (const fsPath of list) work.push({ folder, config, fsPath });
      }
      // A listing cut short by cancellation is not a baseline to keep current.
      if (!isCancelled()) this.scanned = true;
      const missing = new Set<string>();
      const asking: typeof work = [];
      const counts = new Map<string, number>();
      for (let i = 0; i < work.length; i++) {
        if (isCancelled()) break;
        const w = work[i];
        if (!isPythonReady()) await this.state.ready;
        const before = missing.size;
        const n = this.publishDisk(w.fsPath, w.folder, w.config, missing);
        counts.set(w.fsPath, n);
        findings += n;
        if (missing.size > before) asking.push(w);
        files++;
        if (i % YIELD_EVERY === YIELD_EVERY - 1) {
          progress.report(Math.round((100 * (i + 1)) / work.length), `${i + 1} of ${work.length} files`);
          await yieldToEventLoop();
        }
      }
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The workspace scan was cancelled.');
      if (missing.size && !isCancelled()) {
        // MLS007: one question about every secrets file the code names, then those files once more.
        await this.state.facts.ask([...missing]);
        for (const w of asking) {
          findings += this.republish(w) - (counts.get(w.fsPath) ?? 0);
        }
      }
      return { files, findings, ms: Math.round(performance.now() - started), cancelled: cancelledByUser() };
    } finally {
      progress.done();
    }
  }

  private republish(w: { folder: Folder; config: FolderConfig; fsPath: string }): number {
    const uri = fileUri(w.fsPath);
    if (this.isOpen(uri)) return this.state.analyses.get(uri)?.findings.length ?? 0;
    return this.publishDisk(w.fsPath, w.folder, w.config, new Set());
  }

  /** A closed document falls back to its disk diagnostics when the scan covers it. */
  async onClosed(uri: string): Promise<void> {
    const fsPath = toFsPath(uri);
    if (!this.scanned || !fsPath) return;
    const folder = this.state.folders.of(uri);
    if (!folder || !this.files.get(folder.uri)?.has(fsPath)) return;
    const config = await this.state.configs.get(folder.uri, folder.fsPath);
    this.publishFresh(fsPath, folder, config);
  }

  onOpened(uri: string): void {
    // Live diagnostics replace the disk ones under the same URI; only the bookkeeping changes.
    this.withDiagnostics.delete(uri);
  }

  private publishFresh(fsPath: string, folder: Folder, config: FolderConfig): void {
    const missing = new Set<string>();
    this.publishDisk(fsPath, folder, config, missing);
    if (missing.size) {
      this.state.facts.ask([...missing]).then(() => this.publishDisk(fsPath, folder, config, new Set()), () => undefined);
    }
  }

  /** Re-publishes every scanned closed file (after settings, configuration or project keys change). */
  async refresh(folderUri?: string): Promise<void> {
    if (!this.scanned) return;
    for (const folder of this.state.folders.all()) {
      if (folderUri && folder.uri !== folderUri) continue;
      const config = await this.state.configs.get(folder.uri, folder.fsPath);
      let i = 0;
      for (const fsPath of this.files.get(folder.uri) ?? []) {
        this.publishFresh(fsPath, folder, config);
        if (++i % YIELD_EVERY === 0) await yieldToEventLoop();
      }
    }
  }

  /** Lists the folders again (new files, .gitignore or exclude changes) and updates what changed. */
  private async relist(): Promise<void> {
    for (const folder of this.state.folders.all()) {
      const config = await this.state.configs.get(folder.uri, folder.fsPath);
      const now = new Set(await this.folderFiles(folder, config, () => false));
      const before = this.files.get(folder.uri) ?? new Set<string>();
      for (const gone of before) if (!now.has(gone)) this.clearDisk(fileUri(gone));
      this.files.set(folder.uri, now);
      for (const f of now) if (!before.has(f)) this.publishFresh(f, folder, config);
    }
  }

  private scheduleRelist(): void {
    if (this.relistTimer) clearTimeout(this.relistTimer);
    this.relistTimer = setTimeout(() => {
      this.relistTimer = undefined;
      this.relist().catch(e => this.state.log(`MLRun Secrets: rescan failed: ${(e as Error).message}`));
    }, 300);
  }

  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    this.state.facts.clear();
    let configChanged = false;
    let relist = false;
    for (const change of changes) {
      const fsPath = toFsPath(change.uri);
      if (!fsPath) continue;
      this.texts.forget(fsPath);
      const base = fsPath.split(/[\\/]/).pop();
      if (base === CONFIG_FILE) {
        this.state.configs.invalidate(this.state.folders.of(change.uri)?.uri);
        configChanged = true;
        relist = true;
        continue;
      }
      if (base === '.gitignore') { relist = true; continue; }
      if (!this.scanned) continue;
      const folder = this.state.folders.of(change.uri);
      if (!folder) continue;
      const known = this.files.get(folder.uri);
      if (change.type === FileChangeType.Deleted) {
        known?.delete(fsPath);
        this.clearDisk(change.uri);
      } else if (change.type === FileChangeType.Created && !known?.has(fsPath)) {
        relist = true;
      } else if (known?.has(fsPath) && !this.isOpen(change.uri)) {
        this.publishFresh(fsPath, folder, await this.state.configs.get(folder.uri, folder.fsPath));
      }
    }
    // Secrets files may have appeared or changed: open documents ask again.
    this.diagnostics.scheduleAll();
    if (configChanged) await this.refresh();
    if (relist && this.scanned) this.scheduleRelist();
  }

  dispose(): void {
    if (this.relistTimer) clearTimeout(this.relistTimer);
  }
}
