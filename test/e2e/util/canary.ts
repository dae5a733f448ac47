/** Canary values and where to look for them (files under a folder, bounded). */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function canary(label: string): string {
  return `canary-${label}-${randomBytes(9).toString('hex')}`;
}

/** Files under `dir` (depth-limited, skipping `skip`) whose bytes contain `value` (UTF-8, UTF-16 or base64). */
export function filesContaining(dir: string, value: string, skip: (file: string) => boolean = () => false, depth = 6): string[] {
  const needles = [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), Buffer.from(Buffer.from(value, 'utf8').toString('base64'), 'utf8')];
  const hits: string[] = [];
  const walk = (d: string, level: number): void => {
    if (level > depth) return;
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(d, name);
      if (skip(p)) continue;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, level + 1);
      else if (st.isFile() && st.size < 32 * 1024 * 1024) {
        try {
          const buf = fs.readFileSync(p);
          if (needles.some(n => buf.includes(n))) hits.push(p);
        } catch {
          // vanished or unreadable
        }
      }
    }
  };
  walk(dir, 0);
  return hits;
}

/** Whether one file's bytes contain `value` (UTF-8, UTF-16 or base64); false when it cannot be read. */
export function fileContains(file: string, value: string): boolean {
  return filesContaining(path.dirname(file), value, p => p !== file && p !== path.dirname(file), 0).includes(file);
}
