/**
 * Where a command reads or writes: a backend, a project and (for Azure) a vault. Taken from the tree node the
 * command ran on, else asked for: the active backend, the project (the current folder's first), the vault.
 * Every read and write of a command goes through the `Target` and the extension's key cache (keys/keyCache.ts):
 * the first read of a target asks the store, later reads (the confirmation's plan) use what it answered, and a
 * write updates the cache, so the tree and the language server need no read of their own.
 */
import * as vscode from 'vscode';
import { Commands } from '../../../../shared/src/ids';
import { validateProjectName } from '../../../../shared/src/mlrun';
import type { BackendKind } from '../../../../shared/src/protocol';
import { BACKEND_LABELS } from '../../backendKinds';
import type { DeleteReport, KeyInfo, Result, SecretBackend, VaultBackend, VaultScope } from '../../backends/types';
import type { Ctx } from '../../ctx';
import { ScopeSession } from '../../keys/scopeSession';
import { projectStore, vaultStore } from '../../keys/stores';
import type { NodeScope } from '../../services';
import { showFailure } from './messages';
import { withProgress } from './progress';

export interface Target {
  kind: BackendKind;
  project: string;
  vault?: string;
  backend: SecretBackend;
  scope?: VaultScope;
  /** For sentences: `project "demo" in the local store`, `vault "v" of project "demo"`. */
  where: string;
  /** The target's keys, read once from the store and then from the extension's key cache. */
  keys: ScopeSession;
}

export function scopeOf(arg: unknown): NodeScope | undefined {
  const scope = (arg as { scope?: NodeScope } | undefined)?.scope;
  return scope && typeof scope === 'object' ? scope : undefined;
}

export function describeTarget(kind: BackendKind, project: string, backend: SecretBackend, vault?: string): string {
  switch (kind) {
    case 'local':
      return `project "${project}" in the local store`;
    case 'kubernetes':
      return `project "${project}" on Kubernetes (${backend.describe()})`;
    case 'mlrunApi':
      return `project "${project}" at the MLRun API ${backend.describe()}`;
    case 'azure':
      return `vault "${vault}" of project "${project}"`;
  }
}

/** The target's keys: the first time from the store (so warnings see them as they are now), then from the cache. */
export function listTargetKeys(t: Target, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
  return t.keys.keys(signal);
}

/** The target's keys, read behind a progress; undefined after telling the user why they could not be read. */
export async function readTargetKeys(ctx: Ctx, t: Target): Promise<KeyInfo[] | undefined> {
  const listed = await withProgress(ctx, `Reading the keys of ${t.where}…`, signal => listTargetKeys(t, signal));
  if (listed.ok) return listed.value;
  await showFailure(ctx, `Cannot read the keys of ${t.where}`, listed.error);
  return undefined;
}

export function setTargetSecrets(t: Target, values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void>> {
  return t.keys.set(values, signal);
}

export function deleteTargetSecrets(t: Target, keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>> {
  return t.keys.delete(keys, signal);
}

/** A target from explicit parts (a tree node's scope); reports a failure and returns undefined when unusable. */
export async function targetFor(ctx: Ctx, kind: BackendKind, project: string, vault?: string): Promise<Target | undefined> {
  const b = await ctx.backends.get(kind);
  if (!b.ok) {
    await showFailure(ctx, `Cannot use the ${BACKEND_LABELS[kind]}`, b.error);
    return undefined;
  }
  if (kind !== 'azure') {
    return { kind, project, backend: b.value, where: describeTarget(kind, project, b.value), keys: new ScopeSession(ctx.keys, { backend: kind, project }, projectStore(b.value, project)) };
  }
  const azure = b.value as VaultBackend;
  const name = vault ?? await pickVault(ctx, azure, project);
  if (!name) return undefined;
  const scope = azure.vault(project, name);
  if (!scope.ok) {
    await showFailure(ctx, `Cannot use vault "${name}"`, scope.error);
    return undefined;
  }
  return {
    kind, project, vault: scope.value.vault, backend: azure, scope: scope.value, where: describeTarget(kind, project, azure, scope.value.vault),
    keys: new ScopeSession(ctx.keys, { backend: kind, project, vault: scope.value.vault }, vaultStore(scope.value)),
  };
}

export interface ResolveOptions {
  /** Title of the pickers, e.g. "Set Secret". */
  title: string;
  /** Whether a project that does not exist yet may be typed (not for Azure: a project needs a vault first). */
  newProject: boolean;
  /** Use this backend unless the node names one (e.g. the vault commands: Azure). */
  kind?: BackendKind;
}

/** The target of a command run on `arg` (a tree node, or nothing from the palette). */
export async function resolveTarget(ctx: Ctx, arg: unknown, o: ResolveOptions): Promise<Target | undefined> {
  let scope = scopeOf(arg);
  if (o.kind && scope?.backend && scope.backend !== o.kind) scope = undefined;
  const kind = scope?.backend ?? o.kind ?? ctx.backends.active();
  let project = scope?.project;
  if (!project) {
    const b = await ctx.backends.get(kind);
    if (!b.ok) {
      await showFailure(ctx, `Cannot use the ${BACKEND_LABELS[kind]}`, b.error, ...(kind === 'local' ? [] : ['Select Backend…' as const]))
        .then(a => a && vscode.commands.executeCommand(Commands.selectBackend));
      return undefined;
    }
    project = await pickProject(ctx, kind, b.value, o);
    if (!project) return undefined;
  }
  return targetFor(ctx, kind, project, scope?.vault);
}

const ANOTHER = '$(add) Another project…';

/** Asks for a project: the workspace folders' projects first, then the backend's, then "Another project…". */
export async function pickProject(ctx: Ctx, kind: BackendKind, backend: SecretBackend, o: ResolveOptions): Promise<string | undefined> {
  const folders = new Map<string, string>();
  const active = vscode.window.activeTextEditor?.document.uri;
  const ordered = [...(vscode.workspace.workspaceFolders ?? [])].sort((a, b) =>
    Number(active && vscode.workspace.getWorkspaceFolder(active)?.index === b.index) - Number(active && vscode.workspace.getWorkspaceFolder(active)?.index === a.index));
  for (const f of ordered) {
    const p = await ctx.projects.project(f).catch(() => undefined);
    if (p && !folders.has(p)) folders.set(p, f.name);
  }
  const listed = await withProgress(ctx, `Listing the projects of the ${BACKEND_LABELS[kind]}…`, signal => backend.listProjects(signal));
  let others: string[] = [];
  if (listed.ok) others = listed.value.filter(p => !folders.has(p));
  else if (listed.error.kind !== 'forbidden') {
    await showFailure(ctx, `Cannot list the projects of the ${BACKEND_LABELS[kind]}`, listed.error);
    return undefined;
  }
  const allowNew = o.newProject && kind !== 'azure';
  if (kind === 'azure') {
    const withVault = new Set(listed.ok ? listed.value : []);
    for (const p of [...folders.keys()]) if (!withVault.has(p)) folders.delete(p);
    if (folders.size === 0 && others.length === 0) {
      const add = await ctx.host.showWarningMessage('MLRun Secrets: No project has an Azure Key Vault yet: add one first.', {}, 'Add Azure Key Vault…');
      if (add) await vscode.commands.executeCommand(Commands.addVault);
      return undefined;
    }
  }
  const items: vscode.QuickPickItem[] = [
    ...[...folders].map(([p, folder]) => ({ label: p, description: (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `folder ${folder}` : 'this folder' })),
    ...(others.length && folders.size ? [{ label: BACKEND_LABELS[kind], kind: vscode.QuickPickItemKind.Separator }] : []),
    ...others.map(p => ({ label: p })),
    ...(allowNew ? [{ label: ANOTHER, alwaysShow: true, description: 'type a project name' }] : []),
  ];
  const picked = await ctx.host.showQuickPick(items, { title: `${o.title}: project (${BACKEND_LABELS[kind]})`, placeHolder: 'MLRun project', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.label !== ANOTHER) return picked.label;
  return ctx.host.showInputBox({
    title: `${o.title}: new project`,
    prompt: 'MLRun project name (lower-case letters, digits and "-")',
    ignoreFocusOut: true,
    validateInput: v => validateProjectName(v.trim()),
  }).then(v => v?.trim());
}

/** Asks for one of the project's vaults (none: offers to add one). */
export async function pickVault(ctx: Ctx, azure: VaultBackend, project: string): Promise<string | undefined> {
  const vaults = azure.listVaults(project);
  if (!vaults.ok) {
    await showFailure(ctx, `Cannot list the vaults of project "${project}"`, vaults.error);
    return undefined;
  }
  if (vaults.value.length === 0) {
    const add = await ctx.host.showWarningMessage(`MLRun Secrets: Project "${project}" has no Azure Key Vault yet: add one first.`, {}, 'Add Azure Key Vault…');
    if (add) await vscode.commands.executeCommand(Commands.addVault, { scope: { backend: 'azure', project } });
    return undefined;
  }
  if (vaults.value.length === 1) return vaults.value[0];
  const picked = await ctx.host.showQuickPick(vaults.value.map(v => ({ label: v })), { title: `Vault of project "${project}"`, ignoreFocusOut: true });
  return picked?.label;
}
