/**
 * Restricted Mode: analysis keeps working, but nothing that reaches a secret store or runs code does.
 */
import * as vscode from 'vscode';
import type { Host } from './ui/host';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** The sentence users see when a restricted command is refused. */
export function refusalMessage(title: string, reason: string): string {
  return `MLRun Secrets: "${title}" is disabled in Restricted Mode because it ${reason}. Trust this workspace to use it.`;
}

/** True when the command may run; otherwise tells the user why not (with a button to manage trust). */
export async function checkTrust(host: Host, title: string, reason: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await host.showWarningMessage(refusalMessage(title, reason), {}, MANAGE_TRUST);
  if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
