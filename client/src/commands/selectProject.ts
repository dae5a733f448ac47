/**
 * Select Project for Folder…: the MLRun project of a workspace folder (`mlrunSecrets.project`, a resource setting
 * written for that folder), picked from the active backend's projects or typed; or back to detecting it from the
 * code (`get_or_create_project("name")`) and project.yaml.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { validateProjectName } from '../../../shared/src/mlrun';
import { SECTION } from '../../../shared/src/settings';
import { BACKEND_LABELS } from '../backendKinds';
import { setting } from '../config';
import { REACHES_STORE, type CommandFactory } from './command';
import { withProgress } from './support/progress';

const TYPE = '$(edit) Type a project name…';
const DETECT = '$(search) Detect from the code and project.yaml';

export const selectProject: CommandFactory = ctx => ({
  id: Commands.selectProject,
  title: 'Select Project for Folder…',
  restricted: REACHES_STORE,
  async run(arg?: unknown) {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void ctx.host.showInformationMessage('MLRun Secrets: Open a folder first: the project is chosen per workspace folder.');
      return undefined;
    }
    let folder = arg instanceof vscode.Uri ? vscode.workspace.getWorkspaceFolder(arg) : undefined;
    if (!folder && folders.length === 1) folder = folders[0];
    if (!folder) {
      const picked = await ctx.host.showQuickPick(await Promise.all(folders.map(async f => ({ label: f.name, description: (await ctx.projects.project(f)) ?? 'no project', folder: f }))),
        { title: 'MLRun Secrets: folder', placeHolder: 'Folder whose project to choose' });
      folder = picked?.folder;
      if (!folder) return undefined;
    }
    const kind = ctx.backends.active();
    const current = await ctx.projects.project(folder);
    const explicit = setting('project', folder.uri).trim();
    const backend = await ctx.backends.get(kind);
    const listed = backend.ok ? await withProgress(ctx, `Listing the projects of the ${BACKEND_LABELS[kind]}…`, signal => backend.value.listProjects(signal)) : backend;
    const names = listed.ok ? listed.value : [];
    const items = [
      ...names.map(p => ({ label: `${p === current ? '$(check) ' : ''}${p}`, project: p, description: BACKEND_LABELS[kind] })),
      { label: TYPE, project: '', description: listed.ok ? '' : `(could not list projects: ${listed.error.message})` },
      ...(explicit ? [{ label: DETECT, project: '', description: 'clears mlrunSecrets.project for this folder' }] : []),
    ];
    const picked = await ctx.host.showQuickPick(items, { title: `MLRun Secrets: project of folder ${folder.name}`, placeHolder: current ? `Now: ${current}` : 'No project yet' });
    if (!picked) return undefined;
    const config = vscode.workspace.getConfiguration(SECTION, folder.uri);
    if (picked.label === DETECT) {
      await config.update('project', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      return '';
    }
    let project: string | undefined = picked.project;
    if (picked.label === TYPE) {
      project = (await ctx.host.showInputBox({ title: `MLRun Secrets: project of folder ${folder.name}`, prompt: 'MLRun project name', value: current ?? '', validateInput: v => validateProjectName(v.trim()) }))?.trim();
    }
    if (!project) return undefined;
    await config.update('project', project, vscode.ConfigurationTarget.WorkspaceFolder);
    ctx.log.info(`folder ${folder.name}: project set to ${project}`);
    return project;
  },
});
