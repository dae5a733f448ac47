/**
 * List helpers of the Kubernetes double: label and field selectors, `limit`/`continue` pagination, and the
 * list representations clients ask for with `Accept` (plain list, `PartialObjectMetadataList`, `Table`).
 */
import { badRequest, StatusError } from './status';
import type { KubeObject } from './state';

type LabelTerm =
  | { op: 'exists' | 'notExists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'eq' | 'neq'; key: string; value: string };

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map(t => t.trim()).filter(Boolean);
}

export function parseLabelSelector(selector: string): LabelTerm[] {
  return splitTopLevel(selector).map(term => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) return { op: m[2] as 'in' | 'notin', key: m[1]!, values: m[3]!.split(',').map(v => v.trim()).filter(Boolean) };
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (m) return { op: m[2] === '!=' ? 'neq' : 'eq', key: m[1]!, value: m[3]! };
    m = /^!\s*(\S+)$/.exec(term);
    if (m) return { op: 'notExists', key: m[1]! };
    if (/^\S+$/.test(term)) return { op: 'exists', key: term };
    throw new StatusError(badRequest(`unable to parse requirement: ${JSON.stringify(term)}`));
  });
}

export function matchesLabels(object: KubeObject, terms: LabelTerm[]): boolean {
  const labels = object.metadata.labels ?? {};
  return terms.every(t => {
    const has = Object.prototype.hasOwnProperty.call(labels, t.key);
    const v = labels[t.key];
    switch (t.op) {
      case 'exists': return has;
      case 'notExists': return !has;
      case 'in': return has && t.values.includes(v!);
      case 'notin': return !has || !t.values.includes(v!);
      case 'eq': return has && v === t.value;
      case 'neq': return !has || v !== t.value;
    }
  });
}

function lookup(object: unknown, path: string): unknown {
  let cur = object;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function matchesFields(object: KubeObject, selector: string): boolean {
  for (const term of splitTopLevel(selector)) {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw new StatusError(badRequest(`invalid selector: '${selector}'; can't understand '${term}'`));
    const actual = lookup(object, m[1]!.trim());
    const text = actual === undefined || actual === null ? '' : String(actual);
    if ((m[2] === '!=') === (text === m[3]!.trim())) return false;
  }
  return true;
}

export function filterObjects(objects: KubeObject[], query: URLSearchParams): KubeObject[] {
  const labelSelector = query.get('labelSelector');
  const fieldSelector = query.get('fieldSelector');
  const terms = labelSelector ? parseLabelSelector(labelSelector) : [];
  return objects.filter(o => matchesLabels(o, terms) && (!fieldSelector || matchesFields(o, fieldSelector)));
}

/** `limit` / `continue`: returns the page and the list metadata. */
export function paginate(objects: KubeObject[], query: URLSearchParams, resourceVersion: string): { items: KubeObject[]; metadata: Record<string, unknown> } {
  const limit = Number(query.get('limit') ?? '0');
  let offset = 0;
  const token = query.get('continue');
  if (token) {
    try {
      offset = Number(JSON.parse(Buffer.from(token, 'base64').toString('utf8')).offset);
    } catch {
      throw new StatusError(badRequest('continue key is not valid: illegal base64 data'));
    }
  }
  const metadata: Record<string, unknown> = { resourceVersion };
  if (!(limit > 0)) return { items: objects.slice(offset), metadata };
  const items = objects.slice(offset, offset + limit);
  const next = offset + items.length;
  if (next < objects.length) {
    metadata.continue = Buffer.from(JSON.stringify({ offset: next })).toString('base64');
    metadata.remainingItemCount = objects.length - next;
  }
  return { items, metadata };
}

export type Representation = 'object' | 'partialMetadata' | 'table';

/** What the client asked for in `Accept` (the first alternative the double supports). */
export function representation(accept: string | undefined): Representation {
  for (const alt of (accept ?? '').split(',')) {
    if (/as=Table/.test(alt) && /g=meta\.k8s\.io/.test(alt)) return 'table';
    if (/as=PartialObjectMetadata(List)?\b/.test(alt) && /g=meta\.k8s\.io/.test(alt)) return 'partialMetadata';
    if (/application\/json|\*\/\*/.test(alt) && !/as=/.test(alt)) return 'object';
  }
  return 'object';
}

export const PARTIAL_LIST_CONTENT_TYPE = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
export const PARTIAL_CONTENT_TYPE = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;g=meta.k8s.io;v=v1';

export function partialMetadata(object: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'date';
  description?: string;
  cell(object: KubeObject): string | number;
}

/** `kubectl get`-style age: 5s, 3m, 2h, 4d. */
export function age(object: KubeObject): string {
  const created = Date.parse(object.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created)) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - created) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function table(objects: KubeObject[], columns: TableColumn[], resourceVersion: string): Record<string, unknown> {
  const all: TableColumn[] = [
    { name: 'Name', type: 'string', description: 'Name must be unique within a namespace.', cell: o => o.metadata.name },
    ...columns,
    { name: 'Age', type: 'string', description: 'CreationTimestamp', cell: age },
  ];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: all.map(c => ({ name: c.name, type: c.type, format: c.name === 'Name' ? 'name' : '', description: c.description ?? '', priority: 0 })),
    rows: objects.map(o => ({ cells: all.map(c => c.cell(o)), object: partialMetadata(o) })),
  };
}
