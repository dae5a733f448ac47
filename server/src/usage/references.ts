/**
 * `textDocument/references` and `textDocument/rename` on a key string in code (any place the usage index knows:
 * `get_secret("K")`, kubernetes source lists, `set_secrets` keys, YAML `secret_sources`, notebooks, Markdown).
 * A rename rewrites the code only: the stored secret keeps its name, and the server says so in a message.
 */
import { MessageType, ResponseError, ErrorCodes, type Location, type PrepareRenameParams, type Range, type ReferenceParams, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { validateSecretKey } from '../../../shared/src/mlrun';
import type { ServerState } from '../state';
import { usageAt, usagesOfKey } from './queries';
import type { WorkspaceUsages } from './workspaceUsages';

export function references(state: ServerState, usages: WorkspaceUsages, params: ReferenceParams): Location[] | null {
  const at = usageAt(state, usages, params.textDocument.uri, params.position);
  if (!at) return null;
  // An env name stands for every key MLRun would turn into it; its key is the upper-case name.
  return usagesOfKey(state, usages, at.key, params.textDocument.uri)
    .filter(u => params.context.includeDeclaration || u.uri !== at.uri || u.range.start.line !== at.range.start.line || u.range.start.character !== at.range.start.character)
    .map(u => ({ uri: u.uri, range: u.range }));
}

export const NOT_A_KEY = 'Only a secret key string in code can be renamed here (get_secret, with_secrets("kubernetes", …), set_secrets, secret_sources).';

export function prepareRename(state: ServerState, usages: WorkspaceUsages, params: PrepareRenameParams): { range: Range; placeholder: string } {
  const at = usageAt(state, usages, params.textDocument.uri, params.position);
  if (!at) throw new ResponseError(ErrorCodes.InvalidRequest, NOT_A_KEY);
  if (at.kind === 'env') throw new ResponseError(ErrorCodes.InvalidRequest, `"${at.key}" is the variable MLRun makes of a key here; rename the key where it is read (get_secret, with_secrets), not its variable.`);
  if (!at.content) throw new ResponseError(ErrorCodes.InvalidRequest, `"${at.key}" is not written as one plain string here, so it cannot be renamed in place.`);
  return { range: at.content, placeholder: at.key };
}

export function renameMessage(oldKey: string, newKey: string, places: number, skipped: number): string {
  const one = skipped === 1;
  const skip = skipped ? ` ${skipped} place${one ? ' that spells' : 's that spell'} the key in another way (escapes, concatenation, a prefix, a MLRUN_K8S_SECRET__ variable name) ${one ? 'was' : 'were'} left alone.` : '';
  return `MLRun Secrets: renamed "${oldKey}" to "${newKey}" in ${places} place${places === 1 ? '' : 's'} in code only. `
    + `The stored secret is not renamed: set "${newKey}" in the store (Set Secret…) and delete "${oldKey}" once no job reads it.${skip}`;
}

export function rename(state: ServerState, usages: WorkspaceUsages, params: RenameParams): WorkspaceEdit {
  const at = usageAt(state, usages, params.textDocument.uri, params.position);
  if (!at || at.kind === 'env') throw new ResponseError(ErrorCodes.InvalidRequest, NOT_A_KEY);
  const invalid = validateSecretKey(params.newName);
  if (invalid) throw new ResponseError(ErrorCodes.InvalidParams, `"${params.newName}" cannot be a secret key: ${invalid}`);
  const changes: Record<string, TextEdit[]> = {};
  let places = 0;
  let skipped = 0;
  for (const u of usagesOfKey(state, usages, at.key, params.textDocument.uri)) {
    if (!u.content) { skipped++; continue; }
    (changes[u.uri] ??= []).push({ range: u.content, newText: params.newName });
    places++;
  }
  void state.connection.sendNotification('window/showMessage', { type: MessageType.Info, message: renameMessage(at.key, params.newName, places, skipped) });
  return { changes };
}
