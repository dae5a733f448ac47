/**
 * What a job run is made of: the handler, the secret provider the user chose (never values), the target, and what
 * a started job reports back. Shared by the three targets (local process, Kubernetes Job, MLRun API) and the
 * commands that drive them. Nothing here imports `vscode`.
 */
import type { Result } from '../backends/types';

/** Where the values come from (the table rows). Choices only: never a value. */
export type ProviderChoice =
  /** The project's Kubernetes Secret (`mlrun-project-secrets-<project>`). */
  | { kind: 'kubernetes' }
  /** An Azure Key Vault the user added for the project; `k8sSecret` names the credentials Secret (E10). */
  | { kind: 'azure_vault'; vault: string; k8sSecret?: string }
  /** The extension's local store (VS Code SecretStorage). */
  | { kind: 'local' }
  /** Values typed by the user (masked), for this run only. */
  | { kind: 'inline' }
  /** Variables of the extension host's environment; the keys are the variable names. */
  | { kind: 'env' }
  /** A file parsed with MLRun's `file` rules (absolute path). */
  | { kind: 'file'; path: string };

export type ProviderKindChoice = ProviderChoice['kind'];

export type TargetKind = 'local' | 'kubernetes' | 'mlrunApi';

/** The handler to run. */
export interface HandlerRef {
  /** Absolute path of the Python file. */
  file: string;
  /** The workspace folder it belongs to (the working directory of local runs); absolute. */
  folder: string;
  /** Handler (function) name. */
  handler: string;
}

/** Everything a target needs to know about the job, values aside. */
export interface JobRequest extends HandlerRef {
  project: string;
  provider: ProviderChoice;
  /** Keys (for `env`: variable names) the job gets, in the user's order. */
  keys: string[];
}

/** Resolved values for providers that travel by value (and for every local run). `null`: an unset env variable. */
export type SecretValues = ReadonlyMap<string, string | null>;

/** MLRun run states (`RunStates`, §8.2) plus what a local process or a Job can end in. */
export type RunState = 'created' | 'pending' | 'running' | 'completed' | 'error' | 'aborting' | 'aborted' | 'unknown' | 'skipped';

export const TERMINAL_STATES: readonly RunState[] = ['completed', 'error', 'aborted', 'skipped'];

/** How a job ended. */
export interface JobOutcome {
  state: RunState;
  /** Local process / container exit code, when known. */
  exitCode?: number;
  durationMs: number;
  /** One sentence for the notification (never a value). */
  message: string;
  /** MLRun run uid (MLRun API and Kubernetes targets; local MLRun runs). */
  uid?: string;
}

/** Where a running job writes (the command turns it into a terminal and a notification). */
export interface JobSink {
  /** Output of the job (stdout/stderr, pod or run logs), as it arrives. */
  output(text: string): void;
  /** A line about the job itself (created, pod scheduled, state changes). */
  info(text: string): void;
}

/** A started job. */
export interface RunningJob {
  /** Human description: "train · local process (MLRun's local runner)". */
  readonly description: string;
  /** MLRun run uid, when the target has one. */
  readonly uid?: string;
  /** Kills the process, deletes the Job, or aborts the run. */
  cancel(): Promise<Result<void>>;
  /** Stops following without cancelling (remote targets keep running). */
  detach(): void;
  readonly done: Promise<JobOutcome>;
}

/** Elapsed time as people read it: "850 ms", "3.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
