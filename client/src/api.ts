/**
 * What the extension exports to other extensions: a small, versioned contract with key names only (the way
 * vscode-kubernetes-tools versions its API: `getApi(version)` answers available or not). Nothing reachable from it
 * leads to a value, a credential, SecretStorage, a backend or the extension's context: it holds plain frozen data
 * and functions whose closures (which no other code can read) reach only what `mlrunSecrets/projectKeys` tells
 * the language server anyway. Documented in the README ("API for other extensions").
 */
import type * as vscode from 'vscode';
import type { BackendKind, ProjectKeys } from '../../shared/src/protocol';

/** What the language server was last told about a workspace folder: key names only. */
export interface FolderKeysV1 {
  readonly folderUri: string;
  /** The active backend when it was sent. */
  readonly backend: BackendKind;
  /** The folder's MLRun project ('' when it has none). */
  readonly project: string;
  /** The project's key names in that backend; `null` when unknown (no project, Restricted Mode, a failure). */
  readonly keys: readonly string[] | null;
}

export interface MlrunSecretsApiV1 {
  /** The backend palette commands use (`mlrunSecrets.backend`). */
  activeBackend(): BackendKind;
  /** The folder holding `uri` (or its URI string), as last sent to the language server; undefined before that. */
  folderKeys(uri: vscode.Uri | string): FolderKeysV1 | undefined;
  /** Fires whenever a folder's entry is sent again (project, backend or keys changed, or the server restarted). */
  readonly onDidChangeFolderKeys: vscode.Event<FolderKeysV1>;
}

export type ApiVersion = 'v1';

export type ApiAnswer<T> = { readonly available: true; readonly api: T } | { readonly available: false; readonly reason: 'version-unknown' };

/** `vscode.extensions.getExtension('mlrun-secrets.mlrun-secrets').exports` (outside tests). */
export interface MlrunSecretsExports {
  /** Versions `getApi` answers. */
  readonly versions: readonly ApiVersion[];
  getApi(version: 'v1'): ApiAnswer<MlrunSecretsApiV1>;
  getApi(version: string): ApiAnswer<unknown>;
}

/** What the API is built from (the sync's sends and the active backend; no store, no context). */
export interface ApiSources {
  activeBackend(): BackendKind;
  sent(folderUri: string): ProjectKeys.Params | undefined;
  onDidSend(listener: (params: ProjectKeys.Params) => void): vscode.Disposable;
  folderUriOf(uri: vscode.Uri | string): string | undefined;
}

function copy(p: ProjectKeys.Params): FolderKeysV1 {
  return Object.freeze({ folderUri: p.folderUri, backend: p.backend, project: p.project, keys: p.keys ? Object.freeze([...p.keys]) : null });
}

/** A disposable with nothing behind it but a function. */
function handle(dispose: () => void): vscode.Disposable {
  return Object.freeze({ dispose: () => dispose() });
}

export function publicApi(sources: ApiSources): MlrunSecretsExports {
  const onDidChangeFolderKeys: vscode.Event<FolderKeysV1> = (listener, thisArgs, disposables) => {
    const inner = sources.onDidSend(p => listener.call(thisArgs, copy(p)));
    const d = handle(() => inner.dispose());
    if (Array.isArray(disposables)) disposables.push(d);
    return d;
  };
  const v1: MlrunSecretsApiV1 = Object.freeze({
    activeBackend: () => sources.activeBackend(),
    folderKeys: (uri: vscode.Uri | string) => {
      const folder = sources.folderUriOf(uri);
      const p = folder === undefined ? undefined : sources.sent(folder);
      return p ? copy(p) : undefined;
    },
    onDidChangeFolderKeys,
  });
  const answers: Record<ApiVersion, ApiAnswer<MlrunSecretsApiV1>> = { v1: Object.freeze({ available: true as const, api: v1 }) };
  const unknown = Object.freeze({ available: false as const, reason: 'version-unknown' as const });
  return Object.freeze({
    versions: Object.freeze(['v1'] as const),
    getApi: ((version: string) => (Object.prototype.hasOwnProperty.call(answers, version) ? answers[version as ApiVersion] : unknown)) as MlrunSecretsExports['getApi'],
  });
}
