/**
 * Document symbols for MLRun's secret handling: handlers (with the keys they read), secret sources, set_secrets
 * calls and project definitions — an outline group next to the language's own.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { arg, isMlrunGetSecret, kubernetesKeys, secretKeyRead, withSecretsKind } from '../analysis/python/calls';
import type { CallFact } from '../analysis/python/facts';
import { projectNamesOf } from '../analysis/python/project';
import { rangeOf, type ModuleDoc } from './convert';
import { recordFacts, type AnalysisRecord } from './analysisRecord';

function callSymbols(call: CallFact, m: ModuleDoc): DocumentSymbol[] {
  const range = rangeOf(m.doc, call.call);
  const selectionRange = rangeOf(m.doc, call.id);
  if (isMlrunGetSecret(call) || call.name === 'get_secret_or_env') {
    const k = secretKeyRead(call);
    return k ? [{ name: k.key, detail: call.name, kind: SymbolKind.Key, range, selectionRange }] : [];
  }
  if (call.name === 'with_secrets') {
    const kind = withSecretsKind(call) ?? '…';
    const children = kind === 'kubernetes' ? kubernetesKeys(call).map(k => ({ name: k.v, detail: 'kubernetes key', kind: SymbolKind.Key, range: rangeOf(m.doc, k), selectionRange: rangeOf(m.doc, k) })) : [];
    return [{ name: `with_secrets("${kind}")`, detail: 'secret source', kind: SymbolKind.Object, range, selectionRange, children }];
  }
  if (call.name === 'set_secrets') {
    const file = arg(call, 'file_path', 1);
    return [{ name: 'set_secrets(…)', detail: file?.k === 'str' ? file.v : 'project secrets', kind: SymbolKind.Method, range, selectionRange }];
  }
  return [];
}

export function documentSymbols(record: AnalysisRecord, uri: string): DocumentSymbol[] {
  const index = record.modules.findIndex(m => m.uri === uri);
  const m = record.modules[index];
  const facts = recordFacts(record)[index];
  if (!m || !facts) return [];
  const handlers = new Map<string, DocumentSymbol>(facts.handlers.map(h => [h.name, {
    name: h.name, detail: 'MLRun handler', kind: SymbolKind.Function, range: rangeOf(m.doc, h.def), selectionRange: rangeOf(m.doc, h.id), children: [],
  }]));
  const top: DocumentSymbol[] = [];
  for (const p of projectNamesOf(facts)) {
    top.push({ name: p.name, detail: 'MLRun project', kind: SymbolKind.Package, range: rangeOf(m.doc, p.span), selectionRange: rangeOf(m.doc, p.span) });
  }
  for (const call of facts.calls) {
    const symbols = callSymbols(call, m);
    const parent = call.fn ? handlers.get(call.fn) : undefined;
    (parent ? parent.children! : top).push(...symbols);
  }
  const all = [...handlers.values(), ...top];
  return all.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
