/**
 * Modal confirmations before a value goes somewhere others can read it, or leaves its store for a local process
 * (the issue's table). Each says exactly where the values go and who can read them.
 */
import { podVariableProblem } from '../../../../shared/src/mlrun';
import type { Ctx } from '../../ctx';
import { BOTH_NAMES_COST, type NamingChoice } from '../../jobs/mlrunVersion';
import type { ProviderChoice, TargetKind } from '../../jobs/types';
import { providerLabel } from './choices';

export const CONSENT = {
  readIntoLocal: 'Read Values into a Local Process',
  writeIntoJob: 'Write Values into the Job',
  sendToMlrun: 'Send Values to the MLRun API',
  runAnyway: 'Run Anyway',
} as const;

export interface ConsentContext {
  provider: ProviderChoice;
  target: TargetKind;
  project: string;
  keys: string[];
  /** The project Secret, the namespace/context, or the endpoint, for the sentence. */
  where: string;
  /** How the target's MLRun names the variables (remote targets; a local run learns it from the interpreter). */
  naming?: NamingChoice;
}

/** How a local process gets the values: named as the interpreter's MLRun reads them. */
export const LOCAL_VARIABLES = "environment variables named as the interpreter's MLRun reads them (MLRUN_K8S_SECRET__<KEY> up to MLRun 1.7, the key itself from 1.8; both without mlrun)";

function variablesOf(naming: NamingChoice | undefined): string {
  if (!naming) return 'environment variables';
  if (naming.naming === 'prefixed') return `MLRUN_K8S_SECRET__<KEY> variables (MLRun ${naming.version}, from ${naming.from})`;
  if (naming.naming === 'plain') return `variables named after their keys (MLRun ${naming.version}, from ${naming.from})`;
  return `variables under both names — the MLRun version is unknown (${naming.from}), so ${BOTH_NAMES_COST}`;
}

function keyList(keys: string[]): string {
  return `${keys.length} secret${keys.length === 1 ? '' : 's'} (${keys.join(', ')})`;
}

/** True when no consent is needed or the user gave it. */
export async function consent(ctx: Ctx, c: ConsentContext): Promise<boolean> {
  let message: string;
  let detail: string;
  let button: string;
  if (c.target === 'local') {
    if (c.provider.kind !== 'kubernetes') return true;
    message = `Read the values of ${keyList(c.keys)} of project "${c.project}" into a local process?`;
    detail = `They are read from ${c.where} with your Kubernetes credentials and given to the Python process on this machine as ${LOCAL_VARIABLES} only. Nothing is written to disk, but the job's code and anything it starts can read them.`;
    button = CONSENT.readIntoLocal;
  } else if (c.provider.kind === 'kubernetes' || c.provider.kind === 'azure_vault') {
    return true;
  } else if (c.target === 'kubernetes') {
    message = `Write the values of ${keyList(c.keys)} from ${providerLabel(c.provider)} into the Kubernetes Job's spec?`;
    detail = `They become plain-text env values of the Job and its pod in ${c.where}, as ${variablesOf(c.naming)}: anyone who can read Jobs or Pods in that namespace can read them, until the Job is deleted. Project secrets (the Kubernetes provider) keep values out of the spec.`;
    button = CONSENT.writeIntoJob;
  } else {
    message = `Send the values of ${keyList(c.keys)} from ${providerLabel(c.provider)} to the MLRun API?`;
    detail = `MLRun's client resolves file, env and inline secrets the same way: the values travel as an inline source in the run spec to ${c.where}, MLRun stores the run in its database and hands it to the job pod in MLRUN_EXEC_CONFIG — anyone who can read runs of project "${c.project}" or pods in its namespace can read them. Project secrets (the Kubernetes provider) keep values out of the run.`;
    button = CONSENT.sendToMlrun;
  }
  const answer = await ctx.host.showWarningMessage(message, { modal: true, detail }, button);
  return answer === button;
}

/**
 * Before a run whose job pods name variables after the keys (MLRun 1.8+, or unknown): a modal naming the chosen keys
 * whose variable would replace one of the pod's own (PATH, MLRUN_*, a leading digit, …). True to go ahead.
 */
export async function podVariablesOk(ctx: Ctx, keys: readonly string[], naming: NamingChoice | undefined): Promise<boolean> {
  if (!naming || naming.naming !== 'plain') return true;
  const problems = keys.map(k => podVariableProblem(k, naming.naming)).filter((p): p is string => p !== undefined);
  if (problems.length === 0) return true;
  const answer = await ctx.host.showWarningMessage(`${problems.length === 1 ? 'A secret' : `${problems.length} secrets`} of this run would replace variables of the job's pod.`, { modal: true, detail: problems.join('\n\n') }, CONSENT.runAnyway);
  return answer === CONSENT.runAnyway;
}
