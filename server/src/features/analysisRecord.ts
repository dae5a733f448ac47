/**
 * The last analysis of an open document or notebook, as the server keeps it (ServerState.analyses) and the
 * features read it. Below both the state and the diagnostics pass, so neither imports the other for it.
 */
import type { Finding } from '../analysis/findings';
import { resolveModule, resolveModuleCalls, type ModuleFacts } from '../analysis/python/resolve';
import type { PythonSource } from '../analysis/python/source';
import type { DocumentKind } from '../../../shared/src/fileKinds';
import type { ModuleDoc } from './convert';

export interface AnalysisRecord {
  /** Text-document or notebook URI. */
  key: string;
  kind: DocumentKind;
  /** One per module: the file, or each analysed notebook cell. */
  modules: ModuleDoc[];
  /** The Python sources of the modules (python files and cells). */
  sources: PythonSource[];
  /** Findings after suppressions and configuration. */
  findings: Finding[];
  excluded: boolean;
}

function hasPythonModules(record: AnalysisRecord): boolean {
  return !record.excluded && (record.kind === 'python' || record.kind === 'notebook');
}

/** Bound: one entry per record, and a record lives as long as its document is open and unchanged. */
const factsCache = new WeakMap<AnalysisRecord, ModuleFacts[]>();

/**
 * The resolved facts of a record's Python modules, computed on first use (chunk facts are cached, so this is
 * cheap) and not kept with every record: 1,000 open files should not hold two copies of their facts.
 */
export function recordFacts(record: AnalysisRecord): ModuleFacts[] {
  let facts = factsCache.get(record);
  if (!facts) {
    facts = hasPythonModules(record) ? record.sources.map(resolveModule) : [];
    factsCache.set(record, facts);
  }
  return facts;
}

/** The record's MLRun calls only (the key usage index): the full facts when they are known, else calls resolved alone. */
export function recordCalls(record: AnalysisRecord): ModuleFacts[] {
  const known = factsCache.get(record);
  if (known) return known;
  if (!hasPythonModules(record)) return [];
  return record.sources.map((s, _i, all) => resolveModuleCalls(s, all));
}
