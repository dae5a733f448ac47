/**
 * The run (`RunObject.to_dict()`) MLRun's client launcher submits (docs/mlrun-facts.md §11.4), and the pieces
 * the launcher fills in: run labels (`v3io_user`, `kind`, `owner`), the templated `output_path`, the four state
 * thresholds, `scrape_metrics` and the serialised secret sources. Empty fields are dropped as `to_dict()` does.
 */
import { userInfo } from 'node:os';
import { DEFAULT_STATE_THRESHOLDS, type StateThresholds } from './functionObject';
import type { SecretSource } from './secretSources';

export interface RunObject {
  metadata: {
    uid: string;
    name: string;
    project: string;
    labels: Record<string, string>;
    iteration: number;
  };
  spec: {
    function: string;
    handler: string;
    parameters?: Record<string, unknown>;
    output_path: string;
    scrape_metrics: boolean;
    state_thresholds: StateThresholds;
    secret_sources?: SecretSource[];
  };
  status: { state: 'created' };
}

export interface RunInputs {
  uid: string;
  /** Already normalised and validated (names.ts). */
  name: string;
  project: string;
  labels: Record<string, string>;
  /** `spec.function`: `{project}/{name}@{hash}` (or without the hash when nothing was stored). */
  functionUri: string;
  handler: string;
  /** Handler parameters (absent when empty, as `to_dict()` drops `{}`). */
  parameters?: Record<string, unknown>;
  outputPath: string;
  secretSources?: SecretSource[];
}

/** The run owner: env `V3IO_USERNAME`, else the OS login (`getpass.getuser()`). */
export function runOwner(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.V3IO_USERNAME) return env.V3IO_USERNAME;
  for (const name of ['LOGNAME', 'USER', 'LNAME', 'USERNAME'] as const) if (env[name]) return env[name]!;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Run labels as the launcher sets them: `v3io_user` when `V3IO_USERNAME` is set (step 6), then `kind` = the
 * function kind and `owner` (step 7). `kind` is left out when `withKind` is false (see kubernetes/jobSpec.ts).
 */
export function runLabels(owner: string, env: Readonly<Record<string, string | undefined>> = process.env, withKind = true): Record<string, string> {
  const labels: Record<string, string> = {};
  if (env.V3IO_USERNAME) labels.v3io_user = env.V3IO_USERNAME;
  if (withKind) labels.kind = 'job';
  labels.owner = owner;
  return labels;
}

/** `template_artifact_path` plus `{{run.user}}` (§11.4 steps 3 and 7). */
export function templateArtifactPath(path: string, uid: string, project: string, owner: string): string {
  return path
    .replaceAll('{{run.uid}}', uid)
    .replaceAll('{{run.project}}', project)
    .replaceAll('{{project}}', project)
    .replaceAll('{{run.user}}', owner);
}

/** `_validate_runtime` for kind `job`: the output path must be a URL or absolute, else MLRun refuses the run. */
export function validateOutputPath(path: string): string | undefined {
  if (!path) return 'The run has no artifact path (output_path): set the project\'s artifact_path in MLRun.';
  if (path.includes('://') || path.startsWith('/')) return undefined;
  return `The artifact path "${path}" is neither a URL nor absolute; MLRun refuses job runs with it (set the project's artifact_path to an absolute path or a URL).`;
}

export function buildRunObject(i: RunInputs): RunObject {
  const spec: RunObject['spec'] = {
    function: i.functionUri,
    handler: i.handler,
    ...(i.parameters && Object.keys(i.parameters).length ? { parameters: { ...i.parameters } } : {}),
    output_path: i.outputPath,
    scrape_metrics: true,
    state_thresholds: { ...DEFAULT_STATE_THRESHOLDS },
  };
  if (i.secretSources && i.secretSources.length) spec.secret_sources = i.secretSources;
  return {
    metadata: { uid: i.uid, name: i.name, project: i.project, labels: { ...i.labels }, iteration: 0 },
    spec,
    status: { state: 'created' },
  };
}
