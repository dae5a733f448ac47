/**
 * How often the workspace's code names each key, and which keys it reads that a project's store lacks, as the
 * language server's usage index tells (`mlrunSecrets/keyUsages`). Asked only while the server runs (a tree
 * never starts it); answers are cached per (backend, project) until the server says the usages changed
 * (`mlrunSecrets/keyUsagesChanged`), the keys change, or the server restarts. Key names only.
 */
import * as vscode from 'vscode';
import { KeyUsages, KeyUsagesChanged, type BackendKind } from '../../../shared/src/protocol';
import type { LanguageServer } from '../languageServer';
import type { KeyCache } from './keyCache';

export interface KeyUsageSource {
  /** Fires when counts may have changed (the tree redraws). */
  readonly onDidChange: vscode.Event<void>;
  /** The counts for a project, or undefined when the language server is not running or the request failed. */
  get(backend: BackendKind, project: string): Promise<KeyUsages.Result | undefined>;
}

export class KeyUsageService implements KeyUsageSource, vscode.Disposable {
  private readonly cache = new Map<string, Promise<KeyUsages.Result | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly server: LanguageServer, keys: KeyCache, private readonly log: vscode.LogOutputChannel) {
    server.onClient(client => {
      this.disposables.push(client.onNotification(KeyUsagesChanged.type, () => this.forget()));
      this.forget();
    });
    // The server hears of new keys (projectKeys) before it answers the next request.
    // (the tree redraws on key changes by itself).
    this.disposables.push(keys.onDidChange(() => this.cache.clear()));
  }

  private forget(): void {
    this.cache.clear();
    this.changed.fire();
  }

  get(backend: BackendKind, project: string): Promise<KeyUsages.Result | undefined> {
    const client = this.server.current;
    if (!client) return Promise.resolve(undefined);
    const id = `${backend}\0${project}`;
    let answer = this.cache.get(id);
    if (!answer) {
      answer = Promise.resolve(client.sendRequest(KeyUsages.type, { backend, project })).catch((e: unknown) => {
        this.log.warn(`key usages of ${project} (${backend}) unknown: ${e instanceof Error ? e.message : String(e)}`);
        this.cache.delete(id);
        return undefined;
      });
      this.cache.set(id, answer);
    }
    return answer;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
