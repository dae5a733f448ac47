/**
 * The one table of the files MLRun Secrets analyses. Every place that decides whether a file is analysed derives
 * its answer from it: the analyzer and the CLI / workspace-scan listing (`documentKind`), the language server's
 * open documents (`textKindOf`) and its one file watcher (`WATCH_GLOBS`), the client's document selector
 * (`DOCUMENT_SELECTOR`), the manifest's activation events (`ACTIVATION_EVENTS`) and the pre-commit hook's `files`
 * pattern (`PRECOMMIT_FILES`); tests compare package.json and .pre-commit-hooks.yaml with it.
 */
import { CONFIG_FILE } from './config';

export type DocumentKind = 'python' | 'notebook' | 'markdown' | 'yaml' | 'env';
/** The kinds the editor opens as text documents (notebooks come through notebook-document sync). */
export type TextKind = Exclude<DocumentKind, 'notebook'>;

export interface FileKind {
  kind: DocumentKind;
  /** Lower-case extensions, with the dot (`.py`; one extension each). */
  suffixes: readonly string[];
  /** Lower-case whole base names (`.env`). */
  names: readonly string[];
  /** Lower-case base-name beginnings (`.env.` for `.env.local`). */
  prefixes: readonly string[];
  /** VS Code language ids of such documents (document selector, activation events). */
  languages: readonly string[];
  /** Editors give these files various language ids: the client also selects them by file name. */
  byName: boolean;
  /** Notebook types (the notebook kind). */
  notebookTypes: readonly string[];
}

export const FILE_KINDS: readonly FileKind[] = [
  { kind: 'python', suffixes: ['.py', '.pyw'], names: [], prefixes: [], languages: ['python'], byName: false, notebookTypes: [] },
  { kind: 'notebook', suffixes: ['.ipynb'], names: [], prefixes: [], languages: [], byName: false, notebookTypes: ['jupyter-notebook'] },
  { kind: 'markdown', suffixes: ['.md', '.markdown'], names: [], prefixes: [], languages: ['markdown'], byName: false, notebookTypes: [] },
  // CI workflows often get their own language id (github-actions-workflow, azure-pipelines, dockercompose, helm).
  { kind: 'yaml', suffixes: ['.yaml', '.yml'], names: [], prefixes: [], languages: ['yaml'], byName: true, notebookTypes: [] },
  // Env files (MLS010, MLS011): `.env`, `mlrun.env`, `prod.env`, `.env.local`, and MLRun's habitual `secrets.txt`.
  // VS Code calls them dotenv, other setups properties, shellscript or plaintext: the client selects them by name.
  { kind: 'env', suffixes: ['.env'], names: ['.env', 'secrets.txt'], prefixes: ['.env.'], languages: ['dotenv'], byName: true, notebookTypes: [] },
];

/** The configuration file and .gitignore files: watched (they change what is analysed), never analysed. */
export const WATCHED_CONFIG_NAMES: readonly string[] = [CONFIG_FILE, '.gitignore'];

// Lookups built once from the table: the CLI asks about every file of a tree.
const BY_SUFFIX = new Map<string, DocumentKind>(FILE_KINDS.flatMap(k => k.suffixes.map(x => [x, k.kind] as const)));
const BY_NAME = new Map<string, DocumentKind>(FILE_KINDS.flatMap(k => k.names.map(x => [x, k.kind] as const)));
const BY_PREFIX = FILE_KINDS.flatMap(k => k.prefixes.map(x => [x, k.kind] as const));

/** The kind of a file, from its path or name (either separator), or undefined when it is not analysed. */
export function documentKind(path: string): DocumentKind | undefined {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const base = (cut >= 0 ? path.slice(cut + 1) : path).toLowerCase();
  const dot = base.lastIndexOf('.');
  // A suffix needs a name before it (`.py` alone is no Python file; `.env` is an env file by name).
  const bySuffix = dot > 0 ? BY_SUFFIX.get(base.slice(dot)) : undefined;
  if (bySuffix) return bySuffix;
  const byName = BY_NAME.get(base);
  if (byName) return byName;
  for (const [prefix, kind] of BY_PREFIX) if (base.length > prefix.length && base.startsWith(prefix)) return kind;
  return undefined;
}

/** The kind of an open text document: its language id first, then the name in its URI. */
export function textKindOf(languageId: string, uri: string): TextKind | undefined {
  for (const k of FILE_KINDS) if (k.kind !== 'notebook' && k.languages.includes(languageId)) return k.kind as TextKind;
  const kind = documentKind(uri.split(/[?#]/)[0]);
  return kind === 'notebook' ? undefined : kind;
}

/** Glob of the base names a kind matches (`*.py`, `.env`, `.env.*`). */
function namePatterns(k: FileKind): string[] {
  return [...k.suffixes.map(s => `*${s}`), ...k.names, ...k.prefixes.map(p => `${p}*`)];
}

/** The language server's one file watcher: every analysed file, the configuration and .gitignore files. */
export const WATCH_GLOBS: readonly string[] = [
  `**/{${[...FILE_KINDS.flatMap(namePatterns), ...WATCHED_CONFIG_NAMES].join(',')}}`,
];

/** A document filter as vscode-languageclient takes it (a plain object, so shared/ needs no vscode import). */
export interface DocumentFilter {
  scheme: string;
  language?: string;
  pattern?: string;
}

/** The documents the client hands to the language server. */
export const DOCUMENT_SELECTOR: readonly DocumentFilter[] = [
  ...FILE_KINDS.flatMap(k => k.languages.flatMap(language => [{ scheme: 'file', language }, { scheme: 'untitled', language }])),
  // Python code cells of notebooks (notebook-document sync hands the server the whole notebook).
  ...FILE_KINDS.filter(k => k.kind === 'python').flatMap(k => k.languages.map(language => ({ scheme: 'vscode-notebook-cell', language }))),
  ...FILE_KINDS.filter(k => k.byName).map(k => ({ scheme: 'file', pattern: `**/{${namePatterns(k).join(',')}}` })),
];

/** The notebook types the language server reads through notebook-document sync. */
export const NOTEBOOK_TYPES: readonly string[] = FILE_KINDS.flatMap(k => k.notebookTypes);

/**
 * The activation events the manifest lists for analysed files (a language, a notebook type). Other events
 * (workspaceContains, views, commands) are the manifest's own.
 */
export const ACTIVATION_EVENTS: readonly string[] = [
  ...FILE_KINDS.flatMap(k => k.languages.map(l => `onLanguage:${l}`)),
  ...NOTEBOOK_TYPES.map(t => `onNotebook:${t}`),
];

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pre-commit hook's `files` pattern (a Python regex searched in each staged path). */
export const PRECOMMIT_FILES = `(?i)(^|/)(${FILE_KINDS.flatMap(k => [
  ...k.suffixes.map(x => `[^/]*${escapeRegex(x)}`),
  ...k.names.map(escapeRegex),
  ...k.prefixes.map(x => `${escapeRegex(x)}[^/]*`),
]).join('|')})$`;
