/**
 * The one key list per (backend, project[, vault]) of the whole extension. The sidebar tree, the language server's
 * key list (projectKeysSync.ts) and the commands all read it, so a store is asked once per scope until something
 * changes; a write updates it from its own outcome (the Kubernetes PATCH answers with the whole Secret; otherwise
 * the keys written are added, the keys deleted removed), so a Set Secret costs one read before it and none after.
 *
 * Key names and metadata only: no value is ever held here. No `vscode`: integration tests drive it against the
 * API doubles and count the requests.
 */
import { isMlrunOwnedKey } from '../../../shared/src/mlrun';
import type { BackendKind } from '../../../shared/src/protocol';
import type { DeleteReport, KeyInfo, Result, WriteOutcome } from '../backends/types';

/** Whose keys: a project of a backend, or (Azure) one vault of a project; without a vault, every vault of it. */
export interface KeyScope {
  readonly backend: BackendKind;
  readonly project: string;
  readonly vault?: string;
}

/** Where a scope's keys are read and written (a backend and a project, or one vault). */
export interface KeyStore {
  listKeys(signal?: AbortSignal): Promise<Result<KeyInfo[]>>;
  setSecrets(values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void | WriteOutcome>>;
  deleteSecrets(keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>>;
}

/** Finds the store of a scope (the extension: through the backend registry). */
export type StoreResolver = (scope: KeyScope, signal?: AbortSignal) => Promise<Result<KeyStore>>;

/** Told which scope changed; `undefined`: everything was forgotten. */
export type KeysListener = (scope: KeyScope | undefined) => void;

interface Entry {
  scope: KeyScope;
  pending: Promise<Result<KeyInfo[]>>;
  /** The list once read (or written), sorted by name. */
  known?: readonly KeyInfo[];
}

function idOf(s: KeyScope): string {
  return JSON.stringify([s.backend, s.project, s.vault ?? '']);
}

function matches(s: KeyScope, filter: Partial<KeyScope>): boolean {
  return (filter.backend === undefined || s.backend === filter.backend)
    && (filter.project === undefined || s.project === filter.project)
    && (filter.vault === undefined || s.vault === filter.vault);
}

function sorted(keys: readonly KeyInfo[]): KeyInfo[] {
  return [...keys].sort((a, b) => a.name.localeCompare(b.name));
}

/** Callers get their own copies: what one of them changes, the cache and the others never see. */
function copyList(keys: readonly KeyInfo[]): KeyInfo[] {
  return keys.map(k => ({ ...k, ...(k.detail ? { detail: { ...k.detail } } : {}) }));
}

async function copied(r: Promise<Result<KeyInfo[]>>): Promise<Result<KeyInfo[]>> {
  const v = await r;
  return v.ok ? { ok: true, value: copyList(v.value) } : v;
}

/** What a key written without a store's answer looks like in a list. */
function writtenKey(scope: KeyScope, name: string): KeyInfo {
  if (scope.backend === 'azure') return { name, ...(scope.vault ? { detail: { vault: scope.vault } } : {}) };
  return isMlrunOwnedKey(name) ? { name, mlrunOwned: true } : { name };
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<KeysListener>();

  constructor(private readonly resolve: StoreResolver) {}

  /** The scope's keys: what is known, else one read shared by every caller asking meanwhile. */
  get(scope: KeyScope, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    const hit = this.entries.get(idOf(scope));
    return copied(hit ? hit.pending : this.load(scope, signal));
  }

  /** The keys known right now, without asking (undefined: not read yet, or the read failed). */
  peek(scope: KeyScope): readonly KeyInfo[] | undefined {
    const known = this.entries.get(idOf(scope))?.known;
    return known && copyList(known);
  }

  /** Asks the store again (before a write, so its warnings see the keys as they are now). */
  read(scope: KeyScope, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    return copied(this.load(scope, signal));
  }

  /** Writes through `store` (else the scope's own) and updates the list from the outcome. */
  async set(scope: KeyScope, values: ReadonlyMap<string, string>, signal?: AbortSignal, store?: KeyStore): Promise<Result<void>> {
    const s = store ? { ok: true as const, value: store } : await this.resolve(scope, signal);
    if (!s.ok) return s;
    const r = await s.value.setSecrets(values, signal);
    if (!r.ok) {
      // A failed write may still have written part of it (a vault sets keys one by one): read again when asked.
      this.forget(scope);
      if (scope.vault) this.forget({ backend: scope.backend, project: scope.project });
      this.fire(scope);
      return r;
    }
    const names = [...values.keys()];
    if (r.value?.keys) this.put(scope, r.value.keys);
    else this.patch(scope, list => [...list.filter(k => !names.includes(k.name)), ...names.map(n => writtenKey(scope, n))]);
    // Without a vault, Azure's project list is every vault's list: the written keys are in it now.
    const vault = scope.vault;
    if (vault) {
      const mine = (k: KeyInfo): boolean => names.includes(k.name) && k.detail?.vault === vault;
      this.patch({ backend: scope.backend, project: scope.project }, list => [...list.filter(k => !mine(k)), ...names.map(n => writtenKey(scope, n))]);
    }
    this.fire(scope);
    return { ok: true, value: undefined };
  }

  /** Deletes through `store` (else the scope's own) and removes what was deleted from the list. */
  async delete(scope: KeyScope, keys: readonly string[], signal?: AbortSignal, store?: KeyStore): Promise<Result<DeleteReport>> {
    const s = store ? { ok: true as const, value: store } : await this.resolve(scope, signal);
    if (!s.ok) return s;
    const r = await s.value.deleteSecrets(keys, signal);
    if (!r.ok) this.forget(scope);
    else this.patch(scope, list => list.filter(k => !r.value.deleted.includes(k.name)));
    // Another vault of the project may hold the same name: its project-wide list is read again.
    if (scope.vault) this.forget({ backend: scope.backend, project: scope.project });
    this.fire(scope);
    return r;
  }

  /** Forgets the lists of the scopes matching `filter` (every list without one), so the next reads ask again. */
  invalidate(filter: Partial<KeyScope> = {}): void {
    for (const [id, e] of [...this.entries]) if (matches(e.scope, filter)) this.entries.delete(id);
    this.fire(filter.backend !== undefined && filter.project !== undefined ? { backend: filter.backend, project: filter.project, ...(filter.vault ? { vault: filter.vault } : {}) } : undefined);
  }

  onDidChange(listener: KeysListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private load(scope: KeyScope, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    const id = idOf(scope);
    const entry: Entry = { scope, pending: Promise.resolve({ ok: true, value: [] }) };
    entry.pending = (async (): Promise<Result<KeyInfo[]>> => {
      const store = await this.resolve(scope, signal);
      if (!store.ok) return store;
      const r = await store.value.listKeys(signal);
      if (!r.ok) return r;
      const list = sorted(r.value);
      if (this.entries.get(id) === entry) entry.known = list;
      return { ok: true, value: list };
    })();
    this.entries.set(id, entry);
    // A failure is not kept: the next read (or Retry) asks again.
    void entry.pending.then(r => { if (!r.ok && this.entries.get(id) === entry) this.entries.delete(id); });
    return entry.pending;
  }

  private put(scope: KeyScope, keys: readonly KeyInfo[]): void {
    const list = sorted(keys);
    this.entries.set(idOf(scope), { scope, known: list, pending: Promise.resolve({ ok: true, value: list }) });
  }

  /** Changes a known list; a list not read yet stays unread (the next read asks the store). */
  private patch(scope: KeyScope, change: (list: readonly KeyInfo[]) => KeyInfo[]): void {
    const known = this.entries.get(idOf(scope))?.known;
    if (known) this.put(scope, change(known));
    else this.entries.delete(idOf(scope));
  }

  private forget(scope: KeyScope): void {
    this.entries.delete(idOf(scope));
  }

  private fire(scope: KeyScope | undefined): void {
    for (const l of [...this.listeners]) l(scope);
  }
}
