/**
 * The Kubernetes double's storage: objects per resource type with a cluster-wide `resourceVersion`, compare-and-swap
 * writes (what etcd gives the API server), a change history for watches, namespaces and users.
 *
 * Nothing here is async and nothing locks: the HTTP handlers read, yield to the event loop, then write with a CAS,
 * so concurrent clients really race and really get 409s.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  typeKey: string;
  type: WatchEventType;
  object: KubeObject;
  resourceVersion: number;
}

/** An RBAC-like rule; a user without rules may do everything (cluster-admin). */
export interface PolicyRule {
  verbs: string[];
  /** Plural resource names (`secrets`, `pods/log`) or `*`. */
  resources: string[];
  /** Namespaces the rule applies to; omitted = all (and cluster scope). */
  namespaces?: string[];
  resourceNames?: string[];
}

export interface User {
  name: string;
  groups?: string[];
  rules?: PolicyRule[];
}

/** `core/v1/secrets`, `batch/v1/jobs`. */
export function typeKeyOf(group: string, version: string, resource: string): string {
  return `${group || 'core'}/${version}/${resource}`;
}

export const SECRETS = typeKeyOf('', 'v1', 'secrets');
export const NAMESPACES = typeKeyOf('', 'v1', 'namespaces');

function clone<T>(v: T): T {
  return structuredClone(v);
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class KubeState {
  private resourceVersion = 1000;
  private readonly stores = new Map<string, Map<string, KubeObject>>();
  /** Every change, for watches that resume from a resourceVersion. */
  readonly history: ChangeEvent[] = [];
  /** Emits `change` with a `ChangeEvent`. */
  readonly events = new EventEmitter();
  /** Bearer token → user. */
  readonly tokens = new Map<string, User>();
  /** `user:password` → user (kubeconfig basic auth). */
  readonly basicUsers = new Map<string, User>();
  /** Client certificate CN → extra rules (certificates signed by the double's CA authenticate as their CN). */
  readonly certificateUsers = new Map<string, User>();

  constructor() {
    this.events.setMaxListeners(0);
  }

  currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  private bump(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  private store(typeKey: string): Map<string, KubeObject> {
    let s = this.stores.get(typeKey);
    if (!s) {
      s = new Map();
      this.stores.set(typeKey, s);
    }
    return s;
  }

  private record(typeKey: string, type: WatchEventType, object: KubeObject): void {
    const event: ChangeEvent = { typeKey, type, object: clone(object), resourceVersion: Number(object.metadata.resourceVersion) };
    this.history.push(event);
    this.events.emit('change', event);
  }

  get(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.store(typeKey).get(objectKey(namespace, name));
    return o ? clone(o) : undefined;
  }

  /** Objects of a type, in one namespace or all, sorted by namespace and name (as the API server lists them). */
  list(typeKey: string, namespace?: string): KubeObject[] {
    const all = [...this.store(typeKey).values()].filter(o => namespace === undefined || o.metadata.namespace === namespace);
    all.sort((a, b) => objectKey(a.metadata.namespace, a.metadata.name).localeCompare(objectKey(b.metadata.namespace, b.metadata.name)));
    return all.map(clone);
  }

  /** Stores a new object (fills uid, resourceVersion, creationTimestamp); false when the name is taken. */
  insert(typeKey: string, object: KubeObject): KubeObject | false {
    const s = this.store(typeKey);
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    if (s.has(key)) return false;
    const stored = clone(object);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    stored.metadata.resourceVersion = this.bump();
    s.set(key, stored);
    this.record(typeKey, 'ADDED', stored);
    return clone(stored);
  }

  /**
   * Replaces an object if its stored resourceVersion is still `expected` (compare-and-swap); false otherwise
   * (including when it was deleted meanwhile). Keeps uid and creationTimestamp.
   */
  replace(typeKey: string, object: KubeObject, expected: string): KubeObject | false {
    const s = this.store(typeKey);
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const current = s.get(key);
    if (!current || current.metadata.resourceVersion !== expected) return false;
    const stored = clone(object);
    stored.metadata.uid = current.metadata.uid;
    stored.metadata.creationTimestamp = current.metadata.creationTimestamp;
    stored.metadata.resourceVersion = this.bump();
    s.set(key, stored);
    this.record(typeKey, 'MODIFIED', stored);
    return clone(stored);
  }

  /** Deletes an object if its resourceVersion is still `expected` (when given); returns what was deleted. */
  remove(typeKey: string, namespace: string | undefined, name: string, expected?: string): KubeObject | false {
    const s = this.store(typeKey);
    const key = objectKey(namespace, name);
    const current = s.get(key);
    if (!current || (expected !== undefined && current.metadata.resourceVersion !== expected)) return false;
    s.delete(key);
    const deleted = clone(current);
    deleted.metadata.resourceVersion = this.bump();
    this.record(typeKey, 'DELETED', deleted);
    return deleted;
  }

  // ---- namespaces ----

  addNamespace(name: string): void {
    if (this.get(NAMESPACES, undefined, name)) return;
    this.insert(NAMESPACES, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  hasNamespace(name: string): boolean {
    return this.get(NAMESPACES, undefined, name) !== undefined;
  }

  // ---- users ----

  addToken(token: string, user: User): void {
    this.tokens.set(token, user);
  }

  // ---- Secret helpers for tests (they bypass HTTP, auth and faults) ----

  secret(namespace: string, name: string): KubeObject | undefined {
    return this.get(SECRETS, namespace, name);
  }

  /** A Secret's data decoded as UTF-8, or undefined when the Secret does not exist. */
  secretData(namespace: string, name: string): Record<string, string> | undefined {
    const s = this.secret(namespace, name);
    if (!s) return undefined;
    const out: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries((s.data as Record<string, string> | undefined) ?? {})) {
      out[k] = Buffer.from(v, 'base64').toString('utf8');
    }
    // A plain object for tests to compare; spreading keeps a `__proto__` key as an own property.
    return { ...out };
  }

  /** Creates or overwrites a Secret with exactly these (plain-text) values. */
  putSecret(namespace: string, name: string, values: Record<string, string>, extra: { type?: string; labels?: Record<string, string> } = {}): KubeObject {
    this.addNamespace(namespace);
    const data: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(values)) data[k] = Buffer.from(v, 'utf8').toString('base64');
    const object: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace, ...(extra.labels ? { labels: extra.labels } : {}) },
      type: extra.type ?? 'Opaque',
      data,
    };
    const current = this.get(SECRETS, namespace, name);
    const stored = current ? this.replace(SECRETS, object, current.metadata.resourceVersion!) : this.insert(SECRETS, object);
    if (!stored) throw new Error(`putSecret raced on ${namespace}/${name}`);
    return stored;
  }

  deleteSecret(namespace: string, name: string): boolean {
    return this.remove(SECRETS, namespace, name) !== false;
  }
}
