/**
 * Scan Git History for Committed Secrets: the language server runs the history scan of a folder's repository
 * (the same code as `mlrun-secrets-lint --history`; work-done progress with Cancel, which kills git), and the
 * committed values are listed in a quick pick — key, path and line, commit and author date — where picking one
 * offers Rotate…: Set Secret… on that key of the folder's project. Not in Restricted Mode: it runs git.
 * Key names and locations only cross the protocol; no value is ever read here.
 */
import * as vscode from 'vscode';
import { Commands } from '../../../shared/src/ids';
import { ScanHistory, type HistoryLeak } from '../../../shared/src/protocol';
import type { Ctx } from '../ctx';
import type { CommandFactory } from './command';

const ROTATE = 'Rotate…';
const RUNS_GIT = 'would run git in this workspace';

interface LeakItem extends vscode.QuickPickItem {
  leak: HistoryLeak;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The folder to scan: the one the command ran on (the explorer's context menu), else a workspace folder. */
async function pickFolder(ctx: Ctx, arg: unknown): Promise<{ uri: vscode.Uri; name: string } | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return { uri: arg, name: arg.path.split('/').filter(Boolean).pop() ?? arg.fsPath };
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const picked = await ctx.host.showQuickPick(folders.map(f => ({ label: f.name, description: f.uri.fsPath, folder: f })), { title: 'Scan Git History: which folder’s repository?' });
  return picked?.folder;
}

/** Rotate…: Set Secret… preset with the leaked key, in the folder's project on the active backend. */
async function rotate(ctx: Ctx, scanned: { uri: vscode.Uri; name: string }, leak: HistoryLeak): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(scanned.uri) ?? vscode.workspace.workspaceFolders?.[0];
  const project = folder && await ctx.projects.project(folder).catch(() => undefined);
  if (!project) {
    const choice = await ctx.host.showInformationMessage(`MLRun Secrets: select the project of ${folder?.name ?? scanned.name} first, then rotate${leak.key ? ` "${leak.key}"` : ''}.`, 'Select Project');
    if (choice === 'Select Project') await vscode.commands.executeCommand(Commands.selectProject);
    return;
  }
  await vscode.commands.executeCommand(Commands.setSecret, { backend: ctx.backends.active(), project, ...(leak.key ? { key: leak.key } : {}) });
}

export const scanHistory: CommandFactory = ctx => ({
  id: Commands.scanHistory,
  title: 'Scan Git History for Committed Secrets',
  restricted: RUNS_GIT,
  async run(arg?: unknown) {
    const folder = await pickFolder(ctx, arg);
    if (!folder) {
      void ctx.host.showInformationMessage('MLRun Secrets: open a folder in a git repository to scan its history.');
      return undefined;
    }
    const client = await ctx.server.ready();
    let r: ScanHistory.Result;
    try {
      r = await client.sendRequest(ScanHistory.type, { folderUri: folder.uri.toString() });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/cancelled/i.test(message)) {
        void ctx.host.showInformationMessage('MLRun Secrets: history scan cancelled.');
        return undefined;
      }
      void ctx.host.showErrorMessage(`MLRun Secrets: cannot scan the history of ${folder.name}: ${message}`);
      return undefined;
    }
    const summary = `${plural(r.commits, 'commit')}, ${plural(r.blobs, 'file version')} in ${(r.ms / 1000).toFixed(1)} s`;
    ctx.log.info(`history scan of ${folder.name}: ${plural(r.leaks.length, 'committed secret value')} (${summary})`);
    for (const l of r.leaks) ctx.log.info(`  ${l.commit.slice(0, 12)} ${l.authorDate} ${l.path}:${l.range.start.line + 1} ${l.rule}${l.key ? ` ${l.key}` : ''}`);
    if (r.leaks.length === 0) {
      void ctx.host.showInformationMessage(`MLRun Secrets: no committed secret values in the history of ${folder.name} (${summary}).`);
      return r;
    }
    const items: LeakItem[] = r.leaks.map(leak => ({
      label: `$(key) ${leak.key ?? 'password in a URL'}`,
      description: `${leak.path}:${leak.range.start.line + 1}`,
      detail: `${leak.commit.slice(0, 12)} · ${leak.authorDate.slice(0, 10)} · ${leak.rule} — pick to rotate`,
      leak,
    }));
    const picked = await ctx.host.showQuickPick(items, {
      title: `${plural(r.leaks.length, 'secret value')} committed in the history of ${folder.name}: removing the code does not un-leak them`,
      placeHolder: `Pick one to rotate its value (${ROTATE}); if needed, also rewrite history (git filter-repo)`,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (picked) await rotate(ctx, folder, picked.leak);
    return r;
  },
});
