/**
 * Answers about key usage: counts and missing keys per project (the tree), where a key is named (Find Usages,
 * `textDocument/references`), and the usage under a cursor. Key names, URIs and ranges only.
 */
import type { Location, Position, Range } from 'vscode-languageserver';
import type { KeyReferences, KeyUsageCount, KeyUsages } from '../../../shared/src/protocol';
import type { ServerState } from '../state';
import type { IndexedUsage } from './keyIndex';
import type { WorkspaceUsages } from './workspaceUsages';

/** Folder URIs whose selected project is `project` of `backend`, with the store's keys (null: unknown). */
function projectFolders(state: ServerState, backend: string, project: string): Map<string, ReadonlySet<string> | null> {
  const out = new Map<string, ReadonlySet<string> | null>();
  for (const f of state.folders.all()) {
    const p = state.projectParams(f.uri);
    if (p && p.backend === backend && p.project === project) out.set(f.uri, p.keys ? new Set(p.keys) : null);
  }
  return out;
}

/** Whether a usage names `key`: exactly, or as the `MLRUN_K8S_SECRET__` variable MLRun makes of it (upper case). */
export function names(u: IndexedUsage, key: string): boolean {
  return u.kind === 'env' ? u.key === key.toUpperCase() : u.key === key;
}

/** The key a usage counts for: an env name counts for the store key it is made from, when there is one. */
function keyFor(u: IndexedUsage, keys: ReadonlySet<string> | null | undefined): string {
  if (u.kind !== 'env' || !keys) return u.key;
  for (const k of keys) if (k.toUpperCase() === u.key) return k;
  return u.key;
}

function* projectUsages(state: ServerState, usages: WorkspaceUsages, folders: ReadonlyMap<string, unknown>): Iterable<[string, readonly IndexedUsage[]]> {
  for (const [owner, list] of usages.index.byOwner()) {
    const folder = state.folders.of(owner);
    if (folder && folders.has(folder.uri)) yield [folder.uri, list];
  }
}

export async function keyUsages(state: ServerState, usages: WorkspaceUsages, params: KeyUsages.Params): Promise<KeyUsages.Result> {
  await usages.ready();
  const folders = projectFolders(state, params.backend, params.project);
  const counts = new Map<string, KeyUsageCount>();
  const missing = new Set<string>();
  let keysKnown = folders.size > 0;
  for (const keys of folders.values()) if (!keys) keysKnown = false;
  for (const [folder, list] of projectUsages(state, usages, folders)) {
    const keys = folders.get(folder);
    for (const u of list) {
      const key = keyFor(u, keys);
      let c = counts.get(key);
      if (!c) counts.set(key, c = { key, count: 0, reads: 0 });
      c.count++;
      if (u.kind === 'read') {
        c.reads++;
        if (keys && !keys.has(u.key)) missing.add(u.key);
      }
    }
  }
  return {
    folders: folders.size,
    keys: [...counts.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    missing: keysKnown ? [...missing].sort() : null,
    truncated: usages.index.truncated,
  };
}

function byPlace(a: Location, b: Location): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export async function keyReferences(state: ServerState, usages: WorkspaceUsages, params: KeyReferences.Params): Promise<Location[]> {
  await usages.ready();
  const folders = projectFolders(state, params.backend, params.project);
  const out: Location[] = [];
  for (const [, list] of projectUsages(state, usages, folders)) {
    for (const u of list) if (names(u, params.key)) out.push({ uri: u.uri, range: u.range });
  }
  return out.sort(byPlace);
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** The indexed usage under a cursor in `uri` (a document or notebook cell), from the document's latest analysis. */
export function usageAt(state: ServerState, usages: WorkspaceUsages, uri: string, position: Position): IndexedUsage | undefined {
  const owner = state.ownerOf(uri);
  for (const [o, list] of usages.index.byOwner()) {
    if (o !== owner) continue;
    return list.find(u => u.uri === uri && contains(u.range, position));
  }
  return undefined;
}

/** Every usage of `key` (env names included) in the folder that holds `uri` (all folders when it is in none): what references list. */
export function usagesOfKey(state: ServerState, usages: WorkspaceUsages, key: string, uri: string): IndexedUsage[] {
  const folder = state.folderOf(uri)?.uri;
  const out: IndexedUsage[] = [];
  for (const [owner, list] of usages.index.byOwner()) {
    if (folder && state.folders.of(owner)?.uri !== folder) continue;
    for (const u of list) if (names(u, key)) out.push(u);
  }
  return out.sort((a, b) => byPlace(a, b));
}
