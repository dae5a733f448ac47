/**
 * Store Literals as Project Secrets (`mlrunSecrets.storeLiterals`, run by the language server's quick fixes with
 * `StoreLiterals.Args`). Only ranges arrive: the values are read here from the document itself, so no value ever
 * crosses the protocol. Then: the project (asked when the server did not know it), a confirmation listing the keys
 * (and any overwrite), the write to the active backend, and the rewrite of the code. Nothing is left half-done: a
 * document that changed meanwhile stops everything before the write, and a rewrite that cannot be applied removes the
 * keys the write created.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { validateSecretValue } from '../../../shared/src/mlrun';
import type { Ctx } from '../ctx';
import { podNamingWithin } from '../podNaming';
import { REACHES_STORE, type CommandFactory } from './command';
import { checkWrite } from './support/confirmWrite';
import { keyProblem } from './support/keyRules';
import { listNames, showFailure } from './support/messages';
import { withProgress } from './support/progress';
import { pythonStringValue } from './support/pythonLiteral';
import { checkStoreArgs } from './support/storeArgs';
import { deleteTargetSecrets, resolveTarget, setTargetSecrets, targetFor, type Target } from './support/target';
import { planWarnings } from './support/writePlan';

const ACTION = 'Store and Rewrite';

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export const storeLiterals: CommandFactory = ctx => ({
  id: 'mlrunSecrets.storeLiterals',
  title: 'Store Literals as Project Secrets',
  restricted: REACHES_STORE,
  async run(raw?: unknown) {
    const checked = checkStoreArgs(raw);
    if (!checked.ok) {
      void ctx.host.showErrorMessage(`MLRun Secrets: Store Literals got unusable arguments (${checked.reason}); nothing was stored.`);
      return undefined;
    }
    const args = checked.args;
    const docUri = vscode.Uri.parse(args.cellUri ?? args.uri);
    let doc: vscode.TextDocument;
    try {
      doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === docUri.toString()) ?? await vscode.workspace.openTextDocument(docUri);
    } catch (e) {
      void ctx.host.showErrorMessage(`MLRun Secrets: Cannot open ${docUri.path}: ${e instanceof Error ? e.message : String(e)}; nothing was stored.`);
      return undefined;
    }
    const file = path.posix.basename(vscode.Uri.parse(args.uri).path);
    const version = doc.version;
    const values = readValues(ctx, doc, args.literals, file);
    if (!values) return undefined;

    const target = args.project
      ? await targetFor(ctx, ctx.backends.active(), args.project)
      : await resolveTarget(ctx, undefined, { title: 'Store Literals', newProject: true });
    if (!target) return undefined;
    for (const key of values.keys()) {
      const bad = keyProblem(target.kind, key);
      if (bad) {
        void ctx.host.showErrorMessage(`MLRun Secrets: Cannot store "${key}" in ${target.where}: ${bad} Nothing was stored.`);
        return undefined;
      }
    }
    const keys = [...values.keys()];
    const plan = await checkWrite(ctx, target, keys);
    if (!plan) return undefined;
    const detail = [
      `Keys: ${keys.join(', ')}.`,
      ...planWarnings(plan, target.where, (await podNamingWithin(ctx, 3000)).naming, target.scope ? [] : keys),
      `Then ${file} is changed to read ${keys.length === 1 ? 'it' : 'them'} from the store (${args.rewrite.length} edit${args.rewrite.length === 1 ? '' : 's'}), so the value${keys.length === 1 ? '' : 's'} leave${keys.length === 1 ? 's' : ''} the code.`,
    ];
    const choice = await ctx.host.showWarningMessage(`Store ${keys.length} value${keys.length === 1 ? '' : 's'} from ${file} as secrets of ${target.where}?`,
      { modal: true, detail: detail.join('\n\n') }, ACTION);
    if (choice !== ACTION) return undefined;
    if (doc.version !== version) {
      void ctx.host.showErrorMessage(`MLRun Secrets: ${file} changed while you confirmed; nothing was stored. Apply the quick fix again.`);
      return undefined;
    }
    const written = await withProgress(ctx, `Storing ${listNames(keys)} in ${target.where}…`, signal => setTargetSecrets(target, values, signal));
    if (!written.ok) {
      ctx.backends.keysChanged(target.kind, target.project);
      await showFailure(ctx, `Could not store ${listNames(keys)} in ${target.where}; ${file} was not changed`, written.error);
      return undefined;
    }
    const created = keys.filter(k => !plan.overwrites.includes(k));
    const rewritten = await rewrite(doc, version, args.rewrite);
    ctx.backends.keysChanged(target.kind, target.project);
    if (!rewritten) {
      await rollBack(ctx, target, created, file);
      return undefined;
    }
    ctx.log.info(`stored ${keys.join(', ')} from ${file} in ${target.where} and rewrote the code`);
    void ctx.host.showInformationMessage(`MLRun Secrets: Stored ${listNames(keys)} in ${target.where} and changed ${file} to read ${keys.length === 1 ? 'it' : 'them'} from there. Save the file to keep the change.`);
    return keys;
  },
});

/** The literals' values, or undefined after telling the user which one is unusable. */
function readValues(ctx: Ctx, doc: vscode.TextDocument, literals: { key: string; range: Parameters<typeof toRange>[0] }[], file: string): Map<string, string> | undefined {
  const values = new Map<string, string>();
  for (const l of literals) {
    const range = toRange(l.range);
    if (!doc.validateRange(range).isEqual(range)) {
      void ctx.host.showErrorMessage(`MLRun Secrets: The literal for "${l.key}" is outside ${file} (it changed since the quick fix was offered); nothing was stored.`);
      return undefined;
    }
    const value = pythonStringValue(doc.getText(range));
    if (!value.ok) {
      void ctx.host.showErrorMessage(`MLRun Secrets: The value for "${l.key}" at line ${range.start.line + 1} of ${file} cannot be stored: ${value.reason}. Nothing was stored.`);
      return undefined;
    }
    const bad = validateSecretValue(value.value);
    if (bad) {
      void ctx.host.showErrorMessage(`MLRun Secrets: The value for "${l.key}" at line ${range.start.line + 1} of ${file} cannot be stored: ${bad} Nothing was stored.`);
      return undefined;
    }
    const before = values.get(l.key);
    if (before !== undefined && before !== value.value) {
      void ctx.host.showErrorMessage(`MLRun Secrets: "${l.key}" gets two different values in ${file}; nothing was stored.`);
      return undefined;
    }
    values.set(l.key, value.value);
  }
  return values;
}

async function rewrite(doc: vscode.TextDocument, version: number, edits: { range: Parameters<typeof toRange>[0]; newText: string }[]): Promise<boolean> {
  if (doc.version !== version) return false;
  if (edits.length === 0) return true;
  const edit = new vscode.WorkspaceEdit();
  edit.set(doc.uri, edits.map(e => vscode.TextEdit.replace(toRange(e.range), e.newText)));
  return vscode.workspace.applyEdit(edit);
}

async function rollBack(ctx: Ctx, target: Target, created: string[], file: string): Promise<void> {
  const removed = created.length ? await deleteTargetSecrets(target, created) : undefined;
  const undone = removed?.ok ? ` The new key${created.length === 1 ? ' was' : 's were'} removed again.` : created.length ? ` Remove ${listNames(created)} by hand: ${removed && !removed.ok ? removed.error.message : ''}` : '';
  ctx.log.warn(`store literals: could not rewrite ${file}; rolled back ${created.join(', ') || 'nothing'}`);
  void ctx.host.showErrorMessage(`MLRun Secrets: ${file} changed or could not be edited, so the code was not rewritten.${undone}`);
}
