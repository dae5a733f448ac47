/**
 * Import Secrets from File…: MLRun's `project.set_secrets(file_path=…)` from the editor. The file is read with
 * python-dotenv's rules (docs/mlrun-facts.md §6.1), `MLRUN_DBPATH` and `V3IO_*` are dropped as MLRun drops them, a line without
 * `=` refuses the whole file as MLRun does, and a preview lists the keys (uncheck any to skip) before anything is
 * written. Values are read into memory and go only to the backend.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { collidesWith, isMlrunOwnedKey, MAX_SECRET_BYTES, podVariableProblem } from '../../../shared/src/mlrun';
import { readDotenvFile } from '../backends/mlrunApi/dotenv';
import { podNamingWithin } from '../podNaming';
import type { Ctx } from '../ctx';
import { REACHES_STORE, type CommandFactory } from './command';
import { confirmWrite } from './support/confirmWrite';
import { planImport } from './support/importPlan';
import { listNames, showFailure } from './support/messages';
import { withProgress } from './support/progress';
import { readTargetKeys, resolveTarget, setTargetSecrets } from './support/target';

interface KeyItem extends vscode.QuickPickItem {
  key: string;
}

export const importSecrets: CommandFactory = ctx => ({
  id: 'mlrunSecrets.importSecrets',
  title: 'Import Secrets from File…',
  restricted: REACHES_STORE,
  async run(node?: unknown, fileArg?: unknown) {
    const target = await resolveTarget(ctx, node instanceof vscode.Uri ? undefined : node, { title: 'Import Secrets', newProject: true });
    if (!target) return undefined;
    const file = node instanceof vscode.Uri ? node : fileArg instanceof vscode.Uri ? fileArg : await pickFile(ctx);
    if (!file) return undefined;
    const name = path.basename(file.fsPath);
    const text = await readText(ctx, file);
    if (text === undefined) return undefined;
    const plan = planImport(text, target.kind, process.env);
    if (plan.errors.length) {
      for (const e of plan.errors) ctx.log.warn(`import ${name}: ${e}`);
      const more = plan.errors.length > 1 ? ` (${plan.errors.length - 1} more problem${plan.errors.length > 2 ? 's' : ''} in the output log)` : '';
      void ctx.host.showErrorMessage(`MLRun Secrets: Cannot import ${name}; nothing was written. ${plan.errors[0]}${more}`);
      return undefined;
    }
    const listed = await readTargetKeys(ctx, target);
    if (!listed) return undefined;
    const existing = listed.map(k => k.name);
    const naming = (await podNamingWithin(ctx, 3000)).naming;
    const lowerExisting = new Set(existing.map(k => k.toLowerCase()));
    const items: KeyItem[] = [...plan.values.keys()].map(key => {
      const notes: string[] = [];
      const exists = target.kind === 'azure' ? lowerExisting.has(key.toLowerCase()) : existing.includes(key);
      notes.push(exists ? 'replaces the current value' : 'new');
      if (target.kind !== 'azure') {
        if (isMlrunOwnedKey(key)) notes.push('MLRun-owned');
        const twins = collidesWith(key, [...existing, ...plan.values.keys()], naming);
        if (twins.length) notes.push(`differs only in case from ${twins.join(', ')}`);
        if (podVariableProblem(key, naming)) notes.push('would replace a variable of job pods (MLRun 1.8+)');
      }
      return { key, label: key, description: notes.join(' · '), picked: true };
    });
    const skipped: string[] = [];
    if (plan.dropped.length) skipped.push(`dropped as MLRun does: ${plan.dropped.join(', ')}`);
    if (plan.empty.length) skipped.push(`empty, skipped: ${plan.empty.join(', ')}`);
    if (plan.invalidLines.length) skipped.push(`unreadable lines skipped: ${plan.invalidLines.join(', ')}`);
    const picked = await ctx.host.showQuickPick(items, {
      canPickMany: true,
      title: `Import ${items.length} secret${items.length === 1 ? '' : 's'} from ${name} into ${target.where}`,
      placeHolder: `Uncheck keys to skip${skipped.length ? ` (${skipped.join('; ')})` : ''}`,
      ignoreFocusOut: true,
    });
    if (!picked || picked.length === 0) return undefined;
    const values = new Map<string, string>();
    for (const item of picked) values.set(item.key, plan.values.get(item.key)!);
    if (!(await confirmWrite(ctx, target, [...values.keys()], 'Import'))) return undefined;
    const r = await withProgress(ctx, `Importing ${values.size} secret${values.size === 1 ? '' : 's'} into ${target.where}…`,
      signal => setTargetSecrets(target, values, signal));
    if (!r.ok) {
      await showFailure(ctx, `Could not import ${name} into ${target.where}`, r.error);
      return undefined;
    }
    const keys = [...values.keys()];
    ctx.log.info(`imported ${keys.length} key(s) from ${name} into ${target.where}: ${keys.join(', ')}`);
    void ctx.host.showInformationMessage(`MLRun Secrets: Imported ${listNames(keys)} from ${name} into ${target.where}.${plan.dropped.length ? ` Dropped as MLRun does: ${plan.dropped.join(', ')}.` : ''}`);
    return keys;
  },
});

async function pickFile(ctx: Ctx): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await ctx.host.showOpenDialog({
    title: 'Import Secrets from a dotenv file (KEY=value lines)',
    openLabel: 'Import',
    canSelectMany: false,
    canSelectFiles: true,
    canSelectFolders: false,
    ...(folder ? { defaultUri: folder } : {}),
    filters: { 'All files': ['*'], 'Env files': ['env'] },
  });
  return picked?.[0];
}

async function readText(ctx: Ctx, file: vscode.Uri): Promise<string | undefined> {
  const name = path.basename(file.fsPath);
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(file);
    if (stat.size > MAX_SECRET_BYTES) {
      void ctx.host.showErrorMessage(`MLRun Secrets: Cannot import ${name}: it has ${stat.size.toLocaleString('en-US')} bytes, more than a project's secrets can hold (1 MiB).`);
      return undefined;
    }
    bytes = await vscode.workspace.fs.readFile(file);
  } catch (e) {
    void ctx.host.showErrorMessage(`MLRun Secrets: Cannot read ${name}: ${e instanceof vscode.FileSystemError ? e.code : (e as Error).message}.`);
    return undefined;
  }
  // As python-dotenv reads it: strict UTF-8, universal newlines, a leading BOM kept (it ends up in the first key).
  const text = readDotenvFile(bytes);
  if (text === undefined) void ctx.host.showErrorMessage(`MLRun Secrets: Cannot import ${name}: it is not UTF-8 text.`);
  return text;
}
