/**
 * Module texts for the workspace index (analysis/workspace/moduleIndex.ts), read from disk: regular files up to
 * the analyzer's size limit, stamped with their mtime and size. Files found missing are not looked for again for a
 * while (`missingTtlMs`; the CLI, which runs once, never looks again).
 */
import * as fs from 'node:fs';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/src/limits';
import type { ImportHook } from '../analysis/python/resolver';
import { ModuleIndex, type ModuleReader, type ModuleText } from '../analysis/workspace/moduleIndex';

/** Texts kept (least recently read dropped first). */
const MAX_TEXTS = 256;

export interface DiskModuleReader {
  read: ModuleReader;
  /** Forgets what is known of a path (a watched-file event). */
  forget(path: string): void;
}

export function diskModuleReader(options: { missingTtlMs?: number; maxBytes?: number; before?: ModuleReader } = {}): DiskModuleReader {
  const ttl = options.missingTtlMs ?? Infinity;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const texts = new Map<string, ModuleText & { size: number; mtimeMs: number }>();
  const missing = new Map<string, number>();
  const read: ModuleReader = path => {
    const open = options.before?.(path);
    if (open) return open;
    const gone = missing.get(path);
    if (gone !== undefined && performance.now() - gone < ttl) return undefined;
    let st: fs.Stats;
    try {
      st = fs.statSync(path);
    } catch {
      missing.set(path, performance.now());
      texts.delete(path);
      return undefined;
    }
    if (!st.isFile() || st.size > maxBytes) {
      missing.set(path, performance.now());
      return undefined;
    }
    missing.delete(path);
    const hit = texts.get(path);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit;
    try {
      let text = fs.readFileSync(path, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const entry = { text, size: st.size, mtimeMs: st.mtimeMs, stamp: `${st.mtimeMs}:${st.size}` };
      texts.delete(path);
      texts.set(path, entry);
      for (const old of texts.keys()) {
        if (texts.size <= MAX_TEXTS) break;
        texts.delete(old);
      }
      return entry;
    } catch {
      missing.set(path, performance.now());
      return undefined;
    }
  };
  return {
    read,
    forget(path: string): void {
      texts.delete(path);
      missing.delete(path);
    },
  };
}

/** The import hooks the CLI gives each file it analyses: one index for the run, absolute imports under `roots`. */
export function cliImports(roots: readonly string[]): (file: string) => ImportHook {
  const index = new ModuleIndex(diskModuleReader().read);
  return file => index.hookFor(file, roots);
}
