/**
 * Generic REST handlers for a Kubernetes resource type: list (with selectors, pagination, metadata-only and Table
 * representations, and `watch=true`), get, create, replace (PUT, guarded by `metadata.resourceVersion`), patch
 * (merge, strategic merge, JSON patch; retried internally like the API server's GuaranteedUpdate unless the patch
 * carries a resourceVersion) and delete (with `preconditions`).
 *
 * Every handler reads, yields to the event loop (`interleave`), then writes with a compare-and-swap: concurrent
 * requests race exactly as they do against etcd.
 */
import { randomBytes } from 'node:crypto';
import { interleave, type RouteContext, type Router } from '../router';
import { authorize } from './auth';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, DEFAULT_LIST_MERGE_KEYS, PatchError } from './patch';
import {
  filterObjects, paginate, partialMetadata, PARTIAL_CONTENT_TYPE, PARTIAL_LIST_CONTENT_TYPE, representation, table,
  TABLE_CONTENT_TYPE, type TableColumn,
} from './selectors';
import { typeKeyOf, type KubeObject, type KubeState, type User } from './state';
import {
  alreadyExists, badRequest, conflict, invalid, notFound, requiredCause, StatusError, success, unsupportedMediaType,
} from './status';
import { watch } from './watch';

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural, lower case: `secrets`, `jobs`. */
  resource: string;
  kind: string;
  namespaced: boolean;
  singularName?: string;
  shortNames?: string[];
  verbs?: string[];
  /** Validates and normalises an object about to be stored (`old` undefined on create). Throws `StatusError`. */
  prepare?(object: KubeObject, old: KubeObject | undefined): KubeObject;
  /** DELETE answers with the deleted object rather than a `Status` (pods, jobs). */
  returnDeletedObject?: boolean;
  /** Strategic-merge list keys (dotted path → key), added to the defaults in patch.ts. */
  listMergeKeys?: Record<string, string>;
  /** Extra `kubectl get` columns between Name and Age. */
  tableColumns?: TableColumn[];
}

export const DEFAULT_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function typeKey(t: ResourceType): string {
  return typeKeyOf(t.group, t.version, t.resource);
}

function withKind(t: ResourceType, o: KubeObject): KubeObject {
  return { apiVersion: apiVersionOf(t), kind: t.kind, ...o, metadata: o.metadata };
}

async function readJson(ctx: RouteContext<User>): Promise<unknown> {
  const raw = (await ctx.body()).toString('utf8');
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new StatusError(badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`));
  }
}

function namespaceOf(t: ResourceType, ctx: RouteContext<User>): string | undefined {
  return t.namespaced ? ctx.params.namespace : undefined;
}

/** Adds the routes of a resource type to the router. */
export function registerResource(router: Router<User>, state: KubeState, t: ResourceType): void {
  const prefix = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const collection = t.namespaced ? `${prefix}/namespaces/:namespace/${t.resource}` : `${prefix}/${t.resource}`;
  const item = `${collection}/:name`;
  router.add('GET', collection, ctx => list(state, t, ctx));
  if (t.namespaced) router.add('GET', `${prefix}/${t.resource}`, ctx => list(state, t, ctx));
  router.add('POST', collection, ctx => create(state, t, ctx));
  router.add('GET', item, ctx => get(state, t, ctx));
  router.add('PUT', item, ctx => replace(state, t, ctx));
  router.add('PATCH', item, ctx => patch(state, t, ctx));
  router.add('DELETE', item, ctx => remove(state, t, ctx));
}

function list(state: KubeState, t: ResourceType, ctx: RouteContext<User>): void {
  const ns = namespaceOf(t, ctx);
  const isWatch = ctx.query.get('watch') === 'true' || ctx.query.get('watch') === '1';
  authorize(ctx.principal, isWatch ? 'watch' : 'list', t, ns);
  if (isWatch) return watch(state, t, ctx, ns, withKind.bind(null, t));
  const rv = state.currentResourceVersion();
  const all = filterObjects(state.list(typeKey(t), ns), ctx.query);
  const { items, metadata } = paginate(all, ctx.query, rv);
  switch (representation(ctx.req.headers.accept)) {
    case 'table':
      return ctx.send(200, table(items, t.tableColumns ?? [], rv), { 'content-type': TABLE_CONTENT_TYPE });
    case 'partialMetadata':
      return ctx.send(200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: items.map(partialMetadata) },
        { 'content-type': PARTIAL_LIST_CONTENT_TYPE });
    default:
      return ctx.send(200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata, items });
  }
}

function get(state: KubeState, t: ResourceType, ctx: RouteContext<User>): void {
  const ns = namespaceOf(t, ctx);
  authorize(ctx.principal, 'get', t, ns, ctx.params.name);
  const o = state.get(typeKey(t), ns, ctx.params.name!);
  if (!o) throw new StatusError(notFound(t, ctx.params.name!));
  switch (representation(ctx.req.headers.accept)) {
    case 'table':
      return ctx.send(200, table([o], t.tableColumns ?? [], state.currentResourceVersion()), { 'content-type': TABLE_CONTENT_TYPE });
    case 'partialMetadata':
      return ctx.send(200, partialMetadata(o), { 'content-type': PARTIAL_CONTENT_TYPE });
    default:
      return ctx.send(200, withKind(t, o));
  }
}

function checkBody(t: ResourceType, body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StatusError(badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: json: cannot unmarshal into Go value of type ${t.kind}`));
  }
  const o = body as KubeObject;
  if (o.kind !== undefined && o.kind !== t.kind) {
    throw new StatusError(badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: no kind "${String(o.kind)}" is registered for version "${String(o.apiVersion)}"`));
  }
  if (o.metadata !== undefined && (typeof o.metadata !== 'object' || o.metadata === null)) {
    throw new StatusError(badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: metadata must be an object`));
  }
  o.metadata ??= { name: '' };
  return o;
}

const DRY_RUN = (ctx: RouteContext<User>): boolean => ctx.query.getAll('dryRun').includes('All');

async function create(state: KubeState, t: ResourceType, ctx: RouteContext<User>): Promise<void> {
  const ns = namespaceOf(t, ctx);
  authorize(ctx.principal, 'create', t, ns);
  const body = checkBody(t, await readJson(ctx));
  if (ns !== undefined) {
    if (body.metadata.namespace && body.metadata.namespace !== ns) {
      throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    if (!state.hasNamespace(ns)) throw new StatusError(notFound({ group: '', resource: 'namespaces' }, ns));
    body.metadata.namespace = ns;
  }
  if (!body.metadata.name && body.metadata.generateName) {
    body.metadata.name = body.metadata.generateName + randomBytes(4).toString('hex').slice(0, 5);
  }
  if (!body.metadata.name) {
    throw new StatusError(invalid(t.kind, t.group, '', [requiredCause('metadata.name', 'name or generateName is required')]));
  }
  body.apiVersion = apiVersionOf(t);
  body.kind = t.kind;
  delete body.metadata.resourceVersion;
  if (body.spec !== undefined) body.metadata.generation = 1;
  const prepared = t.prepare ? t.prepare(body, undefined) : body;
  if (DRY_RUN(ctx)) return ctx.send(201, withKind(t, prepared));
  await interleave();
  const stored = state.insert(typeKey(t), prepared);
  if (!stored) throw new StatusError(alreadyExists(t, prepared.metadata.name));
  ctx.send(201, withKind(t, stored));
}

async function replace(state: KubeState, t: ResourceType, ctx: RouteContext<User>): Promise<void> {
  const ns = namespaceOf(t, ctx);
  const name = ctx.params.name!;
  authorize(ctx.principal, 'update', t, ns, name);
  const body = checkBody(t, await readJson(ctx));
  if (body.metadata.name && body.metadata.name !== name) {
    throw new StatusError(badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`));
  }
  if (ns !== undefined && body.metadata.namespace && body.metadata.namespace !== ns) {
    throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
  }
  body.metadata.name = name;
  if (ns !== undefined) body.metadata.namespace = ns;
  body.apiVersion = apiVersionOf(t);
  body.kind = t.kind;
  const precondition = body.metadata.resourceVersion;
  for (;;) {
    const current = state.get(typeKey(t), ns, name);
    if (!current) throw new StatusError(notFound(t, name));
    if (precondition && precondition !== current.metadata.resourceVersion) throw new StatusError(conflict(t, name));
    await interleave();
    const prepared = t.prepare ? t.prepare(structuredClone(body), current) : structuredClone(body);
    if (DRY_RUN(ctx)) return ctx.send(200, withKind(t, prepared));
    const stored = state.replace(typeKey(t), prepared, precondition ?? current.metadata.resourceVersion!);
    if (stored) return ctx.send(200, withKind(t, stored));
    if (precondition) throw new StatusError(conflict(t, name));
  }
}

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

async function patch(state: KubeState, t: ResourceType, ctx: RouteContext<User>): Promise<void> {
  const ns = namespaceOf(t, ctx);
  const name = ctx.params.name!;
  authorize(ctx.principal, 'patch', t, ns, name);
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!PATCH_TYPES.slice(0, 3).includes(contentType)) throw new StatusError(unsupportedMediaType(contentType, PATCH_TYPES));
  const patchBody = await readJson(ctx);
  for (let attempt = 0; ; attempt++) {
    const current = state.get(typeKey(t), ns, name);
    if (!current) throw new StatusError(notFound(t, name));
    await interleave();
    let patched: KubeObject;
    try {
      if (contentType === 'application/json-patch+json') patched = applyJsonPatch(current, patchBody) as KubeObject;
      else if (contentType === 'application/merge-patch+json') patched = applyMergePatch(current, patchBody) as KubeObject;
      else patched = applyStrategicMergePatch(current, patchBody, { ...DEFAULT_LIST_MERGE_KEYS, ...t.listMergeKeys }) as KubeObject;
    } catch (e) {
      if (e instanceof PatchError) throw new StatusError(invalid(t.kind, t.group, name, [{ reason: 'FieldValueInvalid', message: e.message }]));
      throw e;
    }
    patched = checkBody(t, patched);
    if (patched.metadata.name !== undefined && patched.metadata.name !== name) {
      throw new StatusError(badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`));
    }
    // A resourceVersion in the patch is a precondition (the patch was computed against that version).
    const rv = patched.metadata.resourceVersion;
    if (rv !== undefined && rv !== current.metadata.resourceVersion) throw new StatusError(conflict(t, name));
    patched.metadata.name = name;
    if (ns !== undefined) patched.metadata.namespace = ns;
    const prepared = t.prepare ? t.prepare(patched, current) : patched;
    if (DRY_RUN(ctx)) return ctx.send(200, withKind(t, prepared));
    const stored = state.replace(typeKey(t), prepared, current.metadata.resourceVersion!);
    if (stored) return ctx.send(200, withKind(t, stored));
    if (attempt > 100) throw new StatusError(conflict(t, name));
  }
}

async function remove(state: KubeState, t: ResourceType, ctx: RouteContext<User>): Promise<void> {
  const ns = namespaceOf(t, ctx);
  const name = ctx.params.name!;
  authorize(ctx.principal, 'delete', t, ns, name);
  const raw = (await ctx.body()).toString('utf8').trim();
  let options: { preconditions?: { resourceVersion?: string; uid?: string } } = {};
  if (raw) {
    try {
      options = JSON.parse(raw);
    } catch (e) {
      throw new StatusError(badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`));
    }
  }
  const rv = options.preconditions?.resourceVersion;
  const uid = options.preconditions?.uid;
  for (;;) {
    const current = state.get(typeKey(t), ns, name);
    if (!current) throw new StatusError(notFound(t, name));
    if (uid && uid !== current.metadata.uid) {
      throw new StatusError(conflict(t, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`));
    }
    if (rv && rv !== current.metadata.resourceVersion) {
      throw new StatusError(conflict(t, name, `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${current.metadata.resourceVersion}). The object might have been modified`));
    }
    await interleave();
    if (DRY_RUN(ctx)) return ctx.send(200, t.returnDeletedObject ? withKind(t, current) : success(t, name, current.metadata.uid));
    const deleted = state.remove(typeKey(t), ns, name, current.metadata.resourceVersion);
    if (deleted) return ctx.send(200, t.returnDeletedObject ? withKind(t, deleted) : success(t, name, deleted.metadata.uid));
  }
}
