/**
 * Modal confirmations before a value goes somewhere others can read it, or leaves its store for a local process
 * (the table). Each says exactly where the values go and who can read them.
 */
import type { Ctx } from '../../ctx';
import type { ProviderChoice, TargetKind } from '../../jobs/types';
import { providerLabel } from './choices';

export const CONSENT = {
  readIntoLocal: 'Read Values into a Local Process',
  writeIntoJob: 'Write Values into the Job',
  sendToMlrun: 'Send Values to the MLRun API',
} as const;

export interface ConsentContext {
  provider: ProviderChoice;
  target: TargetKind;
  project: string;
  keys: string[];
  /** The project Secret, the namespace/context, or the endpoint, for the sentence. */
  where: string;
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
    detail = `They are read from ${c.where} with your Kubernetes credentials and given to the Python process on this machine as MLRUN_K8S_SECRET__<KEY> environment variables only. Nothing is written to disk, but the job's code and anything it starts can read them.`;
    button = CONSENT.readIntoLocal;
  } else if (c.provider.kind === 'kubernetes' || c.provider.kind === 'azure_vault') {
    return true;
  } else if (c.target === 'kubernetes') {
    message = `Write the values of ${keyList(c.keys)} from ${providerLabel(c.provider)} into the Kubernetes Job's spec?`;
    detail = `They become plain-text env values of the Job and its pod in ${c.where}: anyone who can read Jobs or Pods in that namespace can read them, until the Job is deleted. Project secrets (the Kubernetes provider) keep values out of the spec.`;
    button = CONSENT.writeIntoJob;
  } else {
    message = `Send the values of ${keyList(c.keys)} from ${providerLabel(c.provider)} to the MLRun API?`;
    detail = `MLRun's client resolves file, env and inline secrets the same way: the values travel as an inline source in the run spec to ${c.where}, MLRun stores the run in its database and hands it to the job pod in MLRUN_EXEC_CONFIG — anyone who can read runs of project "${c.project}" or pods in its namespace can read them. Project secrets (the Kubernetes provider) keep values out of the run.`;
    button = CONSENT.sendToMlrun;
  }
  const answer = await ctx.host.showWarningMessage(message, { modal: true, detail }, button);
  return answer === button;
}
