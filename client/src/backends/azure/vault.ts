/**
 * One vault of one project, over `@azure/keyvault-secrets`. Created only by `AzureBackend.vault()`; every operation
 * checks again that the user still has the vault added, so a stale handle cannot reach a removed vault.
 * Logs name operations, vaults, key names and counts — never values or tokens.
 */
import type { TokenCredential } from '@azure/identity';
import type { SecretClient } from '@azure/keyvault-secrets';
import { validateSecretValue, validateVaultSecretName } from '../../../../shared/src/mlrun';
import { fail, ok, type DeletedKeyInfo, type Failure, type KeyInfo, type KeyReport, type Logger, type Result, type VaultDeleteReport, type VaultScope } from '../types';
import { inFlight } from '../common/redact';
import { abortableDelay, raceAbort } from './abort';
import { vaultFailure, type VaultOp } from './errors';
import type { LastResponse } from './policies';
import { nullRecord } from '../../../../shared/src/records';

/** Values read at once by `readValues`. */
const READ_CONCURRENCY = 4;

/** Key Vault's limit on a secret value. */
export const MAX_VAULT_VALUE_BYTES = 25 * 1024;

export interface Connection {
  client: SecretClient;
  label: string;
  redact: string[];
  entra?: LastResponse;
}

/** A credential whose Key Vault tokens are fed to the redactor as they are issued. */
export function rememberingTokens(credential: TokenCredential): TokenCredential {
  return {
    async getToken(scopes, options) {
      const token = await credential.getToken(scopes, options);
      if (token) inFlight.remember([token.token]);
      return token;
    },
  };
}

export interface VaultDeps {
  connect(signal?: AbortSignal): Promise<Result<Connection>>;
  /** undefined while the vault is still added to the project, else why not. */
  stillAdded(): Failure | undefined;
  logger: Logger;
  pollIntervalMs: number;
  maxPollMs: number;
}

interface Poller {
  isDone(): boolean;
  poll(options?: { abortSignal?: AbortSignal }): Promise<void>;
}

/** Failures that concern every key of a batch, not just the one that met them. */
const GLOBAL: ReadonlySet<Failure['kind']> = new Set(['unauthorized', 'unreachable', 'cancelled', 'rateLimited', 'serverError']);

function iso(d: Date | undefined): string | undefined {
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

function purgeable(recoveryLevel: string | undefined): boolean {
  return (recoveryLevel ?? '').includes('Purgeable');
}

export class AzureVault implements VaultScope {
  constructor(readonly project: string, readonly vault: string, readonly url: string, private readonly deps: VaultDeps) {}

  private where(): string {
    return `vault ${this.vault} (project ${this.project})`;
  }

  /** Runs one SDK call with the vault's client, mapping any error to a Failure. */
  private async run<T>(op: VaultOp, key: string | undefined, redact: readonly string[], signal: AbortSignal | undefined,
    fn: (c: SecretClient) => Promise<T>): Promise<Result<T>> {
    if (signal?.aborted) return fail('cancelled', 'The operation was cancelled.');
    const gone = this.deps.stillAdded();
    if (gone) return { ok: false, error: gone };
    const conn = await this.deps.connect(signal);
    if (!conn.ok) return conn;
    inFlight.remember(conn.value.redact);
    const release = inFlight.hold(redact);
    try {
      return ok(await raceAbort(fn(conn.value.client), signal));
    } catch (e) {
      const error = vaultFailure(e, { op, vault: this.vault, url: this.url, ...(key !== undefined ? { key } : {}), credential: conn.value.label, redact: [...redact, ...conn.value.redact], ...(conn.value.entra ? { entra: conn.value.entra } : {}) });
      this.deps.logger.warn(`azure: ${op}${key !== undefined ? ` ${key}` : ''} in ${this.where()} failed: ${error.kind}${error.status ? ` ${error.status}` : ''}${error.code ? ` ${error.code}` : ''}`);
      return { ok: false, error };
    } finally {
      release();
    }
  }

  async listKeys(signal?: AbortSignal): Promise<Result<KeyInfo[]>> {
    const r = await this.run('list', undefined, [], signal, async c => {
      const keys: KeyInfo[] = [];
      for await (const p of c.listPropertiesOfSecrets({ abortSignal: signal })) {
        const detail = nullRecord([['vault', this.vault]]);
        const add = (k: string, v: string | undefined): void => { if (v) detail[k] = v; };
        add('updated', iso(p.updatedOn));
        add('created', iso(p.createdOn));
        add('contentType', p.contentType);
        add('expires', iso(p.expiresOn));
        add('notBefore', iso(p.notBefore));
        if (p.managed) detail.managed = 'certificate';
        keys.push({ name: p.name, ...(p.enabled === false ? { disabled: true } : {}), detail });
      }
      return keys.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name));
    });
    if (r.ok) this.deps.logger.info(`azure: listed ${r.value.length} secret names in ${this.where()} (${r.value.filter(k => k.disabled).length} disabled)`);
    return r;
  }

  /** Why these values cannot be set, or undefined. Checks everything before anything is written. */
  static validate(values: ReadonlyMap<string, string>, vault: string): string | undefined {
    const seen = new Map<string, string>();
    for (const [key, value] of values) {
      const bad = validateVaultSecretName(key) ?? validateSecretValue(value)
        ?? (Buffer.byteLength(value, 'utf8') > MAX_VAULT_VALUE_BYTES ? `Key Vault holds at most ${MAX_VAULT_VALUE_BYTES} bytes per value (this one has ${Buffer.byteLength(value, 'utf8')}).` : undefined);
      if (bad) return `Cannot set '${key}' in vault '${vault}': ${bad}`;
      const twin = seen.get(key.toLowerCase());
      if (twin !== undefined) return `'${twin}' and '${key}' are the same secret in Key Vault (names ignore case); set only one.`;
      seen.set(key.toLowerCase(), key);
    }
    return undefined;
  }

  async setSecrets(values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Result<void>> {
    const bad = AzureVault.validate(values, this.vault);
    if (bad) return fail('invalid', bad);
    if (values.size === 0) return ok(undefined);
    const redact = [...values.values()];
    if (values.size > 1) {
      // Refuse before writing anything when a name is held by a deleted secret (its 409 would come midway).
      const deleted = await this.listDeleted(signal);
      if (!deleted.ok && deleted.error.kind !== 'forbidden') return deleted;
      if (deleted.ok) {
        const names = new Set(deleted.value.map(d => d.name.toLowerCase()));
        const clash = [...values.keys()].filter(k => names.has(k.toLowerCase()));
        if (clash.length) {
          const message = `${clash.map(k => `'${k}'`).join(', ')} ${clash.length === 1 ? 'is a deleted but recoverable secret' : 'are deleted but recoverable secrets'} in vault '${this.vault}', so ${clash.length === 1 ? 'its name' : 'their names'} cannot be reused: recover or purge first; nothing was set.`;
          return { ok: false, error: { kind: 'conflict', message, code: 'ObjectIsDeletedButRecoverable' } };
        }
      }
    }
    const written: string[] = [];
    for (const [key, value] of values) {
      const r = await this.run('set', key, redact, signal, c => c.setSecret(key, value, { abortSignal: signal }));
      if (!r.ok) {
        if (written.length) this.deps.logger.info(`azure: set ${written.join(', ')} in ${this.where()} before failing`);
        const rest = [...values.keys()].slice(written.length + 1);
        const note = written.length || rest.length
          ? `; ${written.length ? `already set: ${written.join(', ')}` : 'nothing was set'}${rest.length ? `; not attempted: ${rest.join(', ')}` : ''}`
          : '';
        return { ok: false, error: { ...r.error, message: `${r.error.message.replace(/\.$/, '')}${note}.` } };
      }
      written.push(key);
    }
    this.deps.logger.info(`azure: set ${written.join(', ')} in ${this.where()}`);
    return ok(undefined);
  }

  /** Polls an SDK poller until done, at most `maxPollMs`. */
  private async settle(poller: Poller, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + this.deps.maxPollMs;
    while (!poller.isDone()) {
      if (Date.now() >= deadline) return false;
      await abortableDelay(this.deps.pollIntervalMs, signal);
      await poller.poll({ abortSignal: signal });
    }
    return true;
  }

  async deleteSecrets(keys: readonly string[], options: { purge?: boolean } = {}, signal?: AbortSignal): Promise<Result<VaultDeleteReport>> {
    const report: VaultDeleteReport = { deleted: [], notDeleted: [], purged: [], notPurged: [] };
    const failed = await this.eachKey('delete', keys, signal, async (c, key) => {
      const poller = await c.beginDeleteSecret(key, { abortSignal: signal, intervalInMs: this.deps.pollIntervalMs });
      const settled = options.purge ? await this.settle(poller, signal) : poller.isDone();
      return { settled, recoveryLevel: poller.getResult()?.properties.recoveryLevel, purgeDate: poller.getResult()?.scheduledPurgeDate };
    }, async (key, deleted) => {
      report.deleted.push(key);
      if (!options.purge) return;
      const level = deleted.recoveryLevel;
      if (level === 'Purgeable') {
        report.purged.push(key); // no soft delete: already gone for good
      } else if (level && !purgeable(level)) {
        const when = iso(deleted.purgeDate);
        report.notPurged.push({ key, reason: `Vault '${this.vault}' has purge protection: Key Vault purges '${key}' itself${when ? ` on ${when.slice(0, 10)}` : ' when the retention period ends'}.` });
      } else if (!deleted.settled) {
        report.notPurged.push({ key, reason: `'${key}' was still being deleted after ${Math.round(this.deps.maxPollMs / 1000)} s; purge it later (Purge Deleted Vault Secret…).` });
      } else {
        const p = await this.run('purge', key, [], signal, c => c.purgeDeletedSecret(key, { abortSignal: signal }));
        if (p.ok) report.purged.push(key);
        else report.notPurged.push({ key, reason: p.error.message });
      }
    }, (key, reason) => report.notDeleted.push({ key, reason }));
    if (failed) return failed;
    this.deps.logger.info(`azure: deleted ${report.deleted.length} of ${keys.length} secrets in ${this.where()}${options.purge ? `, purged ${report.purged.length}` : ''}${report.deleted.length ? `: ${report.deleted.join(', ')}` : ''}`);
    return ok(report);
  }

  async listDeleted(signal?: AbortSignal): Promise<Result<DeletedKeyInfo[]>> {
    return this.run('listDeleted', undefined, [], signal, async c => {
      const out: DeletedKeyInfo[] = [];
      for await (const d of c.listDeletedSecrets({ abortSignal: signal })) {
        const level = d.properties.recoveryLevel;
        const detail: Record<string, string> = { vault: this.vault };
        if (level) detail.recoveryLevel = level;
        if (d.properties.recoverableDays !== undefined) detail.recoverableDays = String(d.properties.recoverableDays);
        const deletedOn = iso(d.deletedOn);
        const purgeDate = iso(d.scheduledPurgeDate);
        out.push({ name: d.name, ...(deletedOn ? { deletedOn } : {}), ...(purgeDate ? { scheduledPurgeDate: purgeDate } : {}), purgeable: purgeable(level), detail });
      }
      return out.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    });
  }

  /**
   * Runs `fn` on each key in turn and hands each outcome to `done` or `notDone`; a name Key Vault cannot hold is
   * refused without a call. A failure that concerns the whole vault (GLOBAL) is returned when the first key meets
   * it (nothing has happened yet); later, that key and the rest are not done, with its message.
   */
  private async eachKey<T>(op: VaultOp, keys: readonly string[], signal: AbortSignal | undefined,
    fn: (c: SecretClient, key: string) => Promise<T>,
    done: (key: string, value: T) => void | Promise<void>,
    notDone: (key: string, reason: string) => void): Promise<Result<never> | undefined> {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const bad = validateVaultSecretName(key);
      if (bad) {
        notDone(key, bad);
        continue;
      }
      const r = await this.run(op, key, [], signal, c => fn(c, key));
      if (r.ok) {
        await done(key, r.value);
      } else if (GLOBAL.has(r.error.kind)) {
        if (i === 0) return r;
        for (const k of keys.slice(i)) notDone(k, r.error.message);
        break;
      } else {
        notDone(key, r.error.message);
      }
    }
    return undefined;
  }

  private async perKey(op: 'recover' | 'purge', keys: readonly string[], signal: AbortSignal | undefined,
    fn: (c: SecretClient, key: string) => Promise<void>): Promise<Result<KeyReport>> {
    const report: KeyReport = { done: [], notDone: [] };
    const failed = await this.eachKey(op, keys, signal, fn, key => { report.done.push(key); }, (key, reason) => report.notDone.push({ key, reason }));
    if (failed) return failed;
    this.deps.logger.info(`azure: ${op === 'recover' ? 'recovered' : 'purged'} ${report.done.length} of ${keys.length} deleted secrets in ${this.where()}${report.done.length ? `: ${report.done.join(', ')}` : ''}`);
    return ok(report);
  }

  recoverSecrets(keys: readonly string[], signal?: AbortSignal): Promise<Result<KeyReport>> {
    return this.perKey('recover', keys, signal, async (c, key) => {
      const poller = await c.beginRecoverDeletedSecret(key, { abortSignal: signal, intervalInMs: this.deps.pollIntervalMs });
      await this.settle(poller, signal);
    });
  }

  purgeSecrets(keys: readonly string[], signal?: AbortSignal): Promise<Result<KeyReport>> {
    return this.perKey('purge', keys, signal, (c, key) => c.purgeDeletedSecret(key, { abortSignal: signal }));
  }

  async readValues(keys: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>> {
    let names = [...keys];
    if (names.length === 0) {
      const listed = await this.listKeys(signal);
      if (!listed.ok) return listed;
      names = listed.value.filter(k => !k.disabled).map(k => k.name);
    }
    // A few reads in flight at once (Key Vault allows thousands of GETs per 10 s per vault); results keep key order.
    const results: (Result<string | undefined> | undefined)[] = new Array(names.length);
    let cursor = 0;
    let failed: Result<never> | undefined;
    const worker = async (): Promise<void> => {
      while (failed === undefined && cursor < names.length) {
        const i = cursor++;
        const key = names[i]!;
        if (validateVaultSecretName(key)) continue;
        const r = await this.run('get', key, [], signal, async c => (await c.getSecret(key, { abortSignal: signal })).value);
        if (!r.ok && r.error.kind !== 'notFound' && r.error.code !== 'SecretDisabled') failed ??= r;
        results[i] = r;
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
    if (failed) return failed;
    const values = new Map<string, string>();
    const skipped: string[] = [];
    names.forEach((key, i) => {
      const r = results[i];
      if (r?.ok && typeof r.value === 'string') values.set(key, r.value);
      else skipped.push(key);
    });
    this.deps.logger.info(`azure: read ${values.size} values from ${this.where()}${values.size ? `: ${[...values.keys()].join(', ')}` : ''}${skipped.length ? `; skipped (missing, disabled or not a vault name): ${skipped.join(', ')}` : ''}`);
    return ok(values);
  }
}
