/**
 * One long-lived `git cat-file --batch` process for every blob of a history scan. Requests are written as they come
 * (pipelined) and answers parsed from one stream in order. A blob over `maxBytes` is skipped as it streams by and
 * never held in memory. `close()` ends the process; `kill()` (cancel) kills it.
 */
import type { ChildProcess } from 'node:child_process';
import { GitError, spawnFailure, spawnGit } from './git';

export type BlobAnswer =
  | { kind: 'blob'; size: number; data: Buffer }
  | { kind: 'tooLarge'; size: number }
  | { kind: 'missing' };

interface Pending {
  oid: string;
  resolve: (a: BlobAnswer) => void;
  reject: (e: Error) => void;
}

export class CatFileBatch {
  private readonly child: ChildProcess;
  private readonly queue: Pending[] = [];
  private buf: Buffer = Buffer.alloc(0);
  /** The answer being read: its header is parsed, `remaining` bytes of data (+ the newline) still to come. */
  private current: { size: number; keep: boolean; parts: Buffer[]; remaining: number } | null = null;
  private failure: Error | null = null;
  private stderr = '';
  /** Bytes of blob data that came through the pipe. */
  bytesRead = 0;

  constructor(root: string, private readonly maxBytes: number) {
    this.child = spawnGit(root, ['cat-file', '--batch']);
    this.child.stdout!.on('data', (b: Buffer) => this.onData(b));
    this.child.stderr!.on('data', (b: Buffer) => { if (this.stderr.length < 4096) this.stderr += b.toString('utf8'); });
    this.child.stdin!.on('error', () => { /* reported by 'close' */ });
    this.child.on('error', e => this.fail(spawnFailure(e)));
    this.child.on('close', code => this.fail(new GitError(this.stderr.trim() || `git cat-file exited with ${code}`, 'failed')));
  }

  read(oid: string): Promise<BlobAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ oid, resolve, reject });
      this.child.stdin!.write(`${oid}\n`);
    });
  }

  close(): void {
    this.child.stdin!.end();
  }

  kill(): void {
    this.fail(new GitError('cancelled', 'cancelled'));
    this.child.kill('SIGKILL');
  }

  private fail(e: Error): void {
    if (!this.failure) this.failure = e;
    for (const p of this.queue.splice(0)) p.reject(this.failure);
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.current) {
        const cur = this.current;
        const take = Math.min(cur.remaining, this.buf.length);
        if (take > 0) {
          // The last byte of `remaining` is the newline after the data.
          const dataPart = this.buf.subarray(0, Math.min(take, Math.max(0, cur.remaining - 1)));
          if (cur.keep && dataPart.length) cur.parts.push(dataPart);
          cur.remaining -= take;
          this.buf = this.buf.subarray(take);
        }
        if (cur.remaining > 0) return;
        this.current = null;
        const p = this.queue.shift();
        this.bytesRead += cur.size;
        p?.resolve(cur.keep ? { kind: 'blob', size: cur.size, data: Buffer.concat(cur.parts) } : { kind: 'tooLarge', size: cur.size });
        continue;
      }
      const nl = this.buf.indexOf(10);
      if (nl < 0) return;
      const header = this.buf.subarray(0, nl).toString('latin1');
      this.buf = this.buf.subarray(nl + 1);
      const parts = header.split(' ');
      if (parts[1] === 'missing' || parts.length < 3) {
        this.queue.shift()?.resolve({ kind: 'missing' });
        continue;
      }
      const size = Number(parts[2]);
      const keep = parts[1] === 'blob' && size <= this.maxBytes;
      this.current = { size, keep, parts: [], remaining: size + 1 };
    }
  }
}
