/**
 * Workspace folders and which one holds a document (the longest folder URI prefix). Notebook cell URIs are
 * looked up through their notebook's URI by the caller.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { hasEscapes, uriPath } from './fsNames';

export interface Folder {
  uri: string;
  /** File-system path for `file:` folders, else null (nothing is read from disk for them). */
  fsPath: string | null;
  name: string;
}

function normalize(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}

export function toFsPath(uri: string): string | null {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : null;
  } catch {
    return null;
  }
}

export function fileUri(fsPath: string): string {
  // A name that is not valid UTF-8 (escaped bytes, fsNames.ts) gets its bytes percent-encoded, as a URI can say.
  if (hasEscapes(fsPath) && path.sep === '/') return `file://${uriPath(fsPath)}`;
  return URI.file(fsPath).toString();
}

export class Folders {
  private list: Folder[] = [];

  set(folders: { uri: string; name?: string }[]): void {
    this.list = folders.map(f => ({ uri: f.uri.replace(/\/$/, ''), fsPath: toFsPath(f.uri), name: f.name ?? f.uri }));
  }

  add(f: { uri: string; name: string }): void {
    this.remove(f.uri);
    this.list.push({ uri: f.uri.replace(/\/$/, ''), fsPath: toFsPath(f.uri), name: f.name });
  }

  remove(uri: string): void {
    const u = uri.replace(/\/$/, '');
    this.list = this.list.filter(f => f.uri !== u);
  }

  all(): readonly Folder[] {
    return this.list;
  }

  /** The folder holding `uri` (a document or notebook URI), or undefined. */
  of(uri: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.list) {
      if ((uri === f.uri || uri.startsWith(normalize(f.uri))) && (!best || f.uri.length > best.uri.length)) best = f;
    }
    if (best) return best;
    // Compare decoded paths too: clients differ in how they percent-encode (e.g. drive letters, ':' and '@').
    const p = toFsPath(uri);
    if (!p) return undefined;
    for (const f of this.list) {
      if (f.fsPath && (p === f.fsPath || p.startsWith(f.fsPath.endsWith('/') || f.fsPath.endsWith('\\') ? f.fsPath : f.fsPath + path.sep))
        && (!best || f.fsPath.length > (best.fsPath?.length ?? 0))) best = f;
    }
    return best;
  }
}
