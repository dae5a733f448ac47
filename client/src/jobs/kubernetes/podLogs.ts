/**
 * Follows a pod container's log (`GET .../pods/{pod}/log?follow=true&timestamps=true`) through client-node's `Log`.
 * A follow stream can close before the container ends, and the container may finish between two polls, so the log
 * is fetched again (from `sinceTime` = the last second seen) whenever the caller asks and no fetch is running;
 * timestamps are used to drop the lines already shown. Timestamps are stripped from what the sink receives.
 */
import { Writable } from 'node:stream';
import { sdk, type K8s } from '../../backends/kubernetes/sdk';
import type { Logger } from '../../backends/types';
import type { JobSink } from '../types';

/** `2024-06-01T10:00:00.1234Z` → a key that sorts like the time (fraction padded to nanoseconds). */
export function timestampKey(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(ts);
  if (!m) return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`;
}

/** Splits `"<RFC3339Nano> text"`; lines without a timestamp get none. */
export function splitTimestamp(line: string): { ts?: string; text: string } {
  const space = line.indexOf(' ');
  if (space > 0 && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(line.slice(0, space))) return { ts: line.slice(0, space), text: line.slice(space + 1) };
  return { text: line };
}

export class PodLogFollower {
  private pod?: string;
  private running?: Promise<void>;
  private controller?: AbortController;
  private stopped = false;
  /** Key (and text) of the newest timestamp shown, and how many lines carrying it were shown. */
  private lastKey = '';
  private lastTs = '';
  private atLastKey = 0;

  constructor(
    private readonly kc: K8s.KubeConfig,
    private readonly namespace: string,
    private readonly container: string,
    private readonly sink: JobSink,
    private readonly logger: Logger,
  ) {}

  /** Starts (or restarts) following `pod` unless a fetch is already running. */
  follow(pod: string): void {
    if (this.stopped) return;
    if (this.pod !== pod) {
      this.pod = pod;
      this.lastKey = '';
      this.lastTs = '';
      this.atLastKey = 0;
    }
    if (!this.running) this.running = this.fetch(pod).finally(() => (this.running = undefined));
  }

  /** After the container ended: one more fetch (the rest of the log), waited for at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (!this.pod || this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>(r => (timer = setTimeout(r, timeoutMs)));
    if (this.running) await Promise.race([this.running, deadline]);
    if (!this.running && !this.stopped) {
      this.running = this.fetch(this.pod).finally(() => (this.running = undefined));
      await Promise.race([this.running, deadline]);
    }
    clearTimeout(timer);
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }

  private emit(line: string): void {
    const { ts, text } = splitTimestamp(line);
    if (ts) {
      const key = timestampKey(ts);
      if (key < this.lastKey) return;
      if (key === this.lastKey) {
        this.replayed++;
        if (this.replayed <= this.atLastKey) return;
        this.atLastKey++;
      } else {
        this.lastKey = key;
        this.lastTs = ts;
        this.atLastKey = 1;
        this.replayed = 1;
      }
    }
    this.sink.output(text + '\n');
  }

  /** Lines with the last key seen so far in the current fetch. */
  private replayed = 0;

  private async fetch(pod: string): Promise<void> {
    const since = this.lastTs ? `${this.lastTs.slice(0, 19)}Z` : undefined;
    // A new fetch replays the lines of the last second: those up to the last shown are skipped.
    this.replayed = 0;
    let buffered = '';
    let finished!: () => void;
    const ended = new Promise<void>(r => (finished = r));
    const decoder = new TextDecoder('utf-8');
    const stream = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        buffered += decoder.decode(chunk, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const l of lines) this.emit(l.replace(/\r$/, ''));
        cb();
      },
      final: cb => {
        buffered += decoder.decode();
        if (buffered) this.emit(buffered);
        buffered = '';
        cb();
        finished();
      },
    });
    stream.on('error', () => finished());
    stream.on('close', () => finished());
    try {
      const log = new (sdk().Log)(this.kc);
      this.controller = await log.log(this.namespace, pod, this.container, stream, { follow: true, timestamps: true, ...(since ? { sinceTime: since } : {}) });
      if (this.stopped) this.controller.abort();
      await ended;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      this.logger.trace(`pod log of ${this.namespace}/${pod}: not available yet (${typeof code === 'number' ? code : 'error'})`);
    }
  }
}
