/**
 * The services commands, tree nodes and job runners use. Interfaces here, below both the context (ctx.ts) and the
 * tree (tree/*), which import these types and not each other; implementations live in their own modules
 * (backendRegistry.ts, folderProjects.ts, keys/keyCache.ts) and are created before the context at activation.
 * Type-only imports of the heavy backends keep their SDKs out of the extension bundle.
 */
import type * as vscode from 'vscode';
import type { BackendKind } from '../../shared/src/protocol';
import type { VaultBackend } from './backends/types';
import type { KubernetesBackend } from './backends/kubernetes/backend';
import type { LocalBackend } from './backends/local/index';
import type { MlrunApiBackend } from './backends/mlrunApi/backend';
import type { Result, SecretBackend } from './backends/types';
import type { KeyCache } from './keys/keyCache';
import type { KeyUsageSource } from './keys/keyUsages';

/** Creates each backend lazily from the current settings and credentials (and again when they change). */
export interface Backends {
  /** Fires when settings, sign-in state or the set of configured backends change. */
  readonly onDidChange: vscode.Event<void>;
  /** The backend commands use when none is picked from the tree (`mlrunSecrets.backend`). */
  active(): BackendKind;
  /** Forgets created backends (one or all), so the next use re-reads kubeconfig, env file and settings. */
  reset(kind?: BackendKind): void;
  local(): LocalBackend;
  /** Loads `dist/backends/kubernetes.js` on first use; fails clearly when no kubeconfig is usable. */
  kubernetes(): Promise<Result<KubernetesBackend>>;
  /** Fails with `notFound` when no endpoint is configured (setting, MLRUN_DBPATH or the SDK's env file). */
  mlrunApi(): Promise<Result<MlrunApiBackend>>;
  /** Loads `dist/backends/azure.js` on first use. */
  azure(): Promise<Result<VaultBackend>>;
  get(kind: BackendKind): Promise<Result<SecretBackend>>;
  /** Backends that have something to show (the tree's roots; empty → welcome view). */
  configured(): Promise<BackendKind[]>;
}

/** Each workspace folder's MLRun project (setting, else the code's get_or_create_project / project.yaml). */
export interface FolderProjects {
  readonly onDidChange: vscode.Event<vscode.WorkspaceFolder | undefined>;
  /** The folder's project, or undefined when it cannot be resolved. */
  project(folder: vscode.WorkspaceFolder): Promise<string | undefined>;
  /** The project of the folder holding `uri` (the first folder when `uri` is outside every folder). */
  projectFor(uri: vscode.Uri | undefined): Promise<string | undefined>;
}

/** What a tree node (or a command's argument) is about: a backend, a project of it, a vault of that project. */
export interface NodeScope {
  backend?: BackendKind;
  project?: string;
  vault?: string;
}

/** What the tree and the status items need (the context offers it, and more). */
export interface Services {
  readonly backends: Backends;
  readonly projects: FolderProjects;
  /** The key lists every reader shares (keys/keyCache.ts). */
  readonly keys: KeyCache;
  /** How the workspace's code uses each key (the language server's usage index). */
  readonly usages: KeyUsageSource;
  readonly log: vscode.LogOutputChannel;
}
