/**
 * Select Kubernetes Context…: lists the contexts of the kubeconfig (the setting's file, else KUBECONFIG, else
 * ~/.kube/config; nothing is contacted) or picks another kubeconfig file, and stores the choice in machine settings.
 * Picking a context also makes Kubernetes the active backend while the local store is.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { loadKubernetesBackend } from '../backends/load';
import { setting, updateMachineSetting } from '../config';
import type { Ctx } from '../ctx';
import type { CommandFactory } from './command';
import { showFailure } from './support/messages';

const OTHER_FILE = '$(file) Use another kubeconfig file…';

export const selectContext: CommandFactory = ctx => ({
  id: Commands.selectContext,
  title: 'Select Kubernetes Context…',
  async run() {
    const mod = loadKubernetesBackend();
    const inputs = { kubeconfigPath: setting('kubernetes.kubeconfig') };
    const summary = mod.listKubeContexts(inputs);
    if (!summary.ok) {
      const action = await showFailure(ctx, 'Cannot read the kubeconfig', summary.error, 'Choose a Kubeconfig File…');
      if (action) return pickFile(ctx);
      return undefined;
    }
    const chosen = setting('kubernetes.context').trim() || summary.value.currentContext;
    const picked = await ctx.host.showQuickPick([
      ...summary.value.contexts.map(c => ({
        label: `${c.name === chosen ? '$(check) ' : ''}${c.name}`,
        context: c.name,
        description: [c.name === summary.value.currentContext ? 'current-context' : '', c.namespace ? `namespace ${c.namespace}` : ''].filter(Boolean).join(' · '),
        detail: c.server ? `${c.cluster} · ${c.server}` : c.cluster,
      })),
      { label: OTHER_FILE, context: '', description: summary.value.files.join(', '), detail: undefined },
    ], { title: 'MLRun Secrets: Kubernetes context', placeHolder: `Contexts of ${summary.value.files.join(', ') || 'the kubeconfig'}`, matchOnDetail: true });
    if (!picked) return undefined;
    if (picked.label === OTHER_FILE) return pickFile(ctx);
    await updateMachineSetting('kubernetes.context', picked.context);
    await activate(ctx);
    ctx.log.info(`Kubernetes context: ${picked.context}`);
    return picked.context;
  },
});

async function activate(ctx: Ctx): Promise<void> {
  if (ctx.backends.active() === 'local') await updateMachineSetting('backend', 'kubernetes');
}

async function pickFile(ctx: Ctx): Promise<string | undefined> {
  const files = await ctx.host.showOpenDialog({ title: 'Kubeconfig file', openLabel: 'Use This Kubeconfig', canSelectMany: false, canSelectFiles: true });
  const file = files?.[0];
  if (!file) return undefined;
  await updateMachineSetting('kubernetes.kubeconfig', file.fsPath);
  await updateMachineSetting('kubernetes.context', undefined);
  await activate(ctx);
  ctx.log.info(`kubeconfig: ${file.fsPath}`);
  await vscode.commands.executeCommand(Commands.selectContext);
  return file.fsPath;
}
