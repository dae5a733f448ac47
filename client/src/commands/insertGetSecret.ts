/**
 * Insert get_secret("KEY"): the key of the node it ran on, or one picked from the current folder's project in the
 * active backend (or typed). Writes `get_secret("KEY")` after a `.`, `context.get_secret("KEY")` inside a handler,
 * else `mlrun.get_secret_or_env("KEY")`, at every cursor.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { KeyNode } from '../tree/keyNode';
import { REACHES_STORE, type CommandFactory } from './command';
import { codeEditor, inHandler } from './support/editor';
import { keyProblem } from './support/keyRules';
import { readTargetKeys, resolveTarget, targetFor } from './support/target';
import { getSecretCall, getSecretForm } from './support/snippets';

const TYPE_KEY = '$(edit) Type a key…';

export const insertGetSecret: CommandFactory = ctx => ({
  id: Commands.insertGetSecret,
  title: 'Insert get_secret("KEY")',
  restricted: REACHES_STORE,
  async run(node?: unknown) {
    const editor = codeEditor(ctx, ['python', 'markdown']);
    if (!editor) return undefined;
    const key = node instanceof KeyNode ? node.name : await pickKey(ctx, editor, node);
    if (!key) return undefined;
    const handler = editor.document.languageId === 'markdown' || (await inHandler(ctx, editor));
    const edits = editor.selections.map(sel => {
      const prefix = editor.document.lineAt(sel.start.line).text.slice(0, sel.start.character);
      return { range: sel, text: getSecretCall(key, getSecretForm(prefix, handler)) };
    });
    await editor.edit(b => {
      for (const e of edits) b.replace(e.range, e.text);
    });
    return edits.map(e => e.text);
  },
});

async function pickKey(ctx: Ctx, editor: vscode.TextEditor, node: unknown): Promise<string | undefined> {
  const project = node ? undefined : await ctx.projects.projectFor(editor.document.uri);
  const target = project ? await targetFor(ctx, ctx.backends.active(), project) : await resolveTarget(ctx, node, { title: 'Insert get_secret', newProject: false });
  if (!target) return undefined;
  const listed = await readTargetKeys(ctx, target);
  if (!listed) return undefined;
  const picked = await ctx.host.showQuickPick([
    ...listed.map(k => ({ label: k.name, description: k.disabled ? 'disabled' : k.mlrunOwned ? 'MLRun-owned' : undefined })),
    { label: TYPE_KEY, alwaysShow: true, description: 'a key not stored yet' },
  ], { title: `Insert get_secret: key of ${target.where}`, placeHolder: 'Key', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.label !== TYPE_KEY) return picked.label;
  return ctx.host.showInputBox({ title: 'Insert get_secret: key', prompt: 'Key', ignoreFocusOut: true, validateInput: v => keyProblem(target.kind, v) });
}
