/**
 * An HTTPS agent for tests that trusts only the test CA and sends every connection to loopback: its `lookup`
 * never asks DNS, it answers 127.0.0.1 for names the doubles serve and ENOTFOUND for the rest (as DNS would for a
 * vault that does not exist). So a test can use real-looking vault host names and still talk to 127.0.0.1 only.
 */
import { Agent } from 'node:https';
import type { LookupFunction } from 'node:net';

export function loopbackAgent(caPem: string, resolves: (hostname: string) => boolean = () => true): Agent {
  const lookup = ((hostname: string, options: unknown, callback: unknown): void => {
    const cb = (typeof options === 'function' ? options : callback) as (err: NodeJS.ErrnoException | null, address?: unknown, family?: number) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    if (!resolves(hostname)) {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = 'ENOTFOUND';
      err.syscall = 'getaddrinfo';
      (err as { hostname?: string }).hostname = hostname;
      process.nextTick(() => cb(err));
      return;
    }
    process.nextTick(() => (all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
  }) as LookupFunction;
  return new Agent({ ca: caPem, keepAlive: true, lookup });
}
