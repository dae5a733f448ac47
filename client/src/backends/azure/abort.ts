/** Cancellation helpers: every wait is abortable, and an operation returns as soon as its signal fires. */
import { setTimeout as sleep } from 'node:timers/promises';

export class CancelledError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('The operation was cancelled.');
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR');
}

/** What both DOM `AbortSignal` and the SDK's `AbortSignalLike` offer. */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Resolves after `ms`, or rejects with an AbortError when `signal` fires first. */
export function abortableDelay(ms: number, signal?: SignalLike): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  // timers/promises takes anything with `aborted` and `addEventListener` (the SDK's AbortSignalLike included).
  return sleep(ms, undefined, signal ? { signal: signal as AbortSignal } : undefined);
}

/**
 * Settles with `work`, or rejects with an AbortError as soon as `signal` fires (the work itself is told through the
 * same signal where the SDK supports it; token acquisition in MSAL does not, so this keeps cancel prompt).
 */
export function raceAbort<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new CancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      v => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      e => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
