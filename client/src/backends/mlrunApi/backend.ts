/**
 * The MLRun API backend (docs/mlrun-facts.md §2, §9, §2.2): projects from
 * `GET projects?format=name_only`, keys from `GET projects/{p}/secret-keys?provider=kubernetes`, sets with
 * `POST projects/{p}/secrets?provider=kubernetes` and body `{"provider": "kubernetes", "secrets": {...}}`, deletes
 * with `DELETE projects/{p}/secrets?provider=kubernetes&secret=K1&secret=K2` (keys URL-encoded; never without a
 * `secret=`, which would delete every key). Values cannot be read back: MLRun answers 403 for them.
 */
import { isInternalKey, isMlrunOwnedKey, KUBERNETES_PROVIDER } from '../../../../shared/src/mlrun';
import { nullRecord, ownValue } from '../../../../shared/src/records';
import { checkKeys, checkProject, checkSize, checkValues } from '../common/validate';
import { fail, ok, silentLogger, type DeleteReport, type KeyInfo, type Logger, type Result, type SecretBackend } from '../types';
import { MlrunClient, type MlrunClientOptions } from './client';

export interface ClientSpec {
  /** The namespace MLRun keeps project Secrets in (`config.namespace`). */
  namespace?: string;
  /** The server's MLRun version (`config.version`): how its job pods name secret variables. */
  version?: string;
  /** The server's in-cluster URL (`httpdb.api_url`), which MLRun passes to its job pods as `MLRUN_DBPATH`. */
  apiUrl?: string;
}

export type MlrunApiBackendOptions = MlrunClientOptions;

function projectPath(project: string, rest: string): string {
  return `projects/${encodeURIComponent(project)}/${rest}`;
}

export class MlrunApiBackend implements SecretBackend {
  readonly kind = 'mlrunApi' as const;
  readonly client: MlrunClient;
  private readonly logger: Logger;
  private spec?: { at: number; value: ClientSpec };

  constructor(options: MlrunApiBackendOptions) {
    this.client = new MlrunClient(options);
    this.logger = options.logger ?? silentLogger;
  }

  describe(): string {
    return this.client.endpoint;
  }

  /** `GET client-spec` (no authentication needed), cached for a minute. */
  async clientSpec(signal?: AbortSignal): Promise<Result<ClientSpec>> {
    if (this.spec && Date.now() - this.spec.at < 60_000) return ok(this.spec.value);
    const r = await this.client.call<Record<string, unknown>>({
      method: 'GET', path: 'client-spec', expect: [200], action: 'reading its client-spec', retry: true, signal,
    });
    if (!r.ok) return r;
    const value: ClientSpec = {};
    const text = (name: string): string | undefined => {
      const v = ownValue(r.value, name);
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    const fields: [keyof ClientSpec, string][] = [['namespace', 'namespace'], ['version', 'version'], ['apiUrl', 'api_url']];
    for (const [field, name] of fields) {
      const v = text(name);
      if (v) value[field] = v;
    }
    this.spec = { at: Date.now(), value };
    return ok(value);
  }

  async listProjects(signal?: AbortSignal): Promise<Result<string[]>> {
    const r = await this.client.call<{ projects?: unknown }>({
      method: 'GET', path: 'projects', query: [['format', 'name_only']], expect: [200], action: 'listing projects', retry: true, signal,
    });
    if (!r.ok) return r;
    const list = r.value?.projects;
    if (!Array.isArray(list)) return fail('serverError', `The MLRun API at ${this.client.endpoint} answered the project list without a "projects" array.`);
    const names = list.map(p => (typeof p === 'string' ? p : (p as { metadata?: { name?: unknown } })?.metadata?.name))
      .filter((n): n is string => typeof n === 'string');
    return ok([...new Set(names)].sort());
  }

  private async keyNames(project: string, signal?: AbortSignal): Promise<Result<string[]>> {
    const r = await this.client.call<{ secret_keys?: unknown }>({
      method: 'GET',
      path: projectPath(project, 'secret-keys'),
      query: [['provider', KUBERNETES_PROVIDER]],
      expect: [200],
      action: `listing the keys of project "${project}"`,
      project,
      retry: true,
      signal,
    });
    if (!r.ok) return r;
    const keys = r.value?.secret_keys;
    if (!Array.isArray(keys)) return fail('serverError', `The MLRun API at ${this.client.endpoint} answered the key list without a "secret_keys" array.`);
    return ok(keys.filter((k): k is string => typeof k === 'string' && !isInternalKey(k)));
  }

  async listKeys(project: string, signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    const bad = checkProject(project);
    if (bad) return { ok: false, error: bad };
    const r = await this.keyNames(project, signal);
    if (!r.ok) return r;
    return ok([...r.value].sort().map(name => (isMlrunOwnedKey(name) ? { name, mlrunOwned: true } : { name })));
  }

  async setSecrets(project: string, values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void>> {
    const bad = checkProject(project) ?? checkValues(values) ?? checkSize(values.entries(), 'These values');
    if (bad) return { ok: false, error: bad };
    if (values.size === 0) return ok(undefined);
    const secrets = nullRecord(values);
    const keys = [...values.keys()];
    const r = await this.client.call<void>({
      method: 'POST',
      path: projectPath(project, 'secrets'),
      query: [['provider', KUBERNETES_PROVIDER]],
      json: { provider: KUBERNETES_PROVIDER, secrets },
      expect: [200, 201],
      action: `storing ${keys.length === 1 ? `key "${keys[0]}"` : `${keys.length} keys`} in project "${project}"`,
      project,
      values: [...values.values()],
      retry: true,
      signal,
    });
    if (!r.ok) return r;
    this.logger.info(`MLRun API: set ${keys.length} key(s) in project ${project}: ${keys.join(', ')}`);
    return ok(undefined);
  }

  async deleteSecrets(project: string, keys: readonly string[], signal?: AbortSignal): Promise<Result<DeleteReport>> {
    const bad = checkProject(project) ?? checkKeys(keys);
    if (bad) return { ok: false, error: bad };
    const wanted = [...new Set(keys)];
    const report: DeleteReport = { deleted: [], notDeleted: [] };
    if (wanted.length === 0) return ok(report);
    const existing = await this.keyNames(project, signal);
    if (!existing.ok) return existing;
    const present = wanted.filter(k => existing.value.includes(k));
    for (const k of wanted) if (!present.includes(k)) report.notDeleted.push({ key: k, reason: 'not in the project' });
    // Never send a DELETE without secret=: MLRun would delete every key of the project.
    if (present.length === 0) return ok(report);
    const r = await this.client.call<void>({
      method: 'DELETE',
      path: projectPath(project, 'secrets'),
      query: [['provider', KUBERNETES_PROVIDER], ...present.map(k => ['secret', k] as [string, string])],
      expect: [200, 204],
      action: `deleting ${present.length === 1 ? `key "${present[0]}"` : `${present.length} keys`} from project "${project}"`,
      project,
      retry: true,
      signal,
    });
    if (!r.ok) return r;
    report.deleted.push(...present);
    this.logger.info(`MLRun API: deleted ${present.length} key(s) from project ${project}: ${present.join(', ')}`);
    return ok(report);
  }
}

export function createMlrunApiBackend(options: MlrunApiBackendOptions): MlrunApiBackend {
  return new MlrunApiBackend(options);
}
