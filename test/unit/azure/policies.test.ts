import assert from 'node:assert/strict';
import { boundedRetryPolicy, retryAfterMs, type RetrySettings } from '../../../client/src/backends/azure/policies';
import { silentLogger } from '../../../client/src/backends/types';

function headers(h: Record<string, string>): any {
  return { get: (n: string) => h[n.toLowerCase()] };
}
const settings: RetrySettings = { maxRetries: 3, maxRetryAfterMs: 1000, baseDelayMs: 1, maxDelayMs: 2, requestTimeoutMs: 1234 };

async function drive(outcomes: (number | Error)[], extra: Record<string, string>[] = []): Promise<{ calls: number; result: unknown; request: any }> {
  const policy = boundedRetryPolicy(settings, silentLogger);
  const request: any = { url: 'https://v.vault.azure.net/secrets', method: 'GET', timeout: 0 };
  let calls = 0;
  const next = async (): Promise<any> => {
    const o = outcomes[Math.min(calls, outcomes.length - 1)]!;
    const h = extra[Math.min(calls, extra.length - 1)] ?? {};
    calls++;
    if (o instanceof Error) throw o;
    return { status: o, headers: headers(h), request };
  };
  try {
    const result = await policy.sendRequest(request, next);
    return { calls, result: (result as any).status, request };
  } catch (e) {
    return { calls, result: e, request };
  }
}

describe('azure pipeline policies', () => {
  it('parses Retry-After in seconds, ms headers and HTTP dates, only for 429/503', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after': '7' }), 429), 7000);
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '7' }), 503), 250);
    assert.equal(retryAfterMs(headers({ 'x-ms-retry-after-ms': '90' }), 429), 90);
    const inTwo = new Date(Date.now() + 2000).toUTCString();
    const d = retryAfterMs(headers({ 'retry-after': inTwo }), 429)!;
    assert.ok(d > 0 && d <= 2000);
    assert.equal(retryAfterMs(headers({ 'retry-after': '7' }), 500), undefined);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' }), 429), undefined);
  });

  it('retries 5xx and throttling within the bound, then gives up', async () => {
    assert.deepEqual((await drive([503, 200])).calls, 2);
    const many = await drive([500]);
    assert.equal(many.calls, 4);
    assert.equal(many.result, 500);
    assert.equal((await drive([429, 200], [{ 'retry-after': '0' }, {}])).calls, 2);
  });

  it('does not wait for a Retry-After beyond the bound', async () => {
    const r = await drive([429, 200], [{ 'retry-after': '60' }]);
    assert.equal(r.calls, 1);
    assert.equal(r.result, 429);
  });

  it('does not retry client errors, aborts or DNS failures, but retries connection resets', async () => {
    assert.equal((await drive([404])).calls, 1);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    assert.equal((await drive([abort])).calls, 1);
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' });
    assert.equal((await drive([dns])).calls, 1);
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    assert.equal((await drive([reset, 200])).calls, 2);
  });

  it('sets a per-attempt timeout', async () => {
    assert.equal((await drive([200])).request.timeout, 1234);
  });
});
