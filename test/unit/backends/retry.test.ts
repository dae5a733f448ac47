import assert from 'node:assert/strict';
import { abortableDelay } from '../../../client/src/backends/azure/abort';
import { backoffDelay, realSleep, retryPolicy, withRetry, type Attempt } from '../../../client/src/backends/common/retry';

describe('retries with jittered backoff', () => {
  it('full jitter under an exponential cap, bounded by the maximum; Retry-After honoured up to it', () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });
    assert.deepEqual([1, 2, 3, 4, 5].map(n => backoffDelay(p, n)), [99, 199, 399, 799, 999]);
    const zero = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
    assert.equal(backoffDelay(zero, 3), 0);
    assert.equal(backoffDelay(zero, 1, 0.5), 500);
    assert.equal(backoffDelay(zero, 1, 60), 1000);
  });

  it('retries transient failures up to the bound, then says how many attempts it made', async () => {
    const delays: number[] = [];
    const p = retryPolicy({ attempts: 3, sleep: async ms => { delays.push(ms); }, random: () => 0.5 });
    let calls = 0;
    const r = await withRetry<string>(p, undefined, async (): Promise<Attempt<string>> => {
      calls++;
      return { ok: false, error: { failure: { kind: 'serverError', message: 'The server failed.', status: 500 }, transient: true } };
    });
    assert.equal(calls, 3);
    assert.equal(delays.length, 2);
    assert.deepEqual(r, { ok: false, error: { kind: 'serverError', message: 'The server failed (gave up after 3 attempts).', status: 500 } });
  });

  it('stops at once on a permanent failure, succeeds after transient ones, and honours cancellation', async () => {
    const p = retryPolicy({ attempts: 5, sleep: async () => undefined });
    let n = 0;
    const permanent = await withRetry(p, undefined, async (): Promise<Attempt<number>> => {
      n++;
      return { ok: false, error: { failure: { kind: 'forbidden', message: 'No.' }, transient: false } };
    });
    assert.equal(n, 1);
    assert.deepEqual(permanent, { ok: false, error: { kind: 'forbidden', message: 'No.' } });
    n = 0;
    const eventually = await withRetry(p, undefined, async (): Promise<Attempt<number>> => (++n < 3 ? { ok: false, error: { failure: { kind: 'conflict', message: 'c' }, transient: true } } : { ok: true, value: n }));
    assert.deepEqual(eventually, { ok: true, value: 3 });
    const c = new AbortController();
    const cancelled = await withRetry(retryPolicy({ sleep: async () => c.abort() }), c.signal, async (): Promise<Attempt<number>> => ({ ok: false, error: { failure: { kind: 'serverError', message: 's' }, transient: true } }));
    assert.equal(!cancelled.ok && cancelled.error.kind, 'cancelled');
  });

  it('the real sleeps (timers/promises) end as soon as the signal fires: the retry sleep resolves, the vault poll rejects', async () => {
    const c = new AbortController();
    // Each waits a minute unless the signal ends it: mocha's timeout fails the test otherwise.
    const sleeping = realSleep(60_000, c.signal);
    const polling = abortableDelay(60_000, c.signal);
    c.abort();
    await sleeping;
    await assert.rejects(polling, (e: Error) => e.name === 'AbortError');
    await assert.rejects(abortableDelay(10, c.signal), (e: Error) => e.name === 'AbortError', 'an aborted signal rejects at once');
    await realSleep(1);
  });
});
