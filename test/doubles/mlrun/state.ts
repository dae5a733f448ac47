/**
 * The MLRun API double's state: projects (MLRun's DB), the server config that matters for secrets (namespace,
 * project Secret name template, auth mode), OPA-like denials, the audit events MLRun would emit, and the
 * Kubernetes state its project Secrets live in (shared with the Kubernetes double when both run).
 */
import { KubeState } from '../kubernetes/state';

export type MlrunAuthMode = 'none' | 'basic' | 'bearer' | 'iguazio';

export interface MlrunAuthConfig {
  mode: MlrunAuthMode;
  /** `httpdb.authentication.basic.username/password`. */
  username?: string;
  password?: string;
  /** `httpdb.authentication.bearer.token`. */
  token?: string;
  /** iguazio mode: session ids (access keys) the platform accepts. */
  sessions?: string[];
}

export interface ProjectRecord {
  name: string;
  created: string;
  owner?: string;
  labels: Record<string, string>;
  description?: string;
}

export interface SecretEvent {
  action: 'created' | 'updated' | 'deleted';
  project: string;
  secretName: string;
  keys: string[];
}

export class MlrunState {
  readonly projects = new Map<string, ProjectRecord>();
  /** `config.namespace` (`MLRUN_NAMESPACE`): where project Secrets live; client-spec reports it. */
  namespace = 'mlrun';
  /** `secret_stores.kubernetes.project_secret_name`. */
  projectSecretNameTemplate = 'mlrun-project-secrets-{project}';
  version = '1.7.0';
  auth: MlrunAuthConfig = { mode: 'none' };
  /** Denied `<action> <resource>` pairs, e.g. `create /projects/demo/secrets/kubernetes` (OPA would say no). */
  readonly denied = new Set<string>();
  /** Audit events (`Security.Project.Secret.Created/Updated/Deleted` on Iguazio). */
  readonly events: SecretEvent[] = [];
  /** `store_secrets_with_retry`: 1 try + 5 retries, no sleep. */
  storeAttempts = 6;
  /** Count of K8s write conflicts MLRun hit (for tests that provoke contention). */
  conflicts = 0;
  /** Answer a missing project with the older `Project not found: name=…, project_id=None` wording. */
  legacyNotFound = false;
  /** Milliseconds each of MLRun's Kubernetes calls takes (a real API round trip; raise it to provoke contention). */
  kubeLatencyMs = 1;

  constructor(readonly kube: KubeState = new KubeState()) {
    this.kube.addNamespace(this.namespace);
  }

  setNamespace(namespace: string): void {
    this.namespace = namespace;
    this.kube.addNamespace(namespace);
  }

  addProject(name: string, extra: Partial<ProjectRecord> = {}): ProjectRecord {
    const record: ProjectRecord = { name, created: new Date().toISOString(), labels: {}, ...extra };
    this.projects.set(name, record);
    return record;
  }

  projectSecretName(project: string): string {
    return this.projectSecretNameTemplate.split('{project}').join(project);
  }

  /** The project's Secret data, decoded (internal keys included), or undefined. */
  secretData(project: string): Record<string, string> | undefined {
    return this.kube.secretData(this.namespace, this.projectSecretName(project));
  }

  /** Writes keys straight into the project's Secret (e.g. internal `mlrun.*` keys MLRun keeps for itself). */
  seedSecret(project: string, values: Record<string, string>): void {
    const current = this.secretData(project) ?? {};
    this.kube.putSecret(this.namespace, this.projectSecretName(project), { ...current, ...values });
  }
}
