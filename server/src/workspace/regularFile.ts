/**
 * Reading the files the analyzer looks at — sources, `.mlrun-secrets.json`, `.gitignore` — so that no file can hang,
 * swell or redirect a read: only regular files (checked with fstat on the open descriptor, so nothing changes
 * between the check and the read), at most `maxBytes` (checked before reading and while reading), opened with
 * O_NONBLOCK (a FIFO cannot block the open) and O_NOFOLLOW (a symbolic link is resolved and followed only to a
 * target inside `root`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeName, displayPath, fsPath } from './fsNames';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
const FLAGS = O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0);

export interface ReadLimits {
  maxBytes: number;
  /** Follow a symbolic link only to a target inside this directory; none when null; any target when undefined. */
  root?: string | null;
}

export type ReadFailure =
  | { kind: 'tooLarge'; size: number; limit: number }
  | { kind: 'notRegular'; what: string }
  | { kind: 'outside'; target: string; root: string }
  | { kind: 'error'; code: string };

export type ReadResult = { ok: true; bytes: Buffer } | ({ ok: false } & ReadFailure);

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'EIO';
}

/** What a non-regular file is, e.g. "a FIFO (named pipe)". */
export function what(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function isInside(p: string, dir: string): boolean {
  const r = path.relative(dir, p);
  return r === '' || (!r.startsWith(`..${path.sep}`) && r !== '..' && !path.isAbsolute(r));
}

export const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'operation not permitted', EIO: 'input/output error', ENOENT: 'no such file or directory',
  ELOOP: 'too many levels of symbolic links', ENAMETOOLONG: 'file name too long', ENOTDIR: 'a parent is not a directory', EMFILE: 'too many open files',
  ENOSPC: 'no space left on device', EROFS: 'read-only file system', EISDIR: 'is a directory', EDQUOT: 'disk quota exceeded',
};

/** One short clause for a failure, e.g. "not a regular file (a FIFO (named pipe))". */
export function describeFailure(f: ReadFailure): string {
  switch (f.kind) {
    case 'tooLarge': return `${f.size.toLocaleString('en-US')} bytes, over the limit of ${f.limit.toLocaleString('en-US')} bytes`;
    case 'notRegular': return `not a regular file (${f.what})`;
    case 'outside': return f.root ? `a symbolic link to ${displayPath(f.target)}, outside ${displayPath(f.root)} (not followed)` : `a symbolic link to ${displayPath(f.target)} (not followed)`;
    case 'error': return ERRNO_TEXT[f.code] ? `${ERRNO_TEXT[f.code]} (${f.code})` : f.code;
  }
}

const SMALL = 1 << 16;
/** A buffer grown past this for one large file is dropped before the next read (a long-lived reader stays small). */
const KEEP_AT_MOST = 1 << 20;

/** Reads files into one reused buffer (no allocation per file): the bytes are valid until the next read. */
export class RegularFileReader {
  private buf = Buffer.allocUnsafe(SMALL);
  private readonly realRoots = new Map<string, string>();

  read(file: string, limits: ReadLimits): ReadResult {
    if (this.buf.length > KEEP_AT_MOST) this.buf = Buffer.allocUnsafe(SMALL);
    if (O_NOFOLLOW === undefined) {
      // No O_NOFOLLOW (Windows): look at the link first.
      try {
        if (fs.lstatSync(fsPath(file)).isSymbolicLink()) return this.readLink(file, limits);
      } catch (e) {
        return { ok: false, kind: 'error', code: errno(e) };
      }
    }
    let fd: number;
    try {
      fd = fs.openSync(fsPath(file), FLAGS);
    } catch (e) {
      const code = errno(e);
      // O_NOFOLLOW on a symbolic link: ELOOP (Linux, macOS), EMLINK (FreeBSD).
      if (code === 'ELOOP' || code === 'EMLINK') return this.readLink(file, limits);
      if (code === 'ENXIO') return { ok: false, kind: 'notRegular', what: 'a socket' };
      return { ok: false, kind: 'error', code };
    }
    return this.readOpen(fd, limits.maxBytes);
  }

  private realRoot(root: string): string {
    let r = this.realRoots.get(root);
    if (r === undefined) {
      try {
        r = decodeName(fs.realpathSync.native(fsPath(root), { encoding: 'buffer' }));
      } catch {
        r = root;
      }
      this.realRoots.set(root, r);
    }
    return r;
  }

  private readLink(file: string, limits: ReadLimits): ReadResult {
    let real: string;
    try {
      real = decodeName(fs.realpathSync.native(fsPath(file), { encoding: 'buffer' }));
    } catch (e) {
      return { ok: false, kind: 'error', code: errno(e) };
    }
    if (limits.root === null) return { ok: false, kind: 'outside', target: real, root: '' };
    if (limits.root !== undefined) {
      const root = this.realRoot(limits.root);
      if (!isInside(real, root)) return { ok: false, kind: 'outside', target: real, root: limits.root };
    }
    let fd: number;
    try {
      // The resolved path has no link left; one appearing now is refused (ELOOP) instead of followed.
      fd = fs.openSync(fsPath(real), FLAGS);
    } catch (e) {
      return { ok: false, kind: 'error', code: errno(e) };
    }
    return this.readOpen(fd, limits.maxBytes);
  }

  private readOpen(fd: number, maxBytes: number): ReadResult {
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return { ok: false, kind: 'notRegular', what: what(st) };
      if (st.size > maxBytes) return { ok: false, kind: 'tooLarge', size: st.size, limit: maxBytes };
      // Room for one byte more than the size: a read shorter than the room is the end (no extra read for 0 bytes).
      this.ensure(Math.min(st.size, maxBytes) + 1, 0);
      let len = 0;
      for (;;) {
        const room = Math.min(this.buf.length, maxBytes + 1) - len;
        const n = fs.readSync(fd, this.buf, len, room, null);
        len += n;
        if (len > maxBytes) return { ok: false, kind: 'tooLarge', size: len, limit: maxBytes };
        if (n === 0 || n < room) return { ok: true, bytes: this.buf.subarray(0, len) };
        // The file grew since fstat: read on, never past the limit.
        this.ensure(Math.min(this.buf.length * 2, maxBytes + 1), len);
      }
    } catch (e) {
      return { ok: false, kind: 'error', code: errno(e) };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Grows the buffer to at least `size` bytes (doubling while small), keeping its first `keep` bytes. */
  private ensure(size: number, keep: number): void {
    if (this.buf.length >= size) return;
    const bigger = Buffer.allocUnsafe(Math.max(size, Math.min(this.buf.length * 2, KEEP_AT_MOST)));
    this.buf.copy(bigger, 0, 0, keep);
    this.buf = bigger;
  }
}

/** Decodes bytes as UTF-8 without a leading byte-order mark. */
export function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
