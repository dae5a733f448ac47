/**
 * The local backend: project secrets kept in a `SecretStore` (VS Code's SecretStorage — the OS keychain on the
 * desktop, browser storage in code-server) for local runs. SecretStorage cannot list its keys, so an index of key
 * names per project is kept in the same store under its own entry.
 *
 * Layout (entry names cannot collide: `/` appears in neither project names nor keys):
 *   mlrun-secrets/local/index            {"version":1,"projects":{"<project>":["KEY",...]}}
 *   mlrun-secrets/local/<project>/<KEY>  the value
 *
 * Writes in one backend instance are serialised (the store has no compare-and-swap); a set that fails part-way
 * puts back what it had changed, so nothing is left half-written.
 */
import { isMlrunOwnedKey } from '../../../../shared/src/mlrun';
import { nullRecord, parseJson } from '../../../../shared/src/records';
import { checkKeys, checkProject, checkValues } from '../common/validate';
import {
  fail, ok, silentLogger, type DeleteReport, type KeyInfo, type Logger, type Result, type SecretBackend, type SecretStore,
} from '../types';

export const LOCAL_INDEX_ENTRY = 'mlrun-secrets/local/index';

export function localValueEntry(project: string, key: string): string {
  return `mlrun-secrets/local/${project}/${key}`;
}

/** The index in memory: project → its key names (a Map: a project may be named `constructor`). */
interface Index {
  projects: Map<string, string[]>;
}

export interface LocalBackendOptions {
  store: SecretStore;
  logger?: Logger;
}

class StoreError extends Error {}

export class LocalBackend implements SecretBackend {
  readonly kind = 'local' as const;
  private readonly store: SecretStore;
  private readonly logger: Logger;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: LocalBackendOptions) {
    this.store = options.store;
    this.logger = options.logger ?? silentLogger;
  }

  describe(): string {
    return 'Local store (this machine)';
  }

  /** Runs `work` after every earlier write of this instance. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async call<T>(what: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      if (e instanceof StoreError) throw e;
      this.logger.error(`local store: ${what} failed: ${e instanceof Error ? e.name : 'error'}`);
      throw new StoreError(`The local secret store (VS Code SecretStorage) failed while ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async readIndex(): Promise<Index> {
    const raw = await this.call('reading the key index', async () => this.store.get(LOCAL_INDEX_ENTRY));
    if (raw === undefined) return { projects: new Map() };
    try {
      const projects = (parseJson(raw) as { projects?: unknown } | null)?.projects;
      if (projects && typeof projects === 'object' && !Array.isArray(projects)) {
        const index: Index = { projects: new Map() };
        for (const [p, keys] of Object.entries(projects)) {
          if (Array.isArray(keys)) index.projects.set(p, keys.filter((k): k is string => typeof k === 'string'));
        }
        return index;
      }
    } catch {
      // fall through
    }
    throw new StoreError(`The key index of the local secret store (entry "${LOCAL_INDEX_ENTRY}") is damaged; it is not valid JSON.`);
  }

  private async writeIndex(index: Index): Promise<void> {
    const projects = nullRecord([...index.projects].filter(([, keys]) => keys.length > 0));
    await this.call('writing the key index', async () => this.store.store(LOCAL_INDEX_ENTRY, JSON.stringify({ version: 1, projects })));
  }

  private guard<T>(signal: AbortSignal | undefined, work: () => Promise<Result<T>>): Promise<Result<T>> {
    if (signal?.aborted) return Promise.resolve(fail('cancelled', 'The operation was cancelled.'));
    return work().catch(e => {
      if (e instanceof StoreError) return fail<T>('unreachable', e.message);
      throw e;
    });
  }

  listProjects(signal?: AbortSignal): Promise<Result<string[]>> {
    return this.guard(signal, async () => {
      const index = await this.readIndex();
      return ok([...index.projects].filter(([, keys]) => keys.length > 0).map(([p]) => p).sort());
    });
  }

  listKeys(project: string, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    const bad = checkProject(project);
    if (bad) return Promise.resolve({ ok: false, error: bad });
    return this.guard(signal, async () => {
      const index = await this.readIndex();
      const keys = [...(index.projects.get(project) ?? [])].sort();
      this.logger.trace(`local store: ${keys.length} keys in project ${project}`);
      return ok(keys.map(name => (isMlrunOwnedKey(name) ? { name, mlrunOwned: true } : { name })));
    });
  }

  setSecrets(project: string, values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void>> {
    const bad = checkProject(project) ?? checkValues(values);
    if (bad) return Promise.resolve({ ok: false, error: bad });
    if (values.size === 0) return Promise.resolve(ok(undefined));
    return this.guard(signal, () => this.exclusive(async () => {
      const index = await this.readIndex();
      const written: { key: string; previous: string | undefined }[] = [];
      try {
        for (const [key, value] of values) {
          if (signal?.aborted) throw new StoreError('cancelled');
          const entry = localValueEntry(project, key);
          const previous = await this.call(`reading key "${key}"`, async () => this.store.get(entry));
          await this.call(`storing key "${key}"`, async () => this.store.store(entry, value));
          written.push({ key, previous });
        }
        const keys = new Set(index.projects.get(project) ?? []);
        for (const key of values.keys()) keys.add(key);
        index.projects.set(project, [...keys].sort());
        await this.writeIndex(index);
      } catch (e) {
        await this.rollBack(project, written);
        if (e instanceof StoreError && e.message === 'cancelled') return fail<void>('cancelled', 'The operation was cancelled; nothing was changed.');
        throw e;
      }
      this.logger.info(`local store: set ${values.size} key(s) in project ${project}: ${[...values.keys()].join(', ')}`);
      return ok(undefined);
    }));
  }

  private async rollBack(project: string, written: { key: string; previous: string | undefined }[]): Promise<void> {
    for (const { key, previous } of written.reverse()) {
      const entry = localValueEntry(project, key);
      try {
        if (previous === undefined) await this.store.delete(entry);
        else await this.store.store(entry, previous);
      } catch {
        this.logger.error(`local store: could not roll back key "${key}" in project ${project}`);
      }
    }
  }

  deleteSecrets(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>> {
    const bad = checkProject(project) ?? checkKeys(keys);
    if (bad) return Promise.resolve({ ok: false, error: bad });
    return this.guard(signal, () => this.exclusive(async () => {
      const index = await this.readIndex();
      const present = new Set(index.projects.get(project) ?? []);
      const report: DeleteReport = { deleted: [], notDeleted: [] };
      const toDelete = [...new Set(keys)];
      for (const key of toDelete) if (!present.has(key)) report.notDeleted.push({ key, reason: 'not in the local store' });
      const removing = toDelete.filter(k => present.has(k));
      if (removing.length === 0) return ok(report);
      index.projects.set(project, [...present].filter(k => !removing.includes(k)));
      await this.writeIndex(index);
      for (const key of removing) {
        try {
          await this.store.delete(localValueEntry(project, key));
          report.deleted.push(key);
        } catch (e) {
          // The key is already out of the index, so it is gone for every reader; only the value entry lingers.
          report.deleted.push(key);
          this.logger.warn(`local store: key "${key}" removed from the index, but its entry could not be deleted: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      this.logger.info(`local store: deleted ${report.deleted.length} key(s) from project ${project}: ${report.deleted.join(', ')}`);
      return ok(report);
    }));
  }

  readValues(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>> {
    const bad = checkProject(project) ?? checkKeys(keys);
    if (bad) return Promise.resolve({ ok: false, error: bad });
    return this.guard(signal, async () => {
      const out = new Map<string, string>();
      for (const key of keys) {
        const value = await this.call(`reading key "${key}"`, async () => this.store.get(localValueEntry(project, key)));
        if (value !== undefined && value !== '') out.set(key, value);
      }
      this.logger.trace(`local store: read ${out.size} of ${keys.length} requested key(s) in project ${project}`);
      return ok(out);
    });
  }
}

export function createLocalBackend(options: LocalBackendOptions): LocalBackend {
  return new LocalBackend(options);
}
