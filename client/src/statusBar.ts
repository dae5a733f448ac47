/**
 * The status bar item: the active backend and where it points (Kubernetes context / namespace, the MLRun endpoint,
 * the Azure credential), switching backend on click. In Restricted Mode it shows settings only and contacts nothing.
 */
import { Commands } from '../../shared/src/ids';
import * as vscode from 'vscode';
import { BACKEND_LABELS } from './backendKinds';
import { resolveMlrunEndpoint } from './backends/mlrunApi/endpoint';
import { setting } from './config';
import type { Ctx } from './ctx';

const ICONS = { local: 'lock', kubernetes: 'cloud', mlrunApi: 'globe', azure: 'azure' } as const;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  constructor(private readonly ctx: Ctx) {
    this.item = vscode.window.createStatusBarItem('mlrunSecrets.backend', vscode.StatusBarAlignment.Left, 40);
    this.item.name = 'MLRun Secrets: Active Backend';
    this.item.command = Commands.selectBackend;
    this.disposables.push(this.item);
    this.disposables.push(ctx.backends.onDidChange(() => void this.update()));
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.update()));
    void this.update();
    this.item.show();
  }

  /** The text shown now (for tests). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : t?.value ?? '';
  }

  async update(): Promise<void> {
    const gen = ++this.generation;
    const kind = this.ctx.backends.active();
    const label = BACKEND_LABELS[kind];
    let where = '';
    let problem: string | undefined;
    switch (kind) {
      case 'local':
        where = 'this machine';
        break;
      case 'kubernetes': {
        where = setting('kubernetes.context').trim() || 'current context';
        if (vscode.workspace.isTrusted) {
          const k8s = await this.ctx.backends.kubernetes();
          const c = k8s.ok ? k8s.value.connection() : undefined;
          if (c) where = `${c.context} / ${c.namespace}`;
          else if (!k8s.ok) problem = k8s.error.message;
        }
        break;
      }
      case 'mlrunApi': {
        const ep = resolveMlrunEndpoint({ setting: setting('mlrunApi.endpoint') });
        if (!ep.ok) problem = ep.error.message;
        else if (!ep.value) problem = 'No MLRun API endpoint is configured.';
        else where = new URL(ep.value.url).host;
        break;
      }
      case 'azure': {
        const n = Object.values(setting('azure.vaults') ?? {}).reduce((sum, v) => sum + (Array.isArray(v) ? v.length : 0), 0);
        where = `${n} vault${n === 1 ? '' : 's'}`;
        break;
      }
    }
    if (gen !== this.generation) return;
    this.item.text = `$(${ICONS[kind]}) ${kind === 'local' ? 'Local secrets' : where ? `${label}: ${where}` : label}${problem ? ' $(warning)' : ''}`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**MLRun Secrets** — active backend: ${label}`);
    if (where) tip.appendMarkdown(' (').appendText(where).appendMarkdown(')');
    if (problem) tip.appendMarkdown('\n\n$(warning) ').appendText(problem);
    tip.appendMarkdown('\n\nClick to switch backend.');
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: `MLRun Secrets active backend: ${label}${where ? `, ${where}` : ''}. Click to switch.` };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
