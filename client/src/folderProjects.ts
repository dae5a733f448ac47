/**
 * Each workspace folder's MLRun project (`FolderProjects`), in this order:
 *   1. the `mlrunSecrets.project` resource setting of the folder;
 *   2. what the language server finds in the folder's code (`mlrunSecrets/folderProject`:
 *      `get_or_create_project("name", …)`, `new_project`, `load_project(name=…)`, else `project.yaml`'s
 *      `metadata.name`); asking starts the server when nothing has yet (serverStart.ts), so the YAML parser lives
 *      in the server's bundle only.
 * Resolved lazily and cached; resolved again when the setting, a `project.yaml`, a saved Python file or notebook of
 * the folder changes, or the language server (re)starts. `onDidChange` fires only when a folder's project changed.
 */
import * as vscode from 'vscode';
import { validateProjectName } from '../../shared/src/mlrun';
import { FolderProject } from '../../shared/src/protocol';
import { SECTION } from '../../shared/src/settings';
import { setting } from './config';
import type { LanguageServer } from './languageServer';
import type { FolderProjects } from './services';

export type ProjectSource = 'setting' | 'code' | 'project.yaml';

export interface FolderResolution {
  project: string | undefined;
  source?: ProjectSource;
  /** The file the name comes from (code or project.yaml). */
  sourceUri?: string;
  /** Why the folder has no project although something names one (an invalid name). */
  problem?: string;
}

const METHOD_NOT_FOUND = -32601;
const RESOLVE_DELAY_MS = 300;

export class FolderProjectService implements FolderProjects, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.WorkspaceFolder | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly cache = new Map<string, Promise<FolderResolution>>();
  private readonly known = new Map<string, string | undefined>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly server: LanguageServer, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration(e => {
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        if (e.affectsConfiguration(`${SECTION}.project`, f.uri)) this.schedule(f, 0);
      }
    }));
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(e => {
      for (const f of e.removed) {
        this.cache.delete(f.uri.toString());
        this.known.delete(f.uri.toString());
      }
      for (const f of e.added) this.schedule(f, 0);
      this.watchProjectYaml();
    }));
    this.disposables.push(vscode.workspace.onDidSaveTextDocument(doc => {
      if (doc.languageId !== 'python' && !doc.uri.path.endsWith('.ipynb')) return;
      const f = vscode.workspace.getWorkspaceFolder(doc.uri);
      if (f) this.schedule(f, RESOLVE_DELAY_MS);
    }));
    this.disposables.push(vscode.workspace.onDidSaveNotebookDocument(nb => {
      const f = vscode.workspace.getWorkspaceFolder(nb.uri);
      if (f) this.schedule(f, RESOLVE_DELAY_MS);
    }));
    this.disposables.push(server.onDidStart(() => {
      for (const f of vscode.workspace.workspaceFolders ?? []) this.schedule(f, 0);
    }));
    this.watchProjectYaml();
  }

  private yamlWatchers: vscode.Disposable[] = [];

  private watchProjectYaml(): void {
    for (const w of this.yamlWatchers.splice(0)) w.dispose();
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f, 'project.yaml'));
      const again = (): void => this.schedule(f, 0);
      w.onDidCreate(again);
      w.onDidChange(again);
      w.onDidDelete(again);
      this.yamlWatchers.push(w);
    }
  }

  async project(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
    return (await this.resolution(folder)).project;
  }

  async projectFor(uri: vscode.Uri | undefined): Promise<string | undefined> {
    const folder = this.folderFor(uri);
    return folder ? this.project(folder) : undefined;
  }

  /** The folder holding `uri`, else the first folder. */
  folderFor(uri: vscode.Uri | undefined): vscode.WorkspaceFolder | undefined {
    return (uri && vscode.workspace.getWorkspaceFolder(uri)) || vscode.workspace.workspaceFolders?.[0];
  }

  /** The folder's project and where it comes from. */
  resolution(folder: vscode.WorkspaceFolder): Promise<FolderResolution> {
    const key = folder.uri.toString();
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.resolve(folder);
      this.cache.set(key, hit);
      void hit.then(r => {
        if (!this.known.has(key)) this.known.set(key, r.project);
      });
    }
    return hit;
  }

  /** Resolves a folder again after `delay` ms (coalescing bursts) and fires when its project changed. */
  private schedule(folder: vscode.WorkspaceFolder, delay: number): void {
    const key = folder.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.cache.delete(key);
      void this.resolution(folder).then(r => {
        const before = this.known.get(key);
        this.known.set(key, r.project);
        if (before !== r.project) {
          this.log.info(`folder ${folder.name}: project ${r.project ?? '(none)'}${r.source ? ` (from ${r.source})` : ''}`);
          this.changed.fire(folder);
        }
      });
    }, delay));
  }

  private async resolve(folder: vscode.WorkspaceFolder): Promise<FolderResolution> {
    const fromSetting = setting('project', folder.uri).trim();
    if (fromSetting) {
      const bad = validateProjectName(fromSetting);
      if (bad) {
        this.log.warn(`folder ${folder.name}: mlrunSecrets.project "${fromSetting}" is not a valid project name: ${bad}`);
        return { project: undefined, problem: `mlrunSecrets.project "${fromSetting}" is not a valid MLRun project name: ${bad}` };
      }
      return { project: fromSetting, source: 'setting' };
    }
    let client;
    try {
      client = await this.server.ready();
    } catch (e) {
      this.log.warn(`folder ${folder.name}: no project (the language server did not start: ${e instanceof Error ? e.message : String(e)})`);
      return { project: undefined };
    }
    try {
      const r = await client.sendRequest(FolderProject.type, { folderUri: folder.uri.toString() });
      if (r && typeof r.project === 'string' && validateProjectName(r.project) === undefined) {
        return { project: r.project, source: r.source?.endsWith('project.yaml') ? 'project.yaml' : 'code', ...(r.source ? { sourceUri: r.source } : {}) };
      }
    } catch (e) {
      if ((e as { code?: number }).code !== METHOD_NOT_FOUND) {
        this.log.warn(`folder ${folder.name}: the language server could not tell its project (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    return { project: undefined };
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of [...this.disposables, ...this.yamlWatchers].splice(0)) d.dispose();
  }
}
