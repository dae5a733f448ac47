/**
 * batch/v1 Jobs, core/v1 Pods and core/v1 ConfigMaps for the Kubernetes double, with the API server's validation
 * and defaulting that matter to a client creating Jobs: DNS names (a Job name is also a label value, so at most 63
 * characters), `restartPolicy` Never/OnFailure, containers with a name and an image, env entries with a valid name
 * and exactly one of `value`/`valueFrom`, `secretKeyRef` with name and key, non-negative `backoffLimit` and
 * `ttlSecondsAfterFinished`, ConfigMap keys and the 1 MiB limit. Registered by `withJobs` (jobs.ts).
 */
import type { ResourceType } from './resources';
import { configKeyErrors } from './secrets';
import type { KubeObject } from './state';
import { invalid, invalidCause, requiredCause, StatusError, tooLongCause, type StatusCause } from './status';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type Json = Record<string, unknown>;

function nameCauses(name: string, maxLength: number, label: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  if (name.length > maxLength) causes.push(invalidCause('metadata.name', name, `must be no more than ${maxLength} characters`));
  if (!(label ? DNS1123_LABEL : DNS1123_SUBDOMAIN).test(name)) {
    causes.push(invalidCause('metadata.name', name, label
      ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
      : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  }
  return causes;
}

function labelCauses(field: string, labels: unknown): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries((labels as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      causes.push(invalidCause(`${field}[${k}]`, String(v), "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
    }
  }
  return causes;
}

/** Validates a pod spec (`path` = `spec` or `spec.template.spec`). */
export function podSpecCauses(spec: Json | undefined, path: string, job: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec) return [requiredCause(path, 'must be specified')];
  const restart = spec.restartPolicy ?? (job ? undefined : 'Always');
  if (job && restart !== 'Never' && restart !== 'OnFailure') {
    causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(restart ?? 'Always')}: supported values: "OnFailure", "Never"`, field: `${path}.restartPolicy` });
  }
  const containers = spec.containers as Json[] | undefined;
  if (!Array.isArray(containers) || containers.length === 0) causes.push(requiredCause(`${path}.containers`, 'must specify at least one container'));
  for (const [i, c] of (containers ?? []).entries()) {
    const at = `${path}.containers[${i}]`;
    if (typeof c.name !== 'string' || !c.name) causes.push(requiredCause(`${at}.name`, ''));
    if (typeof c.image !== 'string' || !c.image) causes.push(requiredCause(`${at}.image`, ''));
    for (const [j, e] of ((c.env as Json[] | undefined) ?? []).entries()) {
      const ep = `${at}.env[${j}]`;
      if (typeof e.name !== 'string' || !e.name) causes.push(requiredCause(`${ep}.name`, ''));
      else if (!ENV_NAME.test(e.name)) causes.push(invalidCause(`${ep}.name`, e.name, "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit"));
      const from = e.valueFrom as Json | undefined;
      if (from !== undefined && e.value !== undefined && e.value !== '') causes.push(invalidCause(`${ep}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      if (from) {
        const ref = from.secretKeyRef as Json | undefined;
        if (ref) {
          if (typeof ref.name !== 'string' || !ref.name) causes.push(requiredCause(`${ep}.valueFrom.secretKeyRef.name`, ''));
          if (typeof ref.key !== 'string' || !ref.key) causes.push(requiredCause(`${ep}.valueFrom.secretKeyRef.key`, ''));
          else for (const m of configKeyErrors(ref.key)) causes.push(invalidCause(`${ep}.valueFrom.secretKeyRef.key`, ref.key, m));
        } else if (!from.configMapKeyRef && !from.fieldRef && !from.resourceFieldRef) {
          causes.push(invalidCause(`${ep}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
        }
      }
    }
    const volumes = new Set(((spec.volumes as Json[] | undefined) ?? []).map(v => v.name));
    for (const [j, m] of ((c.volumeMounts as Json[] | undefined) ?? []).entries()) {
      if (!volumes.has(m.name)) causes.push({ reason: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(m.name)}`, field: `${at}.volumeMounts[${j}].name` });
      if (typeof m.mountPath !== 'string' || !m.mountPath) causes.push(requiredCause(`${at}.volumeMounts[${j}].mountPath`, ''));
    }
  }
  return causes;
}

function prepareJob(object: KubeObject, old: KubeObject | undefined): KubeObject {
  const name = object.metadata.name;
  const spec = (object.spec ?? {}) as Json;
  const causes = [...nameCauses(name, 63, true), ...labelCauses('metadata.labels', object.metadata.labels)];
  const template = (spec.template ?? {}) as Json;
  causes.push(...podSpecCauses(template.spec as Json | undefined, 'spec.template.spec', true));
  causes.push(...labelCauses('spec.template.metadata.labels', (template.metadata as Json | undefined)?.labels));
  for (const f of ['backoffLimit', 'ttlSecondsAfterFinished', 'activeDeadlineSeconds']) {
    const v = spec[f];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) causes.push(invalidCause(`spec.${f}`, String(v), 'must be greater than or equal to 0'));
  }
  if (old && JSON.stringify((old.spec as Json).template) !== JSON.stringify(spec.template) && !sameWithoutControllerLabels(old, object)) {
    causes.push(invalidCause('spec.template', '', 'field is immutable'));
  }
  if (causes.length) throw new StatusError(invalid('Job', 'batch', name, causes));
  spec.backoffLimit ??= 6;
  spec.completions ??= 1;
  spec.parallelism ??= 1;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  object.spec = spec;
  object.status ??= {};
  return object;
}

/** The controller adds its labels to the template after creation: allowed. */
function sameWithoutControllerLabels(old: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject): string => {
    const t = structuredClone((o.spec as Json).template as Json);
    const labels = ((t.metadata as Json | undefined)?.labels ?? {}) as Record<string, string>;
    for (const k of ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name']) delete labels[k];
    return JSON.stringify(t);
  };
  return strip(old) === strip(next);
}

function preparePod(object: KubeObject): KubeObject {
  const causes = [...nameCauses(object.metadata.name, 253, false), ...podSpecCauses(object.spec as Json | undefined, 'spec', false)];
  if (causes.length) throw new StatusError(invalid('Pod', '', object.metadata.name, causes));
  object.status ??= { phase: 'Pending' };
  return object;
}

function prepareConfigMap(object: KubeObject): KubeObject {
  const causes = nameCauses(object.metadata.name, 253, false);
  let total = 0;
  for (const [k, v] of Object.entries((object.data as Record<string, string> | undefined) ?? {})) {
    for (const m of configKeyErrors(k)) causes.push(invalidCause(`data[${k}]`, k, m));
    total += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (total > 1024 * 1024) causes.push(tooLongCause('[]', 1024 * 1024));
  if (causes.length) throw new StatusError(invalid('ConfigMap', '', object.metadata.name, causes));
  return object;
}

export const JOB_TYPE: ResourceType = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  kind: 'Job',
  namespaced: true,
  singularName: 'job',
  prepare: prepareJob,
  returnDeletedObject: true,
  tableColumns: [
    { name: 'Status', type: 'string', description: 'Status of the job', cell: o => jobStatusText(o) },
    { name: 'Completions', type: 'string', description: 'Desired and successful completions', cell: o => `${(o.status as Json | undefined)?.succeeded ?? 0}/1` },
  ],
};

function jobStatusText(o: KubeObject): string {
  const conditions = ((o.status as Json | undefined)?.conditions as Json[] | undefined) ?? [];
  return conditions.find(c => c.status === 'True')?.type as string | undefined ?? 'Running';
}

export const POD_TYPE: ResourceType = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  namespaced: true,
  singularName: 'pod',
  shortNames: ['po'],
  prepare: preparePod,
  returnDeletedObject: true,
  tableColumns: [{ name: 'Status', type: 'string', description: 'The pod phase', cell: o => String((o.status as Json | undefined)?.phase ?? 'Pending') }],
};

export const CONFIG_MAP_TYPE: ResourceType = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  kind: 'ConfigMap',
  namespaced: true,
  singularName: 'configmap',
  shortNames: ['cm'],
  prepare: prepareConfigMap,
  tableColumns: [{ name: 'Data', type: 'integer', description: 'Number of data entries', cell: o => Object.keys((o.data as object | undefined) ?? {}).length }],
};
