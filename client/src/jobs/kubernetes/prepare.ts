/**
 * Everything the Kubernetes target submits, built without the SDK (so the extension bundle can show the user what
 * will be created before the Kubernetes bundle loads): the function object (for the embedded code), the run for
 * `MLRUN_EXEC_CONFIG`, and the Job (plus a code ConfigMap for very large files).
 */
import { fail, ok, type Result } from '../../backends/types';
import type { HandlerCode } from '../code';
import { buildFunctionObject, functionUri } from '../functionObject';
import { newRunUid, runName as makeRunName, validateRunName } from '../names';
import { buildRunObject, runLabels, runOwner, templateArtifactPath, type RunObject } from '../runObject';
import { remoteSecretSources } from '../secretSources';
import type { NamingChoice } from '../mlrunVersion';
import type { JobRequest, SecretValues } from '../types';
import { plainNamesLeftOut } from '../../../../shared/src/mlrun';
import { buildJob, jobName, type ConfigMapObject, type JobObject } from './jobSpec';

/** Where artifacts go in a Job without an MLRun server: the `mlrun/mlrun` image's writable work directory. */
export const POD_ARTIFACT_PATH = '/mlrun/artifacts/{{run.uid}}';

export interface KubernetesJobInputs {
  request: JobRequest;
  code: HandlerCode;
  namespace: string;
  image: string;
  ttlSecondsAfterFinished: number;
  projectSecret?: string;
  values?: SecretValues;
  /** The MLRun API's in-cluster URL (client-spec `api_url`), passed as `MLRUN_DBPATH`. */
  dbpath?: string;
  /** The image's MLRun (jobImageChoice): how the secret variables are named. */
  naming: NamingChoice;
  /** The run's output path (from the MLRun API when one is configured); default POD_ARTIFACT_PATH. */
  outputPath?: string;
  azureCredentialSecret?: string;
  azureVaultUrl?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** For tests. */
  uid?: string;
}

export interface PreparedKubernetesJob {
  uid: string;
  runName: string;
  run: RunObject;
  job: JobObject;
  configMap?: ConfigMapObject;
  /** Keys given only as MLRUN_K8S_SECRET__<KEY> although the version is unknown (their plain name would harm the pod). */
  plainNameLeftOut: string[];
}

export function prepareKubernetesJob(i: KubernetesJobInputs): Result<PreparedKubernetesJob> {
  const uid = i.uid ?? newRunUid();
  const env = i.env ?? process.env;
  const owner = runOwner(env);
  const name = makeRunName(i.code.functionName, i.request.handler);
  const bad = validateRunName(name);
  if (bad) return fail('invalid', bad);
  if (i.request.provider.kind === 'azure_vault' && !i.azureCredentialSecret) {
    return fail('invalid', 'A Kubernetes Job reads the vault with the credentials Secret (keys tenant_id, client_id, secret) mounted as MLRun mounts it: name it in the vault choice or in mlrunSecrets.azure.credentialSecret.');
  }
  const fn = buildFunctionObject({
    name: i.code.functionName, project: i.request.project, filename: i.code.filename, handler: i.request.handler, image: i.image, code: i.code.code,
    ...(i.code.gitOrigin ? { gitOrigin: i.code.gitOrigin } : {}),
  });
  let sources;
  try {
    sources = remoteSecretSources(i.request, 'kubernetes', i.values);
  } catch (e) {
    return fail('invalid', (e as Error).message);
  }
  const run = buildRunObject({
    uid,
    name,
    project: i.request.project,
    // With MLRUN_DBPATH the pod records the run; without `kind: job` MLRun's monitor leaves it alone (§11.5).
    labels: runLabels(owner, env, !i.dbpath),
    functionUri: functionUri(fn),
    handler: i.request.handler,
    outputPath: templateArtifactPath(i.outputPath ?? POD_ARTIFACT_PATH, uid, i.request.project, owner),
    secretSources: sources,
  });
  try {
    const built = buildJob({
      request: i.request, namespace: i.namespace, name: jobName(name, uid), runName: name, image: i.image, ttlSecondsAfterFinished: i.ttlSecondsAfterFinished,
      run, fn, projectSecret: i.projectSecret, values: i.values, dbpath: i.dbpath, naming: i.naming.naming,
      azureCredentialSecret: i.azureCredentialSecret, azureVaultUrl: i.azureVaultUrl,
    });
    const keys = i.values ? [...i.values.keys()] : i.request.keys;
    return ok({ uid, runName: name, run, ...built, plainNameLeftOut: i.request.provider.kind === 'azure_vault' ? [] : plainNamesLeftOut(keys, i.naming.naming) });
  } catch (e) {
    return fail('invalid', (e as Error).message);
  }
}
