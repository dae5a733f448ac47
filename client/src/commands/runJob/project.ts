/** Step 2: the MLRun project (the folder's, from the tree node, or typed). */
import * as vscode from 'vscode';
import { validateProjectName } from '../../../../shared/src/mlrun';
import type { Ctx } from '../../ctx';

const OTHER = 'Another project…';

export async function folderProject(ctx: Ctx, uri: vscode.Uri): Promise<string | undefined> {
  try {
    return await ctx.projects?.projectFor?.(uri);
  } catch (e) {
    ctx.log.warn(`[jobs] the folder's project could not be resolved: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export async function pickProject(ctx: Ctx, uri: vscode.Uri, preset: string | undefined, remembered: string | undefined): Promise<string | undefined> {
  if (preset) return preset;
  const detected = await folderProject(ctx, uri);
  const candidates = [...new Set([remembered, detected].filter((p): p is string => !!p))];
  if (candidates.length) {
    const picked = await ctx.host.showQuickPick(
      [
        ...candidates.map(p => ({ label: p, description: [p === detected ? "this folder's project" : '', p === remembered ? 'last used' : ''].filter(Boolean).join(', ') })),
        { label: OTHER, description: '' },
      ],
      { title: 'Run Job with Secrets (2/5): project', placeHolder: 'The MLRun project whose secrets the job gets' },
    );
    if (!picked) return undefined;
    if (picked.label !== OTHER) return picked.label;
  }
  const typed = await ctx.host.showInputBox({
    title: 'Run Job with Secrets (2/5): project',
    prompt: 'MLRun project name',
    value: detected ?? '',
    validateInput: v => validateProjectName(v.trim()),
  });
  return typed?.trim() || undefined;
}
