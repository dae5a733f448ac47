/**
 * Findings as the analyzer reports them: offsets (UTF-16 code units) in the text of one "module" of a document
 * — the file itself, a notebook cell or a Markdown code block — and the fixes the editor can offer.
 */
import type { RuleId, Severity } from '../../../shared/src/rules';
import type { Span } from './python/facts';

export type { Span };

export interface TextEditSpan {
  span: Span;
  text: string;
}

export type Fix =
  /** Store the literals as project secrets (the client reads their values), then apply `rewrite`. */
  | { kind: 'storeLiterals'; title: string; literals: { key: string; span: Span }[]; rewrite: TextEditSpan[] }
  /**
   * A plain edit; `appendLine` also adds a line to a file beside the document (created when missing), e.g. the
   * entry of an env file in the `.gitignore` of its folder.
   */
  | { kind: 'edit'; title: string; edits: TextEditSpan[]; appendLine?: { file: string; line: string } };

export interface Related {
  module: number;
  span: Span;
  message: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** Index of the module (cell, code block) the span is in; 0 for plain files. */
  module: number;
  span: Span;
  related: Related[];
  fixes: Fix[];
}

export function finding(rule: RuleId, severity: Severity, module: number, span: Span, message: string, extra: Partial<Pick<Finding, 'related' | 'fixes'>> = {}): Finding {
  return { rule, severity, module, span, message, related: extra.related ?? [], fixes: extra.fixes ?? [] };
}

/** Sorts findings by module, then position, then rule (stable output for the CLI and tests). */
export function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort((a, b) => a.module - b.module || a.span.s - b.span.s || a.span.e - b.span.e || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}
