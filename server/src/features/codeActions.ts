/**
 * Quick fixes: the analyzer's fixes (store literals as project secrets, switch to the kubernetes provider, remove
 * set_secrets) and, for every finding, "Ignore on this line" with a reason placeholder. Store-literal fixes run
 * the client command `mlrunSecrets.storeLiterals` with ranges only — never a value.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { Commands, StoreLiterals } from '../../../shared/src/protocol';
import type { RuleId } from '../../../shared/src/rules';
import type { Finding, Fix } from '../analysis/findings';
import type { PythonSource } from '../analysis/python/source';
import type { ServerState } from '../state';
import { appendLineEdit } from './appendLine';
import { rangeOf, SOURCE, toDiagnostic, type ModuleDoc } from './convert';
import { recordFacts, type AnalysisRecord } from './diagnostics';

export const REASON_PLACEHOLDER = '<reason>';

function lineBounds(text: string, offset: number): { ls: number; le: number } {
  let ls = offset;
  while (ls > 0 && text.charCodeAt(ls - 1) !== 10 && text.charCodeAt(ls - 1) !== 13) ls--;
  let le = offset;
  while (le < text.length && text.charCodeAt(le) !== 10 && text.charCodeAt(le) !== 13) le++;
  return { ls, le };
}

/** True when `offset` lies inside a string literal that goes on past it (a multi-line string). */
function insideLongString(src: PythonSource, offset: number): boolean {
  return src.withTreeAt(Math.max(0, offset - 1), (tree, _text, base) => {
    let n = tree.rootNode.descendantForIndex(Math.max(0, offset - 1 - base), offset - base);
    while (n) {
      if (n.type === 'string') return n.endIndex + base > offset;
      n = n.parent;
    }
    return false;
  }) ?? false;
}

/** The edit that adds `rule` to a suppression on the finding's line (a new comment, or the existing one). */
export function ignoreEdit(text: string, offset: number, rule: RuleId, src: PythonSource | undefined, markers: { s: number; e: number }[] | undefined): { s: number; e: number; text: string } {
  const { ls, le } = lineBounds(text, offset);
  // An `ignore[...]` already on this line: add the rule to its list.
  const candidates = markers ? markers.filter(m => m.s >= ls && m.s <= le) : (() => {
    const hash = text.slice(ls, le).indexOf('# mlrun-secrets:');
    return hash >= 0 ? [{ s: ls + hash, e: le }] : [];
  })();
  for (const m of candidates) {
    const comment = text.slice(m.s, m.e);
    const match = /mlrun-secrets:\s*ignore\s*\[([^\]]*)\]/.exec(comment);
    if (match) {
      const close = m.s + match.index + match[0].length - 1;
      const sep = match[1].trim() === '' ? '' : ', ';
      return { s: close, e: close, text: `${sep}${rule}` };
    }
  }
  if (src && insideLongString(src, le)) {
    const indent = /^[ \t]*/.exec(text.slice(ls, le))![0];
    return { s: ls, e: ls, text: `${indent}# mlrun-secrets: ignore-next-line[${rule}] ${REASON_PLACEHOLDER}\n` };
  }
  let end = le;
  while (end > ls && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return { s: end, e: le, text: `  # mlrun-secrets: ignore[${rule}] ${REASON_PLACEHOLDER}` };
}

function edits(doc: ModuleDoc, list: { span: { s: number; e: number }; text: string }[]): TextEdit[] {
  return list.map(e => ({ range: rangeOf(doc.doc, e.span), newText: e.text }));
}

function fixAction(state: ServerState, record: AnalysisRecord, module: ModuleDoc, fix: Fix, diagnostic: Diagnostic): CodeAction | undefined {
  if (fix.kind === 'storeLiterals') {
    const args: StoreLiterals.Args = {
      uri: record.key,
      project: state.projectParams(record.key)?.project ?? '',
      rewrite: edits(module, fix.rewrite),
      literals: fix.literals.map(l => ({ key: l.key, range: rangeOf(module.doc, l.span) })),
    };
    if (record.kind === 'notebook') args.cellUri = module.uri;
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      command: { title: fix.title, command: Commands.storeLiterals, arguments: [args] },
    };
  }
  if (fix.appendLine) {
    const edit = appendLineEdit(state.fsPathOf(record.key), fix.appendLine);
    return edit && { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
  }
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [module.uri]: edits(module, fix.edits) } },
  };
}

function sameRange(d: Diagnostic, f: Diagnostic): boolean {
  return d.range.start.line === f.range.start.line && d.range.start.character === f.range.start.character
    && d.range.end.line === f.range.end.line && d.range.end.character === f.range.end.character;
}

export function codeActions(state: ServerState, params: CodeActionParams): CodeAction[] {
  if (params.context.only && !params.context.only.some(k => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const record = state.analyses.get(state.ownerOf(params.textDocument.uri));
  if (!record) return [];
  const moduleIndex = record.modules.findIndex(m => m.uri === params.textDocument.uri);
  if (moduleIndex < 0) return [];
  const module = record.modules[moduleIndex];
  const rs = module.doc.offsetAt(params.range.start);
  const re = module.doc.offsetAt(params.range.end);
  const ours = params.context.diagnostics.filter(d => d.source === SOURCE);
  const actions: CodeAction[] = [];
  const ignored = new Set<string>();
  const src = record.kind === 'python' || record.kind === 'notebook' ? record.sources[moduleIndex] : undefined;
  const markers = src ? recordFacts(record)[moduleIndex]?.markers : undefined;
  const text = module.doc.getText();
  const inRange = (f: Finding): boolean => f.module === moduleIndex && f.span.s <= re && f.span.e >= rs;
  for (const f of record.findings.filter(inRange)) {
    const fresh = toDiagnostic(f, record.modules, state.capabilities);
    const diagnostic = ours.find(d => d.code === f.rule && sameRange(d, fresh)) ?? fresh;
    for (const fix of f.fixes) {
      const action = fixAction(state, record, module, fix, diagnostic);
      // Every finding of an env file offers the same .gitignore line: once is enough.
      if (action && !(fix.kind === 'edit' && fix.appendLine && actions.some(a => a.title === action.title))) actions.push(action);
    }
    if (f.rule === 'MLS000') continue;
    const line = module.doc.positionAt(f.span.s).line;
    const key = `${f.rule}:${line}`;
    if (ignored.has(key)) continue;
    ignored.add(key);
    const e = ignoreEdit(text, f.span.s, f.rule, src, markers);
    actions.push({
      title: `Ignore ${f.rule} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [module.uri]: [{ range: rangeOf(module.doc, { s: e.s, e: e.e }), newText: e.text }] } },
    });
  }
  return actions;
}
