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
