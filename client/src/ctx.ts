/**
 * The context object: holds the services (created before it, at activation) and owns the lifetimes of everything
 * the extension creates; every command factory receives it. Only `host` changes afterwards (tests script it).
 */
import type * as vscode from 'vscode';
import type { KeyCache } from './keys/keyCache';
import type { KeyUsageSource } from './keys/keyUsages';
import type { LanguageServer } from './languageServer';
import type { Backends, FolderProjects, Services } from './services';
import type { SecretsViewApi } from './tree/view';
import { windowHost, type Host } from './ui/host';

export interface CtxParts extends Services {
  readonly extension: vscode.ExtensionContext;
  readonly server: LanguageServer;
  /** The sidebar view's selection, filter and paging (tree/view.ts). */
  readonly view: SecretsViewApi;
}

export class Ctx implements CtxParts, vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Replaced by tests that drive commands through a scripted host. */
  host: Host = windowHost;
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly server: LanguageServer;
  readonly backends: Backends;
  readonly projects: FolderProjects;
  readonly keys: KeyCache;
  readonly usages: KeyUsageSource;
  readonly view: SecretsViewApi;

  constructor(parts: CtxParts) {
    this.extension = parts.extension;
    this.log = parts.log;
    this.server = parts.server;
    this.backends = parts.backends;
    this.projects = parts.projects;
    this.keys = parts.keys;
    this.usages = parts.usages;
    this.view = parts.view;
  }

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
