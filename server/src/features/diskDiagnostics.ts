/** Diagnostics for a file analysed from disk (closed files in the workspace scan); notebooks use raw .ipynb lines. */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { ruleDocUrl, type Severity } from '../../../shared/src/rules';
import type { FileAnalysis, Unit } from '../analysis/analyzeFile';
import type { Span } from '../analysis/findings';
import { LineIndex } from '../analysis/lineIndex';
import { SOURCE, type ClientSupport } from './convert';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export function unitRanger(units: Unit[]): (module: number, span: Span) => Range {
  const indexes = new Map<number, LineIndex>();
  const pos = (module: number, offset: number): { line: number; character: number } => {
    const m = units[module] ? module : 0;
    let idx = indexes.get(m);
    if (!idx) indexes.set(m, idx = new LineIndex(units[m].text));
    const p = idx.positionAt(offset);
    const raw = units[m].rawLines;
    return raw ? { line: raw[Math.min(p.line, raw.length - 1)] ?? 0, character: p.character } : p;
  };
  return (module, span) => ({ start: pos(module, span.s), end: pos(module, span.e) });
}

export function diskDiagnostics(uri: string, analysis: FileAnalysis, support: ClientSupport): Diagnostic[] {
  if (analysis.findings.length === 0) return [];
  const range = unitRanger(analysis.units);
  return analysis.findings.map(f => {
    const d: Diagnostic = { range: range(f.module, f.span), severity: SEVERITY[f.severity], code: f.rule, source: SOURCE, message: f.message };
    if (support.codeDescription) d.codeDescription = { href: ruleDocUrl(f.rule) };
    if (support.relatedInformation && f.related.length) {
      d.relatedInformation = f.related.map(r => ({ location: { uri, range: range(r.module, r.span) }, message: r.message }));
    }
    return d;
  });
}
