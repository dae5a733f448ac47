/**
 * Texts of files on disk (for the workspace scan, vault sources, folder projects and handlers of closed files),
 * cached by modification time and size. Only texts holding a keyword are kept in memory. Only regular files up to
 * the size limit are read, and a symbolic link only when its target is inside the file's workspace folder.
 */
import * as fs from 'node:fs';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/src/limits';
import { fsPath as bytesPath } from './fsNames';
import { RegularFileReader, utf8Text, type ReadFailure } from './regularFile';

// 'SECRET__': MLRUN_K8S_SECRET__<KEY> variable names (the key usage index).
const KEEP = ['secret', '_project', 'metadata', 'SECRET__'];

interface Entry {
  mtimeMs: number;
  size: number;
  text: string | null;
}

/** A text (null when it has none of the keywords), or why the file was not read. */
export type DiskText = { text: string | null } | { failure: ReadFailure };

export class DiskTexts {
  private readonly cache = new Map<string, Entry>();
  private readonly reader = new RegularFileReader();

  /** `rootOf`: the folder a file's links may point into (undefined: the file is in no folder, links are not followed). */
  constructor(private readonly rootOf: (fsPath: string) => string | undefined = () => undefined) {}

  /**
   * The text of a file, null when it has none of the keywords (it cannot matter), undefined when unreadable or
   * not read. `always` keeps the text whatever it holds.
   */
  read(fsPath: string, always = false, maxBytes = DEFAULT_MAX_FILE_BYTES): string | null | undefined {
    const r = this.load(fsPath, always, maxBytes);
    return 'text' in r ? r.text : undefined;
  }

  /** Like `read`, saying why a file was not read. */
  load(fsPath: string, always = false, maxBytes = DEFAULT_MAX_FILE_BYTES): DiskText {
    let st: fs.Stats;
    try {
      st = fs.statSync(bytesPath(fsPath));
    } catch (e) {
      this.cache.delete(fsPath);
      return { failure: { kind: 'error', code: (e as NodeJS.ErrnoException).code ?? 'EIO' } };
    }
    const hit = this.cache.get(fsPath);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.size <= maxBytes && (hit.text !== null || !always)) return { text: hit.text };
    const r = this.reader.read(fsPath, { maxBytes, root: this.rootOf(fsPath) ?? null });
    if (!r.ok) {
      this.cache.delete(fsPath);
      return { failure: r };
    }
    let text: string | null = null;
    if (always || KEEP.some(k => r.bytes.indexOf(k) >= 0)) text = utf8Text(r.bytes);
    if (!always) this.cache.set(fsPath, { mtimeMs: st.mtimeMs, size: st.size, text });
    return { text };
  }

  forget(fsPath: string): void {
    this.cache.delete(fsPath);
  }
}
