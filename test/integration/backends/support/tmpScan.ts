/**
 * Finds files under os.tmpdir() that were created or changed since a snapshot and contain a canary value.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containsCanary } from './fixtures';

export type TmpSnapshot = Map<string, number>;

function walk(dir: string, depth: number, out: Map<string, number>): void {
  if (depth > 4) return;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(p, depth + 1, out);
    else if (st.isFile()) out.set(p, st.mtimeMs);
  }
}

export function snapshotTmp(): TmpSnapshot {
  const out = new Map<string, number>();
  walk(tmpdir(), 0, out);
  return out;
}

/** New or modified files (since `before`) that contain the canary. */
export function tmpFilesWithCanary(before: TmpSnapshot, value: string): { changed: number; hits: string[] } {
  const now = snapshotTmp();
  const hits: string[] = [];
  let changed = 0;
  for (const [path, mtime] of now) {
    if (before.get(path) === mtime) continue;
    changed++;
    try {
      const buf = readFileSync(path);
      if (buf.length > 8 * 1024 * 1024) continue;
      if (containsCanary(buf.toString('utf8'), value) || containsCanary(buf.toString('latin1'), value)) hits.push(path);
    } catch {
      // vanished or unreadable
    }
  }
  return { changed, hits };
}
