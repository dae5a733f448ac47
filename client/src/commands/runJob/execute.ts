/**
 * Runs a chosen job: pre-flight, consent, inline values, value resolution (in memory), the target, then the
 * terminal (output), a notification (status, with Cancel) and the remembered choice. Returns a summary (no value in
 * it: the transcript is what the terminal showed, values hidden).
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';
import type { Result } from '../../backends/types';
import { RedactingOutput } from '../../jobs/redactingOutput';
import { resolveValues, type ValueReaders } from '../../jobs/resolve';
import { needsValues } from '../../jobs/secretSources';
import { formatDuration, type JobOutcome, type JobRequest, type RunningJob, type RunState, type SecretValues, type TargetKind } from '../../jobs/types';
import { describeChoice, handlerId, JobChoices, targetLabel, type JobChoice } from './choices';
import { choiceForVersion, jobImageChoice, unknownVersion, type NamingChoice } from '../../jobs/mlrunVersion';
import { setting } from '../../config';
import { consent, podVariablesOk } from './consent';
import { askInlineValues } from './keys';
import { preflight } from './preflight';
import { sessionsOf } from './sessions';
import { startKubernetes, startLocal, startMlrunApi } from './targets';

/** What the command returns (for tests and other extensions): never a value. */
export interface JobSummary {
  state: RunState;
  exitCode?: number;
  durationMs: number;
  message: string;
  uid?: string;
  target: TargetKind;
  provider: string;
  terminal: string;
  /** What the terminal showed for this run (values hidden). */
  transcript: string;
}

function readers(ctx: Ctx, inline?: ReadonlyMap<string, string>): ValueReaders {
  return {
    local: (p, k) => ctx.backends.local().readValues(p, k),
    kubernetes: async (p, k) => {
      const kube = await ctx.backends.kubernetes();
      return kube.ok ? kube.value.readValues(p, k) : kube;
    },
    vault: async (p, vault, k8sSecret, k) => {
      const azure = await ctx.backends.azure();
      if (!azure.ok) return azure;
      const scope = azure.value.vault(p, vault, k8sSecret ? { k8sSecret } : undefined);
      return scope.ok ? scope.value.readValues(k) : scope;
    },
    env: process.env,
    readFile: p => readFile(p),
    ...(inline ? { inline } : {}),
  };
}

async function where(ctx: Ctx, choice: JobChoice): Promise<string> {
  if (choice.target === 'mlrunApi') {
    const api = await ctx.backends.mlrunApi();
    return api.ok ? `the MLRun API at ${api.value.describe()}` : 'the MLRun API';
  }
  const kube = await ctx.backends.kubernetes();
  if (!kube.ok) return 'the cluster';
  const conn = await kube.value.connect();
  const ns = conn.ok ? `namespace "${conn.value.info.namespace}" (context "${conn.value.info.context}")` : 'the cluster';
  return choice.target === 'local' ? `Secret "${kube.value.secretName(choice.project)}" in ${ns}` : ns;
}

/** How the target's MLRun names the secret variables (a local run learns it from the interpreter when it starts). */
async function targetNaming(ctx: Ctx, choice: JobChoice): Promise<NamingChoice | undefined> {
  if (choice.target === 'kubernetes') return jobImageChoice(setting('jobs.image'), setting('jobs.mlrunVersion'));
  if (choice.target !== 'mlrunApi') return undefined;
  const api = await ctx.backends.mlrunApi();
  const spec = api.ok ? await api.value.clientSpec() : undefined;
  return (spec?.ok ? choiceForVersion(spec.value.version, v => `the MLRun API (version ${v})`) : undefined) ?? unknownVersion('the MLRun API tells no version');
}

async function azureCredentialSecret(ctx: Ctx, choice: JobChoice): Promise<JobChoice | undefined> {
  const p = choice.provider;
  if (choice.target !== 'kubernetes' || p.kind !== 'azure_vault' || p.k8sSecret) return choice;
  const name = await ctx.host.showInputBox({
    title: 'Run Job with Secrets: Azure credentials Secret',
    prompt: 'Name of the Kubernetes Secret (keys tenant_id, client_id, secret) the job mounts to read the vault, as MLRun does',
    validateInput: v => (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v.trim()) ? undefined : 'A Kubernetes Secret name: lower-case letters, digits, "-" and ".".'),
  });
  if (!name) return undefined;
  return { ...choice, provider: { ...p, k8sSecret: name.trim() } };
}

export async function executeChoice(ctx: Ctx, original: JobChoice, keysRead: string[] | undefined): Promise<JobSummary | undefined> {
  const uri = vscode.Uri.parse(original.uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void ctx.host.showErrorMessage('MLRun Secrets: open the folder that holds the handler to run it.');
    return undefined;
  }
  const choice = await azureCredentialSecret(ctx, original);
  if (!choice) return undefined;
  if (!(await preflight(ctx, choice.provider, choice.project, choice.keys, keysRead, choice.target))) return undefined;
  const naming = choice.provider.kind === 'azure_vault' ? undefined : await targetNaming(ctx, choice);
  if (!(await consent(ctx, { provider: choice.provider, target: choice.target, project: choice.project, keys: choice.keys, where: await where(ctx, choice), naming }))) return undefined;
  if (!(await podVariablesOk(ctx, choice.keys, naming))) return undefined;

  let inline: Map<string, string> | undefined;
  if (choice.provider.kind === 'inline') {
    inline = await askInlineValues(ctx, choice.keys);
    if (!inline) return undefined;
  }
  const request: JobRequest = { file: uri.fsPath, folder: folder.uri.fsPath, handler: choice.handler, project: choice.project, provider: choice.provider, keys: choice.keys };
  let values: SecretValues | undefined;
  if (needsValues(request, choice.target)) {
    const r = await resolveValues(request, readers(ctx, inline));
    if (!r.ok) {
      void ctx.host.showErrorMessage(`MLRun Secrets: ${r.error.message}`);
      return undefined;
    }
    values = r.value;
  }
  // Drop the reference: the values live only as long as the run needs them.
  // eslint-disable-next-line no-useless-assignment
  inline = undefined;

  const sessions = sessionsOf(ctx);
  const id = handlerId(choice.uri, choice.handler);
  const terminal = sessions.terminalFor(id, `MLRun: ${choice.handler}`);
  terminal.startRun();
  terminal.show();
  const shownValues = [...(values?.values() ?? [])].filter((v): v is string => typeof v === 'string');
  const out = new RedactingOutput(shownValues, t => terminal.output(t));
  const sink = {
    output: (t: string) => out.push(t),
    info: (t: string) => {
      out.flush();
      terminal.info(out.redact(t));
    },
  };
  terminal.info(`▶ ${choice.handler} · ${describeChoice(choice)} · project ${choice.project}`);
  ctx.log.info(`[jobs] starting ${choice.handler} (${vscode.workspace.asRelativePath(uri)}): ${describeChoice(choice)}, project ${choice.project}`);

  const started: Result<RunningJob> = choice.target === 'local'
    ? await startLocal(ctx, folder, request, values ?? new Map(), sink)
    : choice.target === 'kubernetes'
      ? await startKubernetes(ctx, request, values, sink)
      : await startMlrunApi(ctx, request, values, sink);
  // eslint-disable-next-line no-useless-assignment -- the values are dropped as soon as the job has them
  values = undefined;
  await new JobChoices(ctx.extension.workspaceState).remember({ ...choice, at: Date.now() });
  if (!started.ok) {
    out.flush();
    const why = out.redact(started.error.message);
    terminal.info(`✖ ${why}`);
    ctx.log.warn(`[jobs] ${choice.handler} did not start: ${why}`);
    void ctx.host.showErrorMessage(`MLRun Secrets: ${choice.handler} did not start: ${why}`);
    return { state: 'error', durationMs: 0, message: why, target: choice.target, provider: choice.provider.kind, terminal: terminal.name, transcript: terminal.transcript };
  }
  const job = started.value;
  const session = sessions.add(id, `${choice.handler} (${targetLabel(choice.target)})`, job, terminal);
  terminal.onInterrupt = () => void cancelSession(ctx, job);
  terminal.onClosedByUser = () => job.detach();

  let outcome: JobOutcome;
  try {
    outcome = await ctx.host.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `MLRun Secrets: ${choice.handler}`, cancellable: true },
      async (progress, token) => {
        progress.report({ message: `running on ${targetLabel(choice.target)}…` });
        token.onCancellationRequested(() => void cancelSession(ctx, job));
        return job.done;
      },
    );
  } finally {
    sessions.remove(session);
  }
  // The outcome may quote the job's own error text (a failed condition, the run's error): redacted like its output.
  outcome = { ...outcome, message: out.redact(outcome.message) };
  out.flush();
  const icon = outcome.state === 'completed' ? '✔' : outcome.state === 'aborted' ? '■' : '✖';
  terminal.info(`${icon} ${outcome.message}`);
  ctx.log.info(`[jobs] ${choice.handler}: ${outcome.state}${outcome.exitCode !== undefined ? `, exit code ${outcome.exitCode}` : ''}, ${formatDuration(outcome.durationMs)}`);
  notify(ctx, outcome, terminal.show.bind(terminal));
  const summary: JobSummary = {
    state: outcome.state, durationMs: outcome.durationMs, message: outcome.message, target: choice.target, provider: choice.provider.kind,
    terminal: terminal.name, transcript: terminal.transcript,
  };
  if (outcome.exitCode !== undefined) summary.exitCode = outcome.exitCode;
  if (outcome.uid) summary.uid = outcome.uid;
  return summary;
}

async function cancelSession(ctx: Ctx, job: RunningJob): Promise<void> {
  const r = await job.cancel();
  if (!r.ok) void ctx.host.showErrorMessage(`MLRun Secrets: could not cancel ${job.description}: ${r.error.message}`);
}

const SHOW_TERMINAL = 'Show Terminal';

function notify(ctx: Ctx, outcome: JobOutcome, showTerminal: () => void): void {
  const text = `MLRun Secrets: ${outcome.message}`;
  const shown = outcome.state === 'completed' || outcome.state === 'aborted' || outcome.state === 'running'
    ? ctx.host.showInformationMessage(text, SHOW_TERMINAL)
    : ctx.host.showErrorMessage(text, SHOW_TERMINAL);
  void Promise.resolve(shown).then(choice => {
    if (choice === SHOW_TERMINAL) showTerminal();
  });
}
