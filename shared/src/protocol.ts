/**
 * Every custom message between the extension (client) and the language server, in one place.
 * Each message is a namespace holding its `method`, its typed params/result and its message type,
 * used by both sides (the habit of vscode-eslint's customMessages.ts and rust-analyzer's lsp_ext.ts).
 *
 * Rule that protects users: no secret value ever crosses this protocol (tracing could log it).
 * Quick fixes that store literals send only ranges; the client reads the values from the document.
 */
import { NotificationType, RequestType, type Location, type Range, type TextEdit } from 'vscode-languageserver-protocol';
import type { EnvNaming } from './mlrun';

/** Backends that can hold project secrets. */
export type BackendKind = 'local' | 'kubernetes' | 'mlrunApi' | 'azure';

/** client → server, whenever a folder's selected project or its keys change. One entry per workspace folder. */
export namespace ProjectKeys {
  export const method = 'mlrunSecrets/projectKeys' as const;
  export interface Params {
    folderUri: string;
    backend: BackendKind;
    project: string;
    /** Key names only. `null` = unknown: MLS004 stays silent. */
    keys: string[] | null;
    /**
     * How job pods name the secret variables (the MLRun version the client detected: the MLRun API's client-spec,
     * else the jobs image); absent = unknown, and hovers show both names.
     */
    podEnv?: { naming: EnvNaming; version?: string };
  }
  export const type = new NotificationType<Params>(method);
}

/** What the pure analyzer cannot tell from text; the server and the CLI each ask git (shared/src/gitFacts.ts). */
export interface FileFact {
  exists: boolean;
  trackedByGit: boolean;
  ignoredByGit: boolean;
}

export interface HandlerInfo {
  name: string;
  range: Range;
  /** Keys the handler's code reads (get_secret / get_secret_or_env / kubernetes source lists). */
  keysRead: string[];
  /** Secret provider kinds the handler's file uses (`kubernetes`, `inline`, …). */
  providersUsed: string[];
}

/** client → server: top-level functions taking `context` in a file, and the keys their code reads. */
export namespace Handlers {
  export const method = 'mlrunSecrets/handlers' as const;
  export interface Params {
    uri: string;
  }
  export type Result = HandlerInfo[];
  export const type = new RequestType<Params, Result, void>(method);
}

export interface VaultSource {
  uri: string;
  range: Range;
  /** Vault name (`name` of the source dict); null when it is not a literal. */
  name: string | null;
  k8sSecret: string | null;
  /** Secret names listed in the source; `[]` means all enabled secrets of the vault. */
  secrets: string[];
}

/** client → server: every `with_secrets("azure_vault", …)` source in open and workspace files. */
export namespace VaultSources {
  export const method = 'mlrunSecrets/vaultSources' as const;
  export type Params = Record<string, never>;
  export type Result = VaultSource[];
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * client → server: analyse every file of every workspace folder (respecting `.gitignore`, `.mlrun-secrets.json`
 * and the `mlrunSecrets.exclude` setting) and publish their diagnostics; the server keeps them current as files
 * change on disk. The server reports work-done progress it creates itself and stops early when the request is
 * cancelled (`$/cancelRequest`: the response is the LSP `RequestCancelled` error) or when the user cancels the
 * progress (the response then has `cancelled: true` and counts what was analysed so far).
 */
export namespace ScanWorkspace {
  export const method = 'mlrunSecrets/scanWorkspace' as const;
  export type Params = Record<string, never>;
  export interface Result {
    /** Files analysed. */
    files: number;
    /** Findings published (after suppressions and severity settings). */
    findings: number;
    /** Wall time of the scan in milliseconds. */
    ms: number;
    /** True when the user cancelled the progress before every file was analysed. */
    cancelled: boolean;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * client → server: the MLRun project a folder's code names: the literal given to
 * `mlrun.get_or_create_project("name", …)`, `mlrun.new_project("name", …)` or `mlrun.load_project(name="name", …)`
 * in the folder's Python files and notebooks (shallowest file first), else `metadata.name` of a `project.yaml`.
 */
export namespace FolderProject {
  export const method = 'mlrunSecrets/folderProject' as const;
  export interface Params {
    folderUri: string;
  }
  export interface Result {
    /** A valid MLRun project name, or null when the folder names none. */
    project: string | null;
    /** URI of the file the name comes from, or null. */
    source: string | null;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** One committed secret value found by the history scan: where it was committed and its key, never the value. */
export interface HistoryLeak {
  /** Full commit hash and author date (ISO 8601 with the author's offset) of the commit that made the blob. */
  commit: string;
  authorDate: string;
  /** Repository-relative path (`/`-separated) in that commit, and the range there. */
  path: string;
  range: Range;
  rule: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** The key whose value leaked; null when the rule names none (a URL's password). */
  key: string | null;
  message: string;
}

/**
 * client → server: scan the git history of a workspace folder's repository (every commit reachable from HEAD, or
 * `revisions`) for committed secret values. The server runs git (the client offers the command in trusted
 * workspaces only), reports work-done progress with a Cancel button, and stops — killing git — when the request
 * or the progress is cancelled (the response is then the LSP `RequestCancelled` error).
 */
export namespace ScanHistory {
  export const method = 'mlrunSecrets/scanHistory' as const;
  export interface Params {
    folderUri: string;
    revisions?: string[];
  }
  export interface Result {
    /** The repository's top-level folder (fs path). */
    root: string;
    commits: number;
    blobs: number;
    ms: number;
    leaks: HistoryLeak[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** How often the code of a project's folders names one key. */
export interface KeyUsageCount {
  key: string;
  /** Places naming it (reads, `set_secrets` keys). */
  count: number;
  /** Of those, places reading it (what MLS004 checks). */
  reads: number;
}

/**
 * client → server: the keys the code of the workspace folders whose selected project is `project` of `backend`
 * names, and which of the keys it reads the store lacks (exactly MLS004's findings, unsuppressed, summed over the
 * folders). Key names only. The first request indexes the folders' files from disk (as Scan Workspace lists them).
 */
export namespace KeyUsages {
  export const method = 'mlrunSecrets/keyUsages' as const;
  export interface Params {
    backend: BackendKind;
    project: string;
  }
  export interface Result {
    /** Workspace folders whose selected project this is (0: no code to count; counts are empty). */
    folders: number;
    keys: KeyUsageCount[];
    /** Keys read but not in the store, sorted; null when the store's keys are unknown (MLS004 silent too). */
    missing: string[] | null;
    /** The index hit its bound: some usages are not counted. */
    truncated: boolean;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** client → server: where the code of the project's folders names `key` (for Find Usages). */
export namespace KeyReferences {
  export const method = 'mlrunSecrets/keyReferences' as const;
  export interface Params {
    backend: BackendKind;
    project: string;
    key: string;
  }
  export type Result = Location[];
  export const type = new RequestType<Params, Result, void>(method);
}

/** server → client: the keys the workspace names changed (the tree asks `keyUsages` again). */
export namespace KeyUsagesChanged {
  export const method = 'mlrunSecrets/keyUsagesChanged' as const;
  export type Params = Record<string, never>;
  export const type = new NotificationType<Params>(method);
}

/**
 * Arguments of the client command `mlrunSecrets.storeLiterals`, which quick fixes run.
 * Only ranges travel: the client reads each literal's value from the document itself.
 */
export namespace StoreLiterals {
  export const command = 'mlrunSecrets.storeLiterals' as const;
  export interface Literal {
    /** Secret key the value will be stored under. */
    key: string;
    /** Range of the string literal (quotes included) holding the value. */
    range: Range;
  }
  export interface Args {
    uri: string;
    /** The folder's selected project, when the server knows it ('' otherwise: the client asks). */
    project: string;
    /** Applied after the values are stored, e.g. `with_secrets("kubernetes", ["K1"])`. */
    rewrite: TextEdit[];
    literals: Literal[];
    /** For notebooks: the cell document the ranges belong to (same as `uri` otherwise). */
    cellUri?: string;
  }
}

/** Command ids shared by both sides (server code actions name them). */
export const Commands = {
  storeLiterals: StoreLiterals.command,
  runJob: 'mlrunSecrets.runJob',
  scanWorkspace: 'mlrunSecrets.scanWorkspace',
  scanHistory: 'mlrunSecrets.scanHistory',
} as const;
