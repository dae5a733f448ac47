/**
 * One signal per request: the caller's cancellation plus a per-request timeout, and a way to tell afterwards which
 * of the two fired.
 */

export interface RequestSignal {
  signal: AbortSignal;
  /** True when the caller cancelled (as opposed to the timeout firing). */
  cancelled(): boolean;
  timedOut(): boolean;
  dispose(): void;
}

export function requestSignal(caller: AbortSignal | undefined, timeoutMs: number): RequestSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = (): void => controller.abort(caller?.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    cancelled: () => caller?.aborted === true,
    timedOut: () => timedOut && caller?.aborted !== true,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

export function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}
