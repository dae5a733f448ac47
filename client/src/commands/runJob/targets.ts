/**
 * Starts a resolved job on its target with what the context offers: the interpreter and the bundled runner for
 * local runs, the Kubernetes bundle (loaded on first use) for Jobs, the MLRun API backend for submit_job.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AZURE_VAULT } from '../../../../shared/src/mlrun';
import { setting } from '../../config';
import type { Ctx } from '../../ctx';
import { loadKubernetesBackend } from '../../backends/load';
import { fail, type Result } from '../../backends/types';
import { loggerFor } from '../../log';
import { readHandlerCode } from '../../jobs/code';
import { prepareKubernetesJob } from '../../jobs/kubernetes/prepare';
import { startLocalJob } from '../../jobs/local/localJob';
import { serverFacts } from '../../jobs/mlrunApi/artifactPath';
import { startMlrunApiJob } from '../../jobs/mlrunApi/mlrunApiJob';
import { BOTH_NAMES_COST, jobImageChoice, type NamingChoice } from '../../jobs/mlrunVersion';
import { newRunUid } from '../../jobs/names';
import { runOwner } from '../../jobs/runObject';
import type { JobRequest, JobSink, RunningJob, SecretValues } from '../../jobs/types';
import { pythonFor } from './interpreter';
import type * as vscode from 'vscode';

export function runnerPath(ctx: Ctx): string {
  const bundled = path.join(ctx.extension.extensionPath, 'dist', 'jobs', 'runner.py');
  return existsSync(bundled) ? bundled : path.join(ctx.extension.extensionPath, 'client', 'src', 'jobs', 'local', 'runner.py');
}

export async function startLocal(ctx: Ctx, folder: vscode.WorkspaceFolder, request: JobRequest, values: SecretValues, sink: JobSink): Promise<Result<RunningJob>> {
  const python = await pythonFor(folder);
  ctx.log.info(`[jobs] local run with ${python.path} (from ${python.source})`);
  return startLocalJob({
    request, values, python: python.path, runnerPath: runnerPath(ctx), image: setting('jobs.image'),
    artifactPath: path.join(request.folder, 'artifacts'), baseEnv: process.env, sink, logger: loggerFor(ctx.log, 'jobs'),
  });
}

export async function startKubernetes(ctx: Ctx, request: JobRequest, values: SecretValues | undefined, sink: JobSink): Promise<Result<RunningJob>> {
  const kube = await ctx.backends.kubernetes();
  if (!kube.ok) return kube;
  // The pod reads the project Secret from its own namespace: it must be the one MLRun reads (asked once if unknown).
  const conn = request.provider.kind === 'kubernetes' ? await kube.value.confirmWriteNamespace() : await kube.value.connect();
  if (!conn.ok) return conn;
  const code = await readHandlerCode(request);
  if (!code.ok) return code;
  const uid = newRunUid();
  let dbpath: string | undefined;
  let outputPath: string | undefined;
  const api = await ctx.backends.mlrunApi();
  if (api.ok) {
    const facts = await serverFacts(api.value.client, request.project, uid, runOwner());
    if (facts.ok) {
      outputPath = facts.value.outputPath;
      // What MLRun passes its own job pods (httpdb.api_url): the extension's endpoint may be a port-forward.
      dbpath = facts.value.apiUrl;
      if (!dbpath) sink.info(`The MLRun API reports no in-cluster URL (httpdb.api_url), so the pod gets no MLRUN_DBPATH and the run is not recorded in MLRun.`);
    } else sink.info(`The MLRun API gave no artifact path (${facts.error.message}); artifacts stay in the pod.`);
  }
  const image = setting('jobs.image');
  const naming = jobImageChoice(image, setting('jobs.mlrunVersion'));
  const template = setting('azure.vaultUrlTemplate').trim();
  const provider = request.provider;
  const prepared = prepareKubernetesJob({
    request, code: code.value, namespace: conn.value.info.namespace, image, ttlSecondsAfterFinished: setting('jobs.ttlSecondsAfterFinished'),
    projectSecret: kube.value.secretName(request.project), values, dbpath, naming, outputPath, uid,
    azureCredentialSecret: provider.kind === 'azure_vault' ? provider.k8sSecret || setting('azure.credentialSecret').trim() || undefined : undefined,
    azureVaultUrl: template && template !== AZURE_VAULT.urlTemplate ? template : undefined,
  });
  if (!prepared.ok) return prepared;
  if (provider.kind !== 'azure_vault') sink.info(describeJobNaming(naming, prepared.value.plainNameLeftOut));
  const mod = loadKubernetesBackend();
  const shown = values ? [...values.values()].filter((v): v is string => typeof v === 'string' && v.length > 0) : undefined;
  return mod.startKubernetesJob({
    backend: kube.value, job: prepared.value.job, configMap: prepared.value.configMap, uid: prepared.value.uid, values: shown, sink, logger: loggerFor(ctx.log, 'jobs'),
  });
}

/** The info line saying how the Job names the secret variables, and why. */
export function describeJobNaming(choice: NamingChoice, leftOut: readonly string[]): string {
  if (choice.naming === 'prefixed') return `Secrets are named MLRUN_K8S_SECRET__<KEY> in the pod: the image runs MLRun ${choice.version} (from ${choice.from}).`;
  if (choice.naming === 'plain') return `Secrets are named after their keys in the pod: the image runs MLRun ${choice.version} (from ${choice.from}), which reads them so.`;
  const kept = leftOut.length ? ` ${leftOut.join(', ')} ${leftOut.length === 1 ? 'gets' : 'get'} only the MLRUN_K8S_SECRET__ name, because the plain name would harm the pod.` : '';
  return `The image's MLRun version is unknown (${choice.from}), so ${BOTH_NAMES_COST}. Tag the image with its version or set mlrunSecrets.jobs.mlrunVersion.${kept}`;
}

export async function startMlrunApi(ctx: Ctx, request: JobRequest, values: SecretValues | undefined, sink: JobSink): Promise<Result<RunningJob>> {
  const api = await ctx.backends.mlrunApi();
  if (!api.ok) return api;
  const code = await readHandlerCode(request);
  if (!code.ok) return code;
  if (!setting('jobs.image').trim()) return fail('invalid', 'mlrunSecrets.jobs.image is empty: MLRun needs an image for job runs.');
  return startMlrunApiJob({
    backend: api.value, request, filename: code.value.filename, code: code.value.code, gitOrigin: code.value.gitOrigin, image: setting('jobs.image'),
    values, sink, logger: loggerFor(ctx.log, 'jobs'),
  });
}
