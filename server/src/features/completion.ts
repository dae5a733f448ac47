/** Completion of project key names inside the key strings of get_secret / get_secret_or_env / kubernetes sources. */
import { CompletionItemKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { envNamesText, isInternalKey } from '../../../shared/src/mlrun';
import type { ServerState } from '../state';
import { rangeOf } from './convert';
import { keyAtPosition } from './keyLookup';

export function completion(state: ServerState, params: CompletionParams): CompletionItem[] {
  const hit = keyAtPosition(state, params.textDocument.uri, params.position);
  if (!hit) return [];
  const p = state.projectParams(params.textDocument.uri);
  if (!p || !p.keys) return [];
  const offset = hit.doc.offsetAt(params.position);
  if (offset < hit.contentStart || offset > hit.contentEnd) return [];
  const range = rangeOf(hit.doc, { s: hit.contentStart, e: hit.contentEnd });
  return p.keys.filter(k => !isInternalKey(k)).sort().map(k => ({
    label: k,
    kind: CompletionItemKind.Constant,
    detail: `${p.project} (${p.backend}) — value hidden`,
    documentation: `MLRun project secret; in job pods${p.podEnv?.version ? ` (MLRun ${p.podEnv.version})` : ''} ${envNamesText(k, p.podEnv?.naming ?? 'both')}.`,
    textEdit: { range, newText: k },
    filterText: k,
  }));
}
