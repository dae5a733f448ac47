/**
 * Texts of files on disk (for the workspace scan, vault sources, folder projects and handlers of closed files),
 * cached by modification time and size. Only texts holding a keyword are kept in memory.
 */
import * as fs from 'node:fs';

// 'SECRET__': MLRUN_K8S_SECRET__<KEY> variable names (the key usage index).
const KEEP = ['secret', '_project', 'metadata', 'SECRET__'];

interface Entry {
  mtimeMs: number;
  size: number;
  text: string | null;
}

export class DiskTexts {
  private readonly cache = new Map<string, Entry>();

  /**
   * The text of a file, null when it has none of the keywords (it cannot matter), undefined when unreadable.
   * `always` keeps the text whatever it holds.
   */
  read(fsPath: string, always = false): string | null | undefined {
    let st: fs.Stats;
    try {
      st = fs.statSync(fsPath);
    } catch {
      this.cache.delete(fsPath);
      return undefined;
    }
    const hit = this.cache.get(fsPath);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && (hit.text !== null || !always)) return hit.text;
    let buf: Buffer;
    try {
      buf = fs.readFileSync(fsPath);
    } catch {
      this.cache.delete(fsPath);
      return undefined;
    }
    let text: string | null = null;
    if (always || KEEP.some(k => buf.indexOf(k) >= 0)) {
      text = buf.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!always) this.cache.set(fsPath, { mtimeMs: st.mtimeMs, size: st.size, text });
    return text;
  }

  forget(fsPath: string): void {
    this.cache.delete(fsPath);
  }
}
