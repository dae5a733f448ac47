/**
 * What MLRun's client launcher asks the API before a run (docs/mlrun-facts.md §11.4 step 3): `client-spec`
 * (server version, in-cluster API URL, default artifact path) and the project (`spec.artifact_path`), giving the
 * run's `output_path`.
 */
import type { MlrunClient } from '../../backends/mlrunApi/client';
import { fail, ok, type Result } from '../../backends/types';
import { templateArtifactPath, validateOutputPath } from '../runObject';

export interface ServerFacts {
  /** `version` from client-spec: the only value the extension may send as `x-mlrun-client-version`. */
  version?: string;
  /** `api_url` from client-spec (`httpdb.api_url`): what MLRun gives its job pods as `MLRUN_DBPATH`. */
  apiUrl?: string;
  /** The templated output path, validated for kind `job`. */
  outputPath: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

export async function serverFacts(client: MlrunClient, project: string, uid: string, owner: string, signal?: AbortSignal): Promise<Result<ServerFacts>> {
  const spec = await client.call<Record<string, unknown>>({ method: 'GET', path: 'client-spec', expect: [200], action: 'reading its client-spec', retry: true, signal });
  if (!spec.ok) return spec;
  const proj = await client.call<{ spec?: { artifact_path?: unknown } }>({
    method: 'GET', path: `projects/${encodeURIComponent(project)}`, expect: [200], action: `reading project "${project}"`, project, retry: true, signal,
  });
  if (!proj.ok) return proj;
  const raw = str(proj.value?.spec?.artifact_path) ?? str(spec.value?.artifact_path) ?? '';
  const outputPath = templateArtifactPath(raw, uid, project, owner);
  const bad = validateOutputPath(outputPath);
  if (bad) return fail('invalid', bad);
  const facts: ServerFacts = { outputPath };
  const version = str(spec.value?.version);
  const apiUrl = str(spec.value?.api_url);
  if (version) facts.version = version;
  if (apiUrl) facts.apiUrl = apiUrl;
  return ok(facts);
}
