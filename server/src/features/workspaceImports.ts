/**
 * Cross-file facts for the language server: one workspace module index (analysis/workspace/moduleIndex.ts) per
 * server, reading open Python documents first and disk otherwise. Diagnostics and the workspace scan take an import
 * hook from here; when an open document changed since its last analysis, the open documents that took answers
 * from it are analysed again.
 */
import type { ImportHook } from '../analysis/python/resolver';
import { ModuleIndex, type ModuleText } from '../analysis/workspace/moduleIndex';
import type { ServerState } from '../state';
import { diskModuleReader } from '../workspace/moduleTexts';

/** A file found missing is looked for again after this long (a module created meanwhile then counts). */
const MISSING_TTL_MS = 2000;

const indexes = new WeakMap<ServerState, ModuleIndex>();

function indexOf(state: ServerState): ModuleIndex {
  let index = indexes.get(state);
  if (!index) {
    // Open Python documents by file path, rebuilt when documents open or close (by count).
    let byPath = new Map<string, string>();
    let builtFor = -1;
    const openText = (path: string): ModuleText | undefined => {
      if (builtFor !== state.texts.size) {
        byPath = new Map();
        for (const uri of state.texts.keys()) {
          const p = state.fsPathOf(uri);
          if (p) byPath.set(p, uri);
        }
        builtFor = state.texts.size;
      }
      const uri = byPath.get(path);
      const t = uri === undefined ? undefined : state.texts.get(uri);
      return t && t.kind === 'python' ? { text: t.text, stamp: `open:${t.doc.version}` } : undefined;
    };
    index = new ModuleIndex(diskModuleReader({ missingTtlMs: MISSING_TTL_MS, before: openText }).read);
    indexes.set(state, index);
  }
  return index;
}

function stampOf(state: ServerState, key: string): string | undefined {
  const t = state.texts.get(key);
  if (t) return `open:${t.doc.version}`;
  const nb = state.notebooks.get(key);
  return nb ? `notebook:${nb.version}` : undefined;
}

/** The import hook for analysing open document (or notebook) `key`; `schedule` analyses an open document again. */
export function workspaceImports(state: ServerState, key: string, schedule: (key: string) => void): ImportHook | undefined {
  const fsPath = state.fsPathOf(key);
  if (!fsPath) return undefined;
  const folder = state.folderOf(key);
  return indexOf(state).hookFor(fsPath, folder?.fsPath ? [folder.fsPath] : [], stampOf(state, key), paths => {
    const wanted = new Set(paths);
    for (const uri of [...state.texts.keys(), ...state.notebooks.keys()]) {
      const p = state.fsPathOf(uri);
      if (p && wanted.has(p)) schedule(uri);
    }
  });
}

/** The import hook for analysing a closed file from disk (the workspace scan). */
export function diskImports(state: ServerState, fsPath: string, folderFsPath: string | null): ImportHook {
  return indexOf(state).hookFor(fsPath, folderFsPath ? [folderFsPath] : []);
}
