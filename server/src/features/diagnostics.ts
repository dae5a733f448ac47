/**
 * Push diagnostics for open documents: changes only mark a document dirty; one pass per event-loop turn analyses
 * the dirty ones (so a burst of changes costs one analysis — stale work is dropped) and publishes. Secrets files
 * that code names are looked up asynchronously; their answer triggers one more pass.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { pythonCellText } from '../analysis/documents/notebook';
import { analyzeTextDocument } from '../analysis/analyzeFile';
import { applyConfig } from '../analysis/configure';
import { analyzePythonSources } from '../analysis/python/analyzePython';
import type { AnalyzerConfig } from '../../../shared/src/config';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/src/limits';
import type { FileFact } from '../../../shared/src/protocol';
import { tooLargeFinding } from '../analysis/incomplete';
import { parserGeneration } from '../analysis/parser';
import type { ServerState } from '../state';
import { FileFactsCache } from '../workspace/fileFacts';
import type { AnalysisRecord } from './analysisRecord';
import { sameDiagnostics, toDiagnostic } from './convert';
import { workspaceImports } from './workspaceImports';

/** MLS012 for an open document over the size limit (it is kept as text, never parsed). */
function tooLarge(firstText: string, characters: number) {
  return tooLargeFinding(firstText, characters, 'characters', DEFAULT_MAX_FILE_BYTES);
}

/** Bounds: `dirty`, `retried` and `published` hold open documents and notebooks only (`forget` drops them on close). */
export class Diagnostics {
  /** Open documents with changes not analysed yet (pending work). */
  private readonly dirty = new Set<string>();
  private scheduled = false;
  /** Bumped by every change; a pass waits while changes keep arriving (they are queued messages) for up to 20 ms. */
  private generation = 0;
  private seenGeneration = 0;
  private firstDirtyAt = 0;
  /** What each analysed cell last got, per notebook: to skip unchanged cells and clear removed ones. */
  private readonly published = new Map<string, Map<string, { version: number; diagnostics: Diagnostic[]; round: number }>>();
  private round = 0;
  /** Documents analysed again after the parser failed on them (once; bound: the open documents). */
  private readonly retried = new Set<string>();
  /** Called after each publish (for tests and the scan's bookkeeping). */
  onAnalyzed: ((record: AnalysisRecord) => void) | undefined;

  constructor(private readonly state: ServerState) {}

  /** Marks an open document (or notebook) for analysis in the next pass. */
  schedule(key: string): void {
    this.dirty.add(key);
    this.generation++;
    if (this.scheduled) return;
    this.scheduled = true;
    // -1: the first hop always waits one more turn, since the JSON-RPC connection handles each queued message in
    // its own turn, queued after ours.
    this.seenGeneration = -1;
    this.firstDirtyAt = performance.now();
    setImmediate(this.hop);
  }

  /**
   * One event-loop turn later: if more changes arrived meanwhile (a burst of queued didChange messages), wait
   * another turn so that the burst costs one analysis; never longer than 20 ms.
   */
  private readonly hop = (): void => {
    if (this.generation !== this.seenGeneration && performance.now() - this.firstDirtyAt < 20) {
      this.seenGeneration = this.generation;
      setImmediate(this.hop);
      return;
    }
    this.flush().catch(e => this.state.log(`MLRun Secrets: analysis failed: ${(e as Error).stack ?? e}`));
  };

  isDirty(key: string): boolean {
    return this.dirty.has(key);
  }

  scheduleAll(): void {
    for (const k of this.state.texts.keys()) this.schedule(k);
    for (const k of this.state.notebooks.keys()) this.schedule(k);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      // Resolved at once unless the previous document made the parser fail and a fresh one is loading.
      await this.state.ready;
      const config = await this.state.configFor(key);
      // The document may have changed or closed while the configuration loaded: a later pass has it.
      if (this.dirty.has(key)) continue;
      try {
        const generation = parserGeneration();
        const record = this.analyze(key, config.config, config.excluded);
        if (record) this.publish(record);
        // The parser failed on this document and was replaced: the parts analysed after the failure found it
        // restarting, so analyse it once more with the fresh one (the part it failed on is not parsed again).
        if (parserGeneration() === generation) this.retried.delete(key);
        else if (!this.retried.has(key)) {
          this.retried.add(key);
          void this.state.ready.then(() => this.schedule(key), () => undefined);
        }
      } catch (e) {
        // One document's failure must not keep the others from being analysed.
        this.state.log(`MLRun Secrets: analysis of ${key} failed: ${(e as Error).stack ?? e}`);
      }
    }
  }

  /** Analyses an open document or notebook now (the parser and its folder configuration must be ready). */
  analyze(key: string, config: AnalyzerConfig, excluded: (p: string) => boolean): AnalysisRecord | undefined {
    const text = this.state.texts.get(key);
    const notebook = this.state.notebooks.get(key);
    if (!text && !notebook) return undefined;
    const fsPath = this.state.fsPathOf(key);
    const isExcluded = fsPath !== null && excluded(fsPath);
    const folder = this.state.folderOf(key);
    const missing: string[] = [];
    const fileFact = (p: string): FileFact | undefined => {
      const cands = FileFactsCache.candidates(p, fsPath, folder?.fsPath ?? null);
      missing.push(...this.state.facts.missing(cands));
      return this.state.facts.lookup(cands);
    };
    const options = { project: this.state.projectFor(key), fileFact, imports: workspaceImports(this.state, key, k => this.schedule(k)) };
    let record: AnalysisRecord;
    if (text) {
      const modules = [{ uri: text.uri, doc: text.doc, version: text.doc.version }];
      if (isExcluded) {
        record = { key, kind: text.kind, modules, sources: text.source ? [text.source] : [], findings: [], excluded: true };
      } else if (text.tooLarge) {
        record = { key, kind: text.kind, modules, sources: [], findings: applyConfig([tooLarge(text.text, text.text.length)], config), excluded: false };
      } else if (text.kind === 'python') {
        const r = analyzePythonSources([text.source!], options);
        record = { key, kind: 'python', modules, sources: [text.source!], findings: applyConfig(r.findings, config), excluded: false };
      } else {
        const name = fsPath?.split(/[\\/]/).pop();
        const r = analyzeTextDocument(text.kind, text.text, { ...options, fileName: name });
        record = { key, kind: text.kind, modules, sources: [], findings: applyConfig(r.findings, config), excluded: false };
      }
    } else {
      const cells = notebook!.cells.filter(c => c.text && pythonCellText(c.text.text) !== undefined);
      const modules = cells.map(c => ({ uri: c.uri, doc: c.text!.doc, version: c.text!.doc.version }));
      const size = cells.reduce((n, c) => n + c.text!.text.length, 0);
      const sources = size > DEFAULT_MAX_FILE_BYTES ? [] : cells.map(c => c.text!.source!);
      if (isExcluded) {
        record = { key, kind: 'notebook', modules, sources, findings: [], excluded: true };
      } else if (sources.length < cells.length) {
        record = { key, kind: 'notebook', modules, sources, findings: applyConfig([tooLarge(cells[0].text!.text, size)], config), excluded: false };
      } else {
        const r = analyzePythonSources(sources, options);
        record = { key, kind: 'notebook', modules, sources, findings: applyConfig(r.findings, config), excluded: false };
      }
    }
    this.state.analyses.set(key, record);
    if (missing.length) {
      this.state.facts.ask(missing).then(() => {
        if (this.state.texts.has(key) || this.state.notebooks.has(key)) this.schedule(key);
      }, e => this.state.log(`MLRun Secrets: file facts failed: ${(e as Error).message}`));
    }
    return record;
  }

  publish(record: AnalysisRecord): void {
    const perModule: Diagnostic[][] = record.modules.map(() => []);
    for (const f of record.findings) {
      const at = record.modules[f.module] ? f.module : 0;
      if (!record.modules[at]) continue;
      perModule[at].push(toDiagnostic(f, record.modules, this.state.capabilities));
    }
    if (record.kind === 'notebook') {
      this.publishCells(record, perModule);
    } else {
      const m = record.modules[0];
      void this.state.connection.sendDiagnostics({ uri: m.uri, version: m.version, diagnostics: perModule[0] ?? [] });
    }
    this.onAnalyzed?.(record);
  }

  /**
   * A notebook's cells: a cell whose version and diagnostics are what it last got is not sent again (an edit in one
   * cell of a 200-cell notebook sends one or two messages, not 200); cells no longer analysed (removed, turned into
   * Markdown, %%bash…) lose their diagnostics.
   */
  private publishCells(record: AnalysisRecord, perModule: Diagnostic[][]): void {
    let last = this.published.get(record.key);
    if (!last) this.published.set(record.key, (last = new Map()));
    const round = ++this.round;
    record.modules.forEach((m, i) => {
      const prev = last.get(m.uri);
      const diagnostics = perModule[i];
      if (prev && prev.version === m.version && sameDiagnostics(prev.diagnostics, diagnostics)) {
        prev.round = round;
        return;
      }
      void this.state.connection.sendDiagnostics({ uri: m.uri, version: m.version, diagnostics });
      last.set(m.uri, { version: m.version, diagnostics, round });
    });
    const notebook = this.state.notebooks.get(record.key);
    for (const [uri, prev] of last) {
      if (prev.round === round) continue;
      last.delete(uri);
      void this.state.connection.sendDiagnostics({ uri, version: notebook?.cell(uri)?.text?.doc.version, diagnostics: [] });
    }
  }

  /** A notebook was (re)opened: its cells get their diagnostics whatever they got before. */
  opened(key: string): void {
    this.published.delete(key);
  }

  /** Forgets a closed document: its diagnostics are cleared (the workspace scan may publish its disk state). */
  forget(key: string, cellUris: string[] = []): void {
    this.dirty.delete(key);
    this.retried.delete(key);
    this.state.analyses.delete(key);
    const uris = new Set([key, ...cellUris, ...(this.published.get(key)?.keys() ?? [])]);
    this.published.delete(key);
    for (const uri of uris) void this.state.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
