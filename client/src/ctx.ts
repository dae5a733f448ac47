/**
 * The context object: owns the lifetimes of everything the extension creates (language client, log, status bar,
 * disposables) and is what every command factory and tree node receives.
 */
import * as vscode from 'vscode';
import type { LanguageServer } from './languageServer';
import type { Backends, FolderProjects } from './services';
import type { SecretsViewApi } from './tree/view';
import { windowHost, type Host } from './ui/host';

export class Ctx implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Replaced by tests that drive commands through a scripted host. */
  host: Host = windowHost;
  /** Attached at activation (backendRegistry.ts). */
  backends!: Backends;
  /** Attached at activation (folderProjects.ts). */
  projects!: FolderProjects;
  /** Attached at activation: re-reads the sidebar tree (a node, or everything). */
  refreshTree: (node?: unknown) => void = () => undefined;
  /** Attached at activation (tree/view.ts): the sidebar view's selection, filter and paging. */
  view?: SecretsViewApi;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    readonly server: LanguageServer,
  ) {}

  /** Registers something to dispose when the extension deactivates. */
  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        this.log.warn(`dispose failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
