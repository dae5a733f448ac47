/**
 * The language status item of Python files and notebook cells (the `{}` in the status bar, as vscode-eslint shows
 * its server there): the MLRun project of the active editor's folder and the language server's state, with the
 * action that fits it (Show Output while it runs, Restart when it stopped or failed).
 */
import * as vscode from 'vscode';
import { Commands } from '../../shared/src/ids';
import type { LanguageServer, ServerState } from './languageServer';
import type { FolderProjects } from './services';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'python', scheme: 'file' },
  { language: 'python', scheme: 'untitled' },
  { language: 'python', scheme: 'vscode-notebook-cell' },
];

const DETAIL: Record<ServerState, string> = {
  notStarted: 'language server not started',
  starting: 'language server starting…',
  running: 'language server running',
  stopped: 'language server stopped',
  failed: 'language server failed to start',
};

export class LanguageStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('mlrunSecrets.server', SELECTOR);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private project: string | undefined;
  private generation = 0;

  constructor(private readonly server: LanguageServer, private readonly projects: FolderProjects) {
    this.item.name = 'MLRun Secrets';
    this.disposables.push(server.onDidChangeState(state => {
      this.render();
      if (state === 'running') void this.update();
    }));
    this.disposables.push(projects.onDidChange(() => void this.update()));
    this.disposables.push(vscode.window.onDidChangeActiveTextEditor(() => void this.update()));
    this.render();
    void this.update();
  }

  /** What the item shows (for tests). */
  get text(): string {
    return this.item.text;
  }

  get detail(): string {
    return this.item.detail ?? '';
  }

  /** Re-reads the active editor's project (only once a Python document is active: it starts nothing by itself). */
  async update(): Promise<void> {
    const gen = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    const project = doc && vscode.languages.match(SELECTOR, doc) > 0 && this.server.state === 'running'
      ? await this.projects.projectFor(doc.uri).catch(() => undefined)
      : this.project;
    if (gen !== this.generation) return;
    this.project = project;
    this.render();
  }

  private render(): void {
    const state = this.server.state;
    this.item.text = this.project ? `MLRun: ${this.project}` : 'MLRun Secrets';
    this.item.detail = DETAIL[state];
    this.item.busy = state === 'starting';
    this.item.severity = state === 'failed' || state === 'stopped' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    this.item.command = state === 'failed' || state === 'stopped'
      ? { command: Commands.restartServer, title: 'Restart' }
      : { command: Commands.showOutput, title: 'Show Output' };
    this.item.accessibilityInformation = { label: `MLRun Secrets: ${this.project ? `project ${this.project}, ` : ''}${DETAIL[state]}` };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
