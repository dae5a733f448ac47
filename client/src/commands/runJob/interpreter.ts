/**
 * The interpreter of local runs: the one the Python extension selected for the folder, else the machine setting
 * `mlrunSecrets.jobs.pythonPath`, else `python3` (`python` on Windows). Never a workspace setting of ours.
 */
import * as vscode from 'vscode';
import { setting } from '../../config';

export interface Interpreter {
  path: string;
  source: 'Python extension' | 'mlrunSecrets.jobs.pythonPath' | 'default';
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri | vscode.WorkspaceFolder): { path: string } | undefined;
  resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
}

async function fromPythonExtension(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<{ environments?: PythonEnvironmentsApi }>('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    if (!envs?.getActiveEnvironmentPath) return undefined;
    const active = envs.getActiveEnvironmentPath(folder.uri);
    if (!active?.path) return undefined;
    const resolved = await envs.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

export async function pythonFor(folder: vscode.WorkspaceFolder): Promise<Interpreter> {
  const selected = await fromPythonExtension(folder);
  if (selected) return { path: selected, source: 'Python extension' };
  const configured = setting('jobs.pythonPath').trim();
  if (configured) return { path: configured, source: 'mlrunSecrets.jobs.pythonPath' };
  return { path: process.platform === 'win32' ? 'python' : 'python3', source: 'default' };
}
