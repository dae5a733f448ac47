/**
 * `--output`: the report is written to a new file beside the target (random name, O_EXCL, so nobody can have
 * prepared it or a link in its place), synced, then renamed over the target in one step: readers see the old report
 * or the whole new one, never half of one. A target that exists but is not a regular file (a symbolic link, a FIFO,
 * a device, a directory) is refused rather than replaced or written through.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRNO_TEXT, what } from '../workspace/regularFile';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

/** 16 random hex digits. node:crypto is loaded only here: a run without --output does not pay for loading it. */
const randomHex = (): string => (require('node:crypto') as typeof import('node:crypto')).randomBytes(8).toString('hex');

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (!code) return (e as Error).message;
  return ERRNO_TEXT[code] ? `${ERRNO_TEXT[code]} (${code})` : code;
}

/** Writes `text` to `target`; returns why it could not (one clause), or undefined. */
export function writeOutput(target: string, text: string): string | undefined {
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return reason(e);
  }
  if (existing && !existing.isFile()) return `it is ${what(existing)}, not a regular file; remove it or choose another path`;
  const tmp = path.join(path.dirname(target), `.mlrun-secrets-lint.${randomHex()}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | (O_NOFOLLOW ?? 0), 0o666);
  } catch (e) {
    return reason(e);
  }
  try {
    try {
      // A report replacing one keeps that file's permissions (the umask applies to a new one).
      if (existing) fs.fchmodSync(fd, existing.mode & 0o777);
      const bytes = Buffer.from(text, 'utf8');
      for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    return undefined;
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    return reason(e);
  }
}
