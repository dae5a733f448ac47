/**
 * One command's access to one scope's keys (a command's `Target` holds one): its first read asks the store, so the
 * warnings before a write see the keys as they are now; later reads (the confirmation's plan) use that answer; writes
 * go through the key cache, which updates itself from them. So a Set Secret costs one read and the write. No `vscode`.
 */
import type { DeleteReport, KeyInfo, Result } from '../backends/types';
import type { KeyCache, KeyScope, KeyStore } from './keyCache';

export class ScopeSession {
  private read = false;

  constructor(private readonly cache: KeyCache, readonly scope: KeyScope, private readonly store: KeyStore) {}

  keys(signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    if (this.read) return this.cache.get(this.scope, signal);
    this.read = true;
    return this.cache.read(this.scope, signal);
  }

  set(values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void>> {
    return this.cache.set(this.scope, values, signal, this.store);
  }

  delete(keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>> {
    return this.cache.delete(this.scope, keys, signal, this.store);
  }
}
