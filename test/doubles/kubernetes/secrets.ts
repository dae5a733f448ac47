/**
 * core/v1 Secrets: what the API server does to a Secret before storing it — `stringData` folded into `data`,
 * `type` defaulted to `Opaque` and immutable, `immutable: true` honoured, keys checked by `IsConfigMapKey`, values
 * that are not base64 rejected (400), the 1 MiB limit, and DNS-1123 subdomain names.
 */
import type { ResourceType } from './resources';
import type { KubeObject } from './state';
import { badRequest, forbiddenCause, invalid, invalidCause, StatusError, tooLongCause, type StatusCause } from './status';

export const MAX_SECRET_SIZE = 1024 * 1024;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Go's base64.StdEncoding (padding required); the decoder skips \r and \n.
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** apimachinery `IsConfigMapKey` messages. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) {
    errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function nameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) {
    errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  return errs;
}

function illegalBase64At(value: string): number {
  const clean = value.replace(/[\r\n]/g, '');
  if (STD_BASE64.test(clean)) return -1;
  for (let i = 0; i < clean.length; i++) if (!/[A-Za-z0-9+/=]/.test(clean[i]!)) return i;
  return Math.max(0, clean.length - (clean.length % 4 || 4));
}

function prepareSecret(object: KubeObject, old: KubeObject | undefined): KubeObject {
  const name = object.metadata.name;
  const causes: StatusCause[] = [];
  for (const msg of nameErrors(name)) causes.push(invalidCause('metadata.name', name, msg));

  const rawData = object.data ?? {};
  const rawString = object.stringData ?? {};
  if (typeof rawData !== 'object' || Array.isArray(rawData) || typeof rawString !== 'object' || Array.isArray(rawString)) {
    throw new StatusError(badRequest('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal into Go struct field Secret.data of type map[string][]uint8'));
  }
  // Null prototype: `__proto__` is a valid key (Go's map keeps it).
  const data: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(rawData as Record<string, unknown>)) {
    if (v === null) continue;
    if (typeof v !== 'string') {
      throw new StatusError(badRequest(`Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${typeof v} into Go struct field Secret.data of type []uint8`));
    }
    const at = illegalBase64At(v);
    if (at >= 0) throw new StatusError(badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${at}`));
    data[k] = Buffer.from(v.replace(/[\r\n]/g, ''), 'base64').toString('base64');
  }
  for (const [k, v] of Object.entries(rawString as Record<string, unknown>)) {
    if (typeof v !== 'string') {
      throw new StatusError(badRequest(`Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${typeof v} into Go struct field Secret.stringData of type string`));
    }
    data[k] = Buffer.from(v, 'utf8').toString('base64');
  }

  let total = 0;
  // Sorted, so the order of causes is stable (Go iterates the map in random order).
  for (const [k, v] of Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const msg of configKeyErrors(k)) causes.push(invalidCause(`data[${k}]`, k, msg));
    total += Buffer.from(v, 'base64').length;
  }
  if (total > MAX_SECRET_SIZE) causes.push(tooLongCause('data', MAX_SECRET_SIZE));

  const type = typeof object.type === 'string' && object.type ? object.type : 'Opaque';
  if (old) {
    const oldType = (old.type as string | undefined) ?? 'Opaque';
    if (type !== oldType) causes.push(invalidCause('type', type, 'field is immutable'));
    if (old.immutable === true) {
      if (JSON.stringify(old.data ?? {}) !== JSON.stringify(data)) causes.push(forbiddenCause('data', 'field is immutable when `immutable` is set'));
      if (object.immutable !== true) causes.push(forbiddenCause('immutable', 'field is immutable when `immutable` is set'));
    }
  }
  if (causes.length) throw new StatusError(invalid('Secret', '', name, causes));

  const out: KubeObject = { ...object, type };
  delete out.stringData;
  if (Object.keys(data).length) out.data = data;
  else delete out.data;
  return out;
}

export const SECRET_TYPE: ResourceType = {
  group: '',
  version: 'v1',
  resource: 'secrets',
  kind: 'Secret',
  namespaced: true,
  singularName: 'secret',
  prepare: prepareSecret,
  tableColumns: [
    { name: 'Type', type: 'string', description: 'The type of the secret', cell: o => String(o.type ?? 'Opaque') },
    { name: 'Data', type: 'integer', description: 'The number of data entries', cell: o => Object.keys((o.data as object | undefined) ?? {}).length },
  ],
};

export const NAMESPACE_TYPE: ResourceType = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
  singularName: 'namespace',
  shortNames: ['ns'],
  tableColumns: [{ name: 'Status', type: 'string', description: 'The status of the namespace', cell: o => String((o.status as { phase?: string } | undefined)?.phase ?? 'Active') }],
  prepare(object) {
    object.spec ??= { finalizers: ['kubernetes'] };
    object.status ??= { phase: 'Active' };
    return object;
  },
};
