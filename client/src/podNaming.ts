/**
 * The MLRun version the extension's texts describe job pods for (hover, completion, key tooltips, write warnings):
 * the MLRun API's (`version` of client-spec, cached by the backend) when an endpoint is configured and the
 * workspace is trusted — MLRun's own job pods run it — else the Kubernetes Job image's (tag, else
 * `mlrunSecrets.jobs.mlrunVersion`), else unknown (both names). `lastPodNaming()` is the newest answer, for
 * synchronous readers such as tree items; `detectPodNaming` refreshes it (projectKeysSync.ts calls it on every send).
 */
import * as vscode from 'vscode';
import type { EnvNaming } from '../../shared/src/mlrun';
import type { ProjectKeys } from '../../shared/src/protocol';
import { setting } from './config';
import type { Ctx } from './ctx';
import { choiceForVersion, jobImageChoice, type NamingChoice } from './jobs/mlrunVersion';

let last: NamingChoice | undefined;

function fromImage(): NamingChoice {
  return jobImageChoice(setting('jobs.image'), setting('jobs.mlrunVersion'));
}

export async function detectPodNaming(ctx: Pick<Ctx, 'backends'>): Promise<NamingChoice> {
  let choice: NamingChoice | undefined;
  if (vscode.workspace.isTrusted) {
    const api = await ctx.backends.mlrunApi();
    if (api.ok) {
      const spec = await api.value.clientSpec();
      if (spec.ok) choice = choiceForVersion(spec.value.version, v => `the MLRun API (version ${v})`);
    }
  }
  last = choice ?? fromImage();
  return last;
}

/** `detectPodNaming`, but no longer than `ms`: then the previous answer (a slow MLRun API must not hold up others). */
export async function podNamingWithin(ctx: Pick<Ctx, 'backends'>, ms: number): Promise<NamingChoice> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<NamingChoice>(resolve => (timer = setTimeout(() => resolve(lastPodNaming()), ms)));
  try {
    return await Promise.race([detectPodNaming(ctx), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The newest detected answer (before any detection: the jobs image's). */
export function lastPodNaming(): NamingChoice {
  return last ?? fromImage();
}

/** The naming of a choice, for texts. */
export function namingOf(choice: NamingChoice = lastPodNaming()): EnvNaming {
  return choice.naming;
}

/** The `podEnv` field of `mlrunSecrets/projectKeys`: absent when unknown. */
export function podEnvParam(choice: NamingChoice): Pick<ProjectKeys.Params, 'podEnv'> {
  if (choice.naming === 'both') return {};
  return { podEnv: choice.version ? { naming: choice.naming, version: choice.version } : { naming: choice.naming } };
}
