/** Findings → LSP diagnostics (source `mlrun-secrets`, code = rule id, codeDescription → README anchor). */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocUrl, type Severity } from '../../../shared/src/rules';
import type { Finding, Span } from '../analysis/findings';

export const SOURCE = 'mlrun-secrets';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface ModuleDoc {
  uri: string;
  /** The live document (TextDocument.update mutates it in place). */
  doc: TextDocument;
  /** Its version when analysed. */
  version: number;
}

export interface ClientSupport {
  relatedInformation: boolean;
  codeDescription: boolean;
}

export function rangeOf(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.s), end: doc.positionAt(span.e) };
}

export function toDiagnostic(f: Finding, modules: readonly ModuleDoc[], support: ClientSupport): Diagnostic {
  const m = modules[f.module] ?? modules[0];
  const d: Diagnostic = {
    range: rangeOf(m.doc, f.span),
    severity: SEVERITY[f.severity],
    code: f.rule,
    source: SOURCE,
    message: f.message,
  };
  if (support.codeDescription) d.codeDescription = { href: ruleDocUrl(f.rule) };
  if (support.relatedInformation && f.related.length) {
    d.relatedInformation = f.related.map(r => {
      const rm = modules[r.module] ?? m;
      return { location: { uri: rm.uri, range: rangeOf(rm.doc, r.span) }, message: r.message };
    });
  }
  return d;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Whether two diagnostic lists say the same (what `toDiagnostic` sets), in the same order. */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!sameRange(x.range, y.range) || x.severity !== y.severity || x.code !== y.code || x.message !== y.message || x.source !== y.source) return false;
    if (x.codeDescription?.href !== y.codeDescription?.href) return false;
    const rx = x.relatedInformation ?? [];
    const ry = y.relatedInformation ?? [];
    if (rx.length !== ry.length) return false;
    for (let k = 0; k < rx.length; k++) {
      if (rx[k].message !== ry[k].message || rx[k].location.uri !== ry[k].location.uri || !sameRange(rx[k].location.range, ry[k].location.range)) return false;
    }
  }
  return true;
}
