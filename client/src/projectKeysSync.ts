/**
 * Tells the language server each folder's project and its key names (`mlrunSecrets/projectKeys`), so MLS004 can
 * say which keys the code reads but the store lacks. Sent for every folder whenever its project, the active
 * backend or that project's keys change, and again after every language-server (re)start. Key names only; `null`
 * when they are unknown (no project, Restricted Mode — where no store is contacted — or a failure), which keeps
 * MLS004 silent.
 */
import * as vscode from 'vscode';
import { ProjectKeys, type BackendKind } from '../../shared/src/protocol';
import type { Ctx } from './ctx';
import { onSettingsChanged } from './config';
import { podEnvParam, podNamingWithin } from './podNaming';

export class ProjectKeysSync implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Newest send per folder: an older, slower answer never overwrites a newer one. */
  private readonly generation = new Map<string, number>();
  /** What was last sent per folder (for tests and logs). */
  readonly sent = new Map<string, ProjectKeys.Params>();

  constructor(private readonly ctx: Ctx) {
    ctx.server.onClient(() => this.sendAll());
    this.disposables.push(ctx.projects.onDidChange(folder => (folder ? this.send([folder]) : this.sendAll())));
    this.disposables.push(ctx.backends.onDidChange(() => this.sendAll()));
    this.disposables.push(ctx.backends.onDidChangeKeys(change => void this.sendMatching(change.kind, change.project)));
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.sendAll()));
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.sendAll()));
    this.disposables.push(onSettingsChanged(['jobs.image', 'jobs.mlrunVersion'], () => void this.sendAll()));
  }

  sendAll(): Promise<void> {
    return this.send(vscode.workspace.workspaceFolders ?? []);
  }

  private async sendMatching(kind: BackendKind | undefined, project: string | undefined): Promise<void> {
    if (kind && kind !== this.ctx.backends.active()) return;
    const folders: vscode.WorkspaceFolder[] = [];
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (!project || (await this.ctx.projects.project(f)) === project) folders.push(f);
    }
    await this.send(folders);
  }

  private async send(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
    const keysOf = new Map<string, Promise<string[] | null>>();
    // How job pods name secret variables (hover texts); detected alongside the keys, bounded in time.
    const naming = podNamingWithin(this.ctx, 5000);
    await Promise.all(folders.map(async folder => {
      const key = folder.uri.toString();
      const gen = (this.generation.get(key) ?? 0) + 1;
      this.generation.set(key, gen);
      const backend = this.ctx.backends.active();
      const project = (await this.ctx.projects.project(folder).catch(() => undefined)) ?? '';
      let keys: string[] | null = null;
      if (project && vscode.workspace.isTrusted) {
        let pending = keysOf.get(project);
        if (!pending) {
          pending = this.listKeys(backend, project);
          keysOf.set(project, pending);
        }
        keys = await pending;
      }
      const podEnv = podEnvParam(await naming);
      if (this.generation.get(key) !== gen) return;
      const params: ProjectKeys.Params = { folderUri: key, backend, project, keys, ...podEnv };
      const client = this.ctx.server.current;
      if (!client) return; // sent again from onClient when the server is back
      try {
        await client.sendNotification(ProjectKeys.type, params);
        this.sent.set(key, params);
        this.ctx.log.trace(`projectKeys → ${folder.name}: ${backend} ${project || '(no project)'}, ${keys === null ? 'keys unknown' : `${keys.length} keys`}`);
      } catch (e) {
        this.ctx.log.warn(`could not send the project keys of ${folder.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }));
  }

  private async listKeys(kind: BackendKind, project: string): Promise<string[] | null> {
    const backend = await this.ctx.backends.get(kind);
    if (!backend.ok) return null;
    const keys = await backend.value.listKeys(project);
    if (!keys.ok) {
      this.ctx.log.trace(`projectKeys: keys of ${project} in ${kind} unknown (${keys.error.kind})`);
      return null;
    }
    return [...new Set(keys.value.map(k => k.name))].sort();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
