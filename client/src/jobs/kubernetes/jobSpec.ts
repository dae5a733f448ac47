/**
 * The `batch/v1` Job that runs a handler the way MLRun's job pods do, without an MLRun server
 * (docs/mlrun-facts.md §11.5 "Building an equivalent pod"):
 *   - one container `base`, image from `mlrunSecrets.jobs.image`, `command: ["mlrun"]`,
 *     `args: ["run", "--name", <run>, "--from-env", "--handler", <h>, "--origin-file", <file>]`;
 *   - env in MLRun's order: `MLRUN_DEFAULT_PROJECT`, `MLRUN_EXEC_CONFIG` (the run of §11.4), `MLRUN_DBPATH` (only when
 *     an endpoint is configured), `MLRUN_NAMESPACE`, `MLRUN_EXEC_CODE` (the base64 code), then the secret entries;
 *   - each secret under the name the image's MLRun reads (`naming`, ../mlrunVersion.ts): `MLRUN_K8S_SECRET__<KEY>` for
 *     MLRun 1.7 and earlier, the key itself for 1.8+, both when the version is unknown (the plain name is left out
 *     for a key that would replace one of the pod's own variables, e.g. PATH, or is not a variable name);
 *   - kubernetes provider: `valueFrom.secretKeyRef` to the project Secret — no value anywhere in the spec;
 *     azure_vault: the credentials Secret mounted as MLRun mounts it (E10), no env;
 *     by-value providers: literal values (the command asks first);
 *   - `restartPolicy: Never`, `backoffLimit: 0` (MLRun never retries), `ttlSecondsAfterFinished`, and none of MLRun's
 *     `mlrun/*` labels (MLRun's run monitor would treat the pod as its own, §11.5). When `MLRUN_DBPATH` is set the
 *     run is not labelled `kind: job`, so MLRun's monitor does not mark it failed for lack of an MLRun pod.
 *   - code too large for an env variable is mounted from a ConfigMap instead and passed as the positional file.
 */
import { AZURE_VAULT, jobEnvNames, type EnvNaming } from '../../../../shared/src/mlrun';
import type { FunctionObject } from '../functionObject';
import type { RunObject } from '../runObject';
import type { JobRequest, SecretValues } from '../types';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

export interface JobObject {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: {
    backoffLimit: number;
    ttlSecondsAfterFinished: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        restartPolicy: 'Never';
        containers: {
          name: 'base';
          image: string;
          command: string[];
          args: string[];
          env: EnvVar[];
          volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
        }[];
        volumes?: Record<string, unknown>[];
      };
    };
  };
}

export interface ConfigMapObject {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  data: Record<string, string>;
}

/** Above this size (the base64 code), the code goes into a ConfigMap instead of `MLRUN_EXEC_CODE`. */
export const MAX_ENV_CODE_BYTES = 256 * 1024;
export const CODE_MOUNT_PATH = '/mlrun-secrets/code';
export const CODE_VOLUME = 'mlrun-secrets-code';
export const MANAGED_BY = 'mlrun-secrets';
export const UID_LABEL = 'mlrun-secrets.io/run-uid';
export const PROJECT_LABEL = 'mlrun-secrets.io/project';

export interface JobInputs {
  request: JobRequest;
  namespace: string;
  /** From `jobName()`. */
  name: string;
  runName: string;
  image: string;
  ttlSecondsAfterFinished: number;
  run: RunObject;
  fn: FunctionObject;
  /** The project Secret's name (kubernetes provider). */
  projectSecret?: string;
  /** By-value providers: the values (null = unset env variable: left out). */
  values?: SecretValues;
  /** `MLRUN_DBPATH`: the MLRun API's in-cluster URL (`httpdb.api_url` from client-spec), when it reports one. */
  dbpath?: string;
  /** How the image's MLRun names secret variables. */
  naming: EnvNaming;
  /** azure_vault: the credentials Secret (the source's `k8s_secret`, else the configured default). */
  azureCredentialSecret?: string;
  /** Non-default `secret_stores.azure_vault.url` (e.g. a sovereign cloud), passed as MLRun config env. */
  azureVaultUrl?: string;
}

/** A Job name: `<run name>-<first 8 of the uid>`, a valid DNS label of at most 63 characters. */
export function jobName(runName: string, uid: string): string {
  const base = runName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, 63 - 9).replace(/^-+|-+$/g, '');
  return `${base || 'mlrun-job'}-${uid.slice(0, 8)}`;
}

/** `_set_env` semantics: an entry with the same name is replaced in place, else appended. */
function setEnv(env: EnvVar[], entry: EnvVar): void {
  const at = env.findIndex(e => e.name === entry.name);
  if (at >= 0) env[at] = entry;
  else env.push(entry);
}

/** The secret entries of the container's env for the request's provider. */
export function secretEnv(i: Pick<JobInputs, 'request' | 'projectSecret' | 'values' | 'naming'>): EnvVar[] {
  const env: EnvVar[] = [];
  const p = i.request.provider;
  if (p.kind === 'azure_vault') return env;
  if (p.kind === 'kubernetes') {
    if (!i.projectSecret) throw new Error('the project Secret name is needed for the kubernetes provider');
    for (const key of i.request.keys) {
      for (const name of jobEnvNames(key, i.naming)) setEnv(env, { name, valueFrom: { secretKeyRef: { name: i.projectSecret, key } } });
    }
    return env;
  }
  if (!i.values) throw new Error(`the values of the ${p.kind} provider were not resolved`);
  for (const [key, value] of i.values) {
    if (value !== null && value !== '') for (const name of jobEnvNames(key, i.naming)) setEnv(env, { name, value });
  }
  return env;
}

export function buildJob(i: JobInputs): { job: JobObject; configMap?: ConfigMapObject } {
  const labels = {
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [PROJECT_LABEL]: i.request.project,
    [UID_LABEL]: i.run.metadata.uid,
  };
  const code = i.fn.spec.build.functionSourceCode;
  const inConfigMap = code.length > MAX_ENV_CODE_BYTES;
  const origin = i.fn.spec.build.origin_filename;
  const args = ['run', '--name', i.runName, '--from-env', '--handler', i.request.handler];
  const env: EnvVar[] = [
    { name: 'MLRUN_DEFAULT_PROJECT', value: i.request.project },
    { name: 'MLRUN_EXEC_CONFIG', value: JSON.stringify(i.run) },
  ];
  if (i.dbpath) env.push({ name: 'MLRUN_DBPATH', value: i.dbpath });
  env.push({ name: 'MLRUN_NAMESPACE', value: i.namespace });
  if (i.azureVaultUrl) env.push({ name: 'MLRUN_SECRET_STORES__AZURE_VAULT__URL', value: i.azureVaultUrl });
  const volumes: Record<string, unknown>[] = [];
  const mounts: { name: string; mountPath: string; readOnly?: boolean }[] = [];
  let configMap: ConfigMapObject | undefined;
  if (inConfigMap) {
    const file = (origin.split('/').pop() ?? 'main.py').replace(/\.ipynb$/, '.py');
    configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${i.name}-code`, namespace: i.namespace, labels }, data: { [file]: Buffer.from(code, 'base64').toString('utf8') } };
    volumes.push({ name: CODE_VOLUME, configMap: { name: configMap.metadata.name } });
    mounts.push({ name: CODE_VOLUME, mountPath: CODE_MOUNT_PATH, readOnly: true });
    args.push(`${CODE_MOUNT_PATH}/${file}`);
  } else {
    if (origin) args.push('--origin-file', origin);
    env.push({ name: 'MLRUN_EXEC_CODE', value: code });
  }
  for (const e of secretEnv(i)) setEnv(env, e);
  if (i.request.provider.kind === 'azure_vault') {
    if (!i.azureCredentialSecret) throw new Error('the Azure credentials Secret is needed for the azure_vault provider');
    volumes.push({ name: AZURE_VAULT.volumeName, secret: { defaultMode: AZURE_VAULT.defaultMode, secretName: i.azureCredentialSecret } });
    mounts.push({ name: AZURE_VAULT.volumeName, mountPath: AZURE_VAULT.mountPath });
  }
  const container: JobObject['spec']['template']['spec']['containers'][number] = { name: 'base', image: i.image, command: ['mlrun'], args, env };
  if (mounts.length) container.volumeMounts = mounts;
  const podSpec: JobObject['spec']['template']['spec'] = { restartPolicy: 'Never', containers: [container] };
  if (volumes.length) podSpec.volumes = volumes;
  const job: JobObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: i.name,
      namespace: i.namespace,
      labels,
      annotations: {
        'mlrun-secrets.io/handler': `${origin}:${i.request.handler}`,
        'mlrun-secrets.io/provider': i.request.provider.kind,
        'mlrun-secrets.io/env-naming': i.naming,
      },
    },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: i.ttlSecondsAfterFinished,
      template: { metadata: { labels }, spec: podSpec },
    },
  };
  return configMap ? { job, configMap } : { job };
}
