/**
 * Shared pieces of the backend integration tests: an in-memory SecretStore (with failure injection), a logger
 * that keeps every line, instant retries, canary values, shuffling, waiting on conditions, and unwrapping Results
 * (seeded random sources are in test/util/random.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Failure, Logger, Result, SecretStore } from '../../../../client/src/backends/types';
import type { Sleep } from '../../../../client/src/backends/common/retry';
import { until } from '../../../util/poll';

export class MemoryStore implements SecretStore {
  readonly entries = new Map<string, string>();
  /** Fail the n-th `store` call from now (1 = the next one). */
  failStoreAt?: number;
  private storeCalls = 0;
  /** Yield between operations so concurrent callers interleave. */
  async get(key: string): Promise<string | undefined> {
    await new Promise(r => setImmediate(r));
    return this.entries.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await new Promise(r => setImmediate(r));
    this.storeCalls++;
    if (this.failStoreAt !== undefined && this.storeCalls >= this.failStoreAt) {
      this.failStoreAt = undefined;
      throw new Error('keychain is locked');
    }
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await new Promise(r => setImmediate(r));
    this.entries.delete(key);
  }

  resetFailures(): void {
    this.storeCalls = 0;
    this.failStoreAt = undefined;
  }
}

export interface CapturingLogger extends Logger {
  lines: string[];
}

export function capturingLogger(): CapturingLogger {
  const lines: string[] = [];
  return {
    lines,
    trace: m => lines.push(`trace ${m}`),
    info: m => lines.push(`info ${m}`),
    warn: m => lines.push(`warn ${m}`),
    error: m => lines.push(`error ${m}`),
  };
}

/** Retries without waiting (the delays requested are recorded). */
export function instantRetry(attempts = 5): { attempts: number; sleep: Sleep; delays: number[]; random: () => number } {
  const delays: number[] = [];
  return { attempts, delays, random: () => 0.5, sleep: async ms => { delays.push(ms); } };
}

/** A value that must never leave memory: distinctive, with non-ASCII, a quote and a newline. */
export function canaryValue(): string {
  return `canary-${randomBytes(9).toString('hex')}-ü"'\n-end`;
}

/** Every form a canary could take on the wire or on disk. */
export function canaryForms(value: string): string[] {
  return [
    value,
    Buffer.from(value, 'utf8').toString('base64'),
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    value.split('\n')[0]!,
  ];
}

export function containsCanary(text: string, value: string): boolean {
  return canaryForms(value).some(f => f.length >= 8 && text.includes(f));
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Polls until `check` is true or the deadline passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  await until(what, check, timeoutMs);
}

/** Unwraps a Result, failing the test with the failure's message. */
export function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

/** Unwraps a failed Result, failing the test when it succeeded (its value is not printed). */
export function failure<T>(r: Result<T>): Failure {
  if (r.ok) throw new Error('expected a failure, got success');
  return r.error;
}
