/**
 * Push diagnostics for open documents: changes only mark a document dirty; one pass per event-loop turn analyses
 * the dirty ones (so a burst of changes costs one analysis — stale work is dropped) and publishes. Secrets files
 * that code names are looked up asynchronously; their answer triggers one more pass.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { pythonCellText } from '../analysis/documents/notebook';
import { analyzeYaml } from '../analysis/documents/yaml';
import { analyzeMarkdown } from '../analysis/analyzeFile';
import { applyConfig } from '../analysis/configure';
import type { Finding } from '../analysis/findings';
import { analyzePythonSources } from '../analysis/python/analyzePython';
import { resolveModule, type ModuleFacts } from '../analysis/python/resolve';
import type { PythonSource } from '../analysis/python/source';
import type { FileFact } from '../../../shared/src/protocol';
import type { ServerState } from '../state';
import { FileFactsCache } from '../workspace/fileFacts';
import { toDiagnostic, type ModuleDoc } from './convert';
import { workspaceImports } from './workspaceImports';

export interface AnalysisRecord {
  /** Text-document or notebook URI. */
  key: string;
  kind: 'python' | 'markdown' | 'yaml' | 'notebook';
  /** One per module: the file, or each analysed notebook cell. */
  modules: ModuleDoc[];
  /** The Python sources of the modules (python files and cells). */
  sources: PythonSource[];
  /** Findings after suppressions and configuration. */
  findings: Finding[];
  excluded: boolean;
}

const factsCache = new WeakMap<AnalysisRecord, ModuleFacts[]>();

/**
 * The resolved facts of a record's Python modules, computed on first use (chunk facts are cached, so this is
 * cheap) and not kept with every record: 1,000 open files should not hold two copies of their facts.
 */
export function recordFacts(record: AnalysisRecord): ModuleFacts[] {
  let facts = factsCache.get(record);
  if (!facts) {
    facts = record.excluded || record.kind === 'markdown' || record.kind === 'yaml' ? [] : record.sources.map(resolveModule);
    factsCache.set(record, facts);
  }
  return facts;
}

export class Diagnostics {
  private readonly dirty = new Set<string>();
  private scheduled = false;
  /** Bumped by every change; a pass waits while changes keep arriving (they are queued messages) for up to 20 ms. */
  private generation = 0;
  private seenGeneration = 0;
  private firstDirtyAt = 0;
  /** Cell URIs that last got diagnostics, per notebook (to clear removed cells). */
  private readonly published = new Map<string, Set<string>>();
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
    await this.state.ready;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      const config = await this.state.configFor(key);
      // The document may have changed or closed while the configuration loaded: a later pass has it.
      if (this.dirty.has(key)) continue;
      try {
        const record = this.analyze(key, config.config, config.excluded);
        if (record) this.publish(record);
      } catch (e) {
        // One document's failure must not keep the others from being analysed.
        this.state.log(`MLRun Secrets: analysis of ${key} failed: ${(e as Error).stack ?? e}`);
      }
    }
  }

  /** Analyses an open document or notebook now (the parser and its folder configuration must be ready). */
  analyze(key: string, config: import('../../../shared/src/config').AnalyzerConfig, excluded: (p: string) => boolean): AnalysisRecord | undefined {
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
      } else if (text.kind === 'python') {
        const r = analyzePythonSources([text.source!], options);
        record = { key, kind: 'python', modules, sources: [text.source!], findings: applyConfig(r.findings, config), excluded: false };
      } else if (text.kind === 'markdown') {
        const r = analyzeMarkdown(text.text, options);
        record = { key, kind: 'markdown', modules, sources: [], findings: applyConfig(r.findings, config), excluded: false };
      } else {
        const r = analyzeYaml(text.text, options);
        record = { key, kind: 'yaml', modules, sources: [], findings: applyConfig(r.findings, config), excluded: false };
      }
    } else {
      const cells = notebook!.cells.filter(c => c.text && pythonCellText(c.text.text) !== undefined);
      const modules = cells.map(c => ({ uri: c.uri, doc: c.text!.doc, version: c.text!.doc.version }));
      const sources = cells.map(c => c.text!.source!);
      if (isExcluded) {
        record = { key, kind: 'notebook', modules, sources, findings: [], excluded: true };
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
    const byUri = new Map<string, Diagnostic[]>(record.modules.map(m => [m.uri, []]));
    for (const f of record.findings) {
      const m = record.modules[f.module] ?? record.modules[0];
      if (!m) continue;
      byUri.get(m.uri)!.push(toDiagnostic(f, record.modules, this.state.capabilities));
    }
    if (record.kind === 'notebook') {
      const notebook = this.state.notebooks.get(record.key);
      const before = this.published.get(record.key) ?? new Set<string>();
      // Cells that are no longer analysed (removed, turned into Markdown, %%bash…) lose their diagnostics.
      for (const uri of before) if (!byUri.has(uri)) byUri.set(uri, []);
      this.published.set(record.key, new Set(record.modules.map(m => m.uri)));
      for (const [uri, diagnostics] of byUri) {
        const version = record.modules.find(m => m.uri === uri)?.version ?? notebook?.cell(uri)?.text?.doc.version;
        void this.state.connection.sendDiagnostics({ uri, version, diagnostics });
      }
    } else {
      const m = record.modules[0];
      void this.state.connection.sendDiagnostics({ uri: m.uri, version: m.version, diagnostics: byUri.get(m.uri) ?? [] });
    }
    this.onAnalyzed?.(record);
  }

  /** Forgets a closed document: its diagnostics are cleared (the workspace scan may publish its disk state). */
  forget(key: string, cellUris: string[] = []): void {
    this.dirty.delete(key);
    this.state.analyses.delete(key);
    const uris = new Set([key, ...cellUris, ...(this.published.get(key) ?? [])]);
    this.published.delete(key);
    for (const uri of uris) void this.state.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
