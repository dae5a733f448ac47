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
  const conn = await kube.value.connect();
  if (!conn.ok) return conn;
  const code = await readHandlerCode(request);
  if (!code.ok) return code;
  const uid = newRunUid();
  let dbpath: string | undefined;
  let outputPath: string | undefined;
  const api = await ctx.backends.mlrunApi();
  if (api.ok) {
    dbpath = api.value.client.endpoint;
    const facts = await serverFacts(api.value.client, request.project, uid, runOwner());
    if (facts.ok) outputPath = facts.value.outputPath;
    else sink.info(`The MLRun API gave no artifact path (${facts.error.message}); artifacts stay in the pod.`);
  }
  const template = setting('azure.vaultUrlTemplate').trim();
  const provider = request.provider;
  const prepared = prepareKubernetesJob({
    request, code: code.value, namespace: conn.value.info.namespace, image: setting('jobs.image'), ttlSecondsAfterFinished: setting('jobs.ttlSecondsAfterFinished'),
    projectSecret: kube.value.secretName(request.project), values, dbpath, outputPath, uid,
    azureCredentialSecret: provider.kind === 'azure_vault' ? provider.k8sSecret || setting('azure.credentialSecret').trim() || undefined : undefined,
    azureVaultUrl: template && template !== AZURE_VAULT.urlTemplate ? template : undefined,
  });
  if (!prepared.ok) return prepared;
  const mod = loadKubernetesBackend();
  const shown = values ? [...values.values()].filter((v): v is string => typeof v === 'string' && v.length > 0) : undefined;
  return mod.startKubernetesJob({
    backend: kube.value, job: prepared.value.job, configMap: prepared.value.configMap, uid: prepared.value.uid, values: shown, sink, logger: loggerFor(ctx.log, 'jobs'),
  });
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
