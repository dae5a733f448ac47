/**
 * Runs the Python rules and suppressions over the modules of one document (a file: one module; a notebook: one
 * per code cell; Markdown: one per code block).
 */
import type { FileFact } from '../../../../shared/src/protocol';
import { sortFindings, type Finding } from '../findings';
import type { ProjectInfo } from '../rules/context';
import { runPythonRules } from '../rules';
import { applySuppressions, type MarkerComment } from '../suppression';
import { resolveModule, type ModuleFacts } from './resolve';
import type { PythonSource } from './source';

export interface PythonAnalysisOptions {
  project?: ProjectInfo | null;
  /** What is known about a path as written in the code (resolved by the caller). */
  fileFact?: (path: string) => FileFact | undefined;
}

export interface PythonAnalysis {
  findings: Finding[];
  /** Paths of secrets files the rules asked about (for MLS007; ask git, then analyse again). */
  askedPaths: string[];
  modules: ModuleFacts[];
}

export function analyzePythonSources(sources: readonly PythonSource[], options: PythonAnalysisOptions = {}): PythonAnalysis {
  const modules = sources.map(resolveModule);
  const askedPaths = new Set<string>();
  const raw = runPythonRules({ modules, project: options.project ?? null, fileFact: options.fileFact, askedPaths });
  const comments: MarkerComment[] = modules.flatMap((m, module) => m.markers.map(span => ({ module, span })));
  const findings = sortFindings(applySuppressions(raw, comments, modules.map(m => m.text)));
  return { findings, askedPaths: [...askedPaths], modules };
}
