/**
 * Projects (server/api/api/endpoints/projects.py), `client-spec` (no authentication, as in MLRun) and `healthz`.
 * `GET projects` answers `{"projects": [...]}`: full objects by default, names with `format=name_only`.
 */
import type { Router } from '../router';
import type { MlrunPrincipal } from './auth';
import { enumError, raise, validationError } from './errors';
import type { MlrunState, ProjectRecord } from './state';
import { requireProject } from './secrets';

const FORMATS = ['full', 'name_only', 'minimal', 'summary', 'leader'];
const PROJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function projectObject(p: ProjectRecord): Record<string, unknown> {
  return {
    kind: 'project',
    metadata: { name: p.name, created: p.created, labels: p.labels, annotations: {} },
    spec: { description: p.description ?? null, owner: p.owner ?? null, params: {}, functions: [], workflows: [], artifacts: [], artifact_path: null, conda: null, source: '', subpath: '', origin_url: '', goals: null, load_source_on_run: null, default_requirements: [], desired_state: 'online', custom_packagers: [], default_image: null, build: null, default_function_node_selector: {} },
    status: { state: 'online' },
  };
}

export function clientSpec(state: MlrunState): Record<string, unknown> {
  return {
    version: state.version,
    namespace: state.namespace,
    docker_registry: '',
    remote_host: '',
    mpijob_crd_version: 'v1',
    ui_url: '',
    artifact_path: 'v3io:///projects/{{run.project}}/artifacts',
    feature_store_data_prefixes: null,
    feature_store_default_targets: 'parquet,nosql',
    spark_app_image: '',
    spark_app_image_tag: '',
    spark_history_server_path: '',
    spark_operator_version: 'spark-3',
    kfp_image: `mlrun/mlrun:${state.version}`,
    kfp_url: '',
    dask_kfp_image: `mlrun/ml-base:${state.version}`,
    api_url: '',
    nuclio_version: '1.13.0',
    ui_projects_prefix: 'projects',
    scrape_metrics: 'true',
    default_function_node_selector: 'e30=',
    igz_version: '',
    auto_mount_type: 'auto',
    auto_mount_params: '',
    default_function_priority_class_name: '',
    valid_function_priority_class_names: '',
    default_tensorboard_logs_path: '/User/.tensorboard/{{project}}',
    default_function_pod_resources: { requests: { cpu: null, memory: null, gpu: null }, limits: { cpu: null, memory: null, gpu: null } },
    preemptible_nodes_node_selector: '',
    preemptible_nodes_tolerations: '',
    default_preemption_mode: 'prevent',
    force_run_local: 'auto',
    function: null,
    redis_url: '',
    redis_type: 'standalone',
    sql_url: '',
    model_endpoint_monitoring_endpoint_store_connection: '',
    model_monitoring_tsdb_connection: '',
    ce: { mode: 'full', release: state.version },
    calculate_artifact_hash: 'true',
    generate_artifact_target_path_from_artifact_hash: 'false',
    logs: null,
    packagers: null,
    external_platform_tracking: null,
    alerts_mode: 'disabled',
  };
}

export function registerProjectRoutes(router: Router<MlrunPrincipal>, state: MlrunState, prefix: string): void {
  router.add('GET', `${prefix}/client-spec`, ctx => ctx.send(200, clientSpec(state)), { anonymous: true });
  router.add('GET', `${prefix}/healthz`, ctx => ctx.send(200, { status: 'ok' }), { anonymous: true });
  router.add('GET', `${prefix}/projects`, ctx => {
    const format = ctx.query.get('format') ?? 'full';
    if (!FORMATS.includes(format)) throw validationError([enumError(['query', 'format'], FORMATS)]);
    const projects = [...state.projects.values()].sort((a, b) => a.name.localeCompare(b.name));
    ctx.send(200, { projects: format === 'name_only' ? projects.map(p => p.name) : projects.map(projectObject) });
  });
  router.add('GET', `${prefix}/projects/:project`, ctx => {
    requireProject(state, ctx.params.project!);
    ctx.send(200, projectObject(state.projects.get(ctx.params.project!)!));
  });
  router.add('POST', `${prefix}/projects`, async ctx => {
    let body: { metadata?: { name?: unknown } };
    try {
      body = JSON.parse((await ctx.body()).toString('utf8'));
    } catch {
      throw validationError([{ loc: ['body', 0], msg: 'Expecting value: line 1 column 1 (char 0)', type: 'value_error.jsondecode' }]);
    }
    const name = body?.metadata?.name;
    if (typeof name !== 'string' || !PROJECT_NAME.test(name) || name.length > 63) {
      raise(400, 'MLRunInvalidArgumentError', `Field 'project.metadata.name' is malformed. '${String(name)}' does not match required pattern: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`);
    }
    if (state.projects.has(name)) raise(409, 'MLRunConflictError', `Project already exists: ${name}`);
    ctx.send(201, projectObject(state.addProject(name)));
  });
}
