/**
 * Bounded retries with full-jitter exponential backoff for idempotent calls (reads, and sets: a merge of the same
 * keys is idempotent). What counts as transient is decided by the caller (409, 429, 5xx, connection resets);
 * `Retry-After` is honoured up to the maximum delay. The sleep is injectable so tests stay fast.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fail, type Failure, type Result } from '../types';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: Sleep;
  /** 0 ≤ x < 1; injectable for deterministic tests. */
  random: () => number;
}

/** A failed attempt: the user-facing failure plus what the retry loop needs to know. */
export interface AttemptFailure {
  failure: Failure;
  transient: boolean;
  /** Seconds from a `Retry-After` header. */
  retryAfterSeconds?: number;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: AttemptFailure };

/** Waits `ms`, or less when `signal` fires (then it resolves too: the retry loop sees the signal and stops). */
export const realSleep: Sleep = (ms, signal) =>
  sleep(ms, undefined, signal ? { signal } : undefined).catch((e: unknown) => {
    if ((e as { name?: unknown }).name !== 'AbortError') throw e;
  });

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 150,
  maxDelayMs: 4000,
  sleep: realSleep,
  random: Math.random,
};

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY, ...overrides };
}

/** Delay before retry number `retry` (1-based): uniform in [0, min(max, base·2^(retry-1))]. */
export function backoffDelay(policy: RetryPolicy, retry: number, retryAfterSeconds?: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(policy.random() * cap);
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) {
    return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterSeconds * 1000));
  }
  return jittered;
}

/**
 * Runs `attempt` until it succeeds, fails permanently, the attempts run out or the signal fires.
 * `onRetry` is told about each retry (for the logger: never values).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  attempt: (n: number) => Promise<Attempt<T>>,
  onRetry?: (n: number, delayMs: number, why: AttemptFailure) => void,
): Promise<Result<T>> {
  for (let n = 1; ; n++) {
    if (signal?.aborted) return fail('cancelled', 'The operation was cancelled.');
    const r = await attempt(n);
    if (r.ok) return r;
    if (!r.error.transient || n >= policy.attempts) {
      const f = r.error.failure;
      const suffix = r.error.transient && n > 1 ? ` (gave up after ${n} attempts)` : '';
      return { ok: false, error: { ...f, message: withSuffix(f.message, suffix) } };
    }
    const delay = backoffDelay(policy, n, r.error.retryAfterSeconds);
    onRetry?.(n, delay, r.error);
    await policy.sleep(delay, signal);
  }
}

function withSuffix(message: string, suffix: string): string {
  if (!suffix) return message;
  return message.endsWith('.') ? `${message.slice(0, -1)}${suffix}.` : `${message}${suffix}`;
}
