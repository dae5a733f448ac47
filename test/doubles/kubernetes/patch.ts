/**
 * The three patch formats of the Kubernetes API:
 *   - JSON merge patch (RFC 7386, `application/merge-patch+json`);
 *   - strategic merge patch (`application/strategic-merge-patch+json`): merge patch plus the `$patch`,
 *     `$retainKeys`, `$deleteFromPrimitiveList/…` and `$setElementOrder/…` directives, and lists merged by key
 *     where the schema says so (`listMergeKeys`, e.g. `spec.containers` by `name`); other lists are replaced;
 *   - JSON patch (RFC 6902, `application/json-patch+json`).
 * A malformed patch throws `PatchError` (the server answers 422/400).
 */

export class PatchError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  // Null prototype: a key may be `__proto__` (the API server's maps keep it).
  const out: Record<string, unknown> = Object.assign(Object.create(null), isObject(target) ? target : {});
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** Lists merged by a key in strategic merge patches, by dotted path (array indices dropped). */
export const DEFAULT_LIST_MERGE_KEYS: Record<string, string> = {
  'metadata.ownerReferences': 'uid',
  'spec.containers': 'name',
  'spec.initContainers': 'name',
  'spec.volumes': 'name',
  'spec.containers.env': 'name',
  'spec.containers.volumeMounts': 'mountPath',
  'spec.containers.ports': 'containerPort',
  'spec.template.spec.containers': 'name',
  'spec.template.spec.initContainers': 'name',
  'spec.template.spec.volumes': 'name',
  'spec.template.spec.containers.env': 'name',
  'spec.template.spec.containers.volumeMounts': 'mountPath',
};

/** Primitive lists merged as sets. */
export const DEFAULT_SET_LISTS = new Set(['metadata.finalizers']);

export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
  listMergeKeys: Record<string, string> = DEFAULT_LIST_MERGE_KEYS,
  path = '',
): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const directive = patch['$patch'];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest['$patch'];
    return stripDirectives(rest);
  }
  if (directive !== undefined && directive !== 'merge') throw new PatchError(`Unknown patch type: ${String(directive)}`);
  const out: Record<string, unknown> = Object.assign(Object.create(null), isObject(target) ? target : {});
  const retainKeys = patch['$retainKeys'];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const current = out[field];
      if (Array.isArray(current) && Array.isArray(v)) out[field] = current.filter(x => !v.includes(x as Json));
      continue;
    }
    const childPath = path ? `${path}.${k}` : k;
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, listMergeKeys, childPath);
    } else {
      const merged = applyStrategicMergePatch(out[k], v, listMergeKeys, childPath);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  if (Array.isArray(retainKeys)) {
    for (const k of Object.keys(out)) if (!retainKeys.includes(k)) delete out[k];
  }
  return out;
}

function mergeList(current: unknown, patch: Json[], keys: Record<string, string>, path: string): unknown[] {
  const replaceAll = patch.find(x => isObject(x) && x['$patch'] === 'replace');
  if (replaceAll) return patch.filter(x => x !== replaceAll).map(stripDirectives);
  if (DEFAULT_SET_LISTS.has(path)) {
    const base = Array.isArray(current) ? [...current] : [];
    for (const x of patch) if (!base.includes(x)) base.push(x);
    return base;
  }
  const key = keys[path];
  if (!key || !Array.isArray(current)) return patch.map(stripDirectives);
  const result: unknown[] = current.map(x => structuredClone(x));
  for (const item of patch) {
    if (!isObject(item)) {
      result.push(item);
      continue;
    }
    const at = result.findIndex(x => isObject(x) && x[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (at >= 0) result.splice(at, 1);
      continue;
    }
    if (at >= 0) result[at] = applyStrategicMergePatch(result[at], item, keys, path);
    else result.push(stripDirectives(item));
  }
  return result;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

// ---- RFC 6902 ----

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function container(doc: unknown, tokens: string[], op: string): { parent: unknown; last: string } {
  if (tokens.length === 0) throw new PatchError(`${op} operation does not apply to the document root`);
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw new PatchError(`${op} operation does not apply: doc is missing path: "/${tokens.join('/')}": missing value`);
  }
  return { parent: cur, last: tokens[tokens.length - 1]! };
}

function getAt(doc: unknown, tokens: string[]): unknown {
  let cur: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function arrayIndex(arr: unknown[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`invalid array index ${JSON.stringify(token)}`);
  const i = Number(token);
  if (i > arr.length || (!forInsert && i === arr.length)) throw new PatchError(`array index ${i} out of bounds`);
  return i;
}

function addAt(doc: unknown, tokens: string[], value: unknown, op: string): unknown {
  if (tokens.length === 0) return structuredClone(value);
  const { parent, last } = container(doc, tokens, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, structuredClone(value));
  else if (isObject(parent)) parent[last] = structuredClone(value) as Json;
  else throw new PatchError(`${op} operation does not apply: doc is missing path: "/${tokens.join('/')}": missing value`);
  return doc;
}

function removeAt(doc: unknown, tokens: string[], op: string): unknown {
  const { parent, last } = container(doc, tokens, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else if (isObject(parent) && last in parent) delete parent[last];
  else throw new PatchError(`${op} operation does not apply: doc is missing path: "/${tokens.join('/')}": missing value`);
  return doc;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys(v[k])]));
}

export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const raw of operations as Operation[]) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new PatchError('invalid JSON patch operation');
    const tokens = parsePointer(raw.path);
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, tokens, raw.value, 'add');
        break;
      case 'remove':
        doc = removeAt(doc, tokens, 'remove');
        break;
      case 'replace':
        if (getAt(doc, tokens) === undefined) throw new PatchError(`replace operation does not apply: doc is missing key: ${raw.path}: missing value`);
        doc = tokens.length === 0 ? structuredClone(raw.value) : removeAt(doc, tokens, 'replace');
        if (tokens.length) doc = addAt(doc, tokens, raw.value, 'replace');
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw new PatchError(`${raw.op} operation requires "from"`);
        const fromTokens = parsePointer(raw.from);
        const value = getAt(doc, fromTokens);
        if (value === undefined) throw new PatchError(`${raw.op} operation does not apply: doc is missing from path: ${raw.from}: missing value`);
        if (raw.op === 'move') doc = removeAt(doc, fromTokens, 'move');
        doc = addAt(doc, tokens, value, raw.op);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(doc, tokens), raw.value)) throw new PatchError(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${raw.op}`);
    }
  }
  return doc;
}
