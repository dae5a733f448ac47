/**
 * Project secrets endpoints (server/api/api/endpoints/secrets.py + server/api/crud/secrets.py; spec §1.3–§1.6,
 * docs/mlrun-facts.md §2.2), in MLRun's order: body parse (422) → authentication (401) → field validation (422) →
 * project exists (404) → permission (403) → key regex (400) → internal prefix (403) → provider → Kubernetes.
 */
import type { RouteContext, Router } from '../router';
import type { MlrunPrincipal } from './auth';
import {
  DICT_ERROR, enumError, MISSING_ERROR, MlrunHttpError, pyTypeName, raise, validationError, type ValidationItem,
} from './errors';
import { deleteProjectSecrets, projectSecretKeys, storeProjectSecrets } from './k8sHelper';
import type { MlrunState } from './state';

const PROVIDERS = ['vault', 'kubernetes'];
const INTERNAL = 'mlrun.';
const KEY_MAP = 'mlrun.map.';
/** `mlrun.utils.regex.secret_key` as Python writes the patterns (both must match, with `re.match`). */
const KEY_PATTERNS: [string, RegExp][] = [
  ['^.{0,253}$', /^[^\n]{0,253}$/],
  ['^[-._a-zA-Z0-9]+$', /^[-._a-zA-Z0-9]+$/],
];

type Ctx = RouteContext<MlrunPrincipal>;

/** Python `re.match(p, s)` with a trailing `$`: also matches before one final newline. */
function pyMatch(re: RegExp, s: string): boolean {
  return re.test(s) || (s.endsWith('\n') && re.test(s.slice(0, -1)));
}

function truncate(s: string): string {
  return s.length > 63 ? s.slice(0, 63) + '...truncated' : s;
}

/** `verify_field_regex("secret.key", key, secret_key)` (E4: field and value cut to 63 characters). */
function validateKeyRegex(key: string): void {
  for (const [source, re] of KEY_PATTERNS) {
    if (!pyMatch(re, key)) {
      raise(400, 'MLRunInvalidArgumentError', `Field 'secret.key' is malformed. '${truncate(key)}' does not match required pattern: ${source}`);
    }
  }
}

/**
 * The project exists, else 404: current servers raise `MLRunNotFoundError(f"Project {name} does not exist")` (the
 * project member's `ensure_project`); `state.legacyNotFound` gives the DB layer's older
 * `Project not found: name=..., project_id=None`.
 */
export function requireProject(state: MlrunState, project: string): void {
  if (state.projects.has(project)) return;
  raise(404, 'MLRunNotFoundError', state.legacyNotFound ? `Project not found: name=${project}, project_id=None` : `Project ${project} does not exist`);
}

function requirePermission(state: MlrunState, action: string, project: string, provider: string): void {
  const resource = `/projects/${project}/secrets/${provider}`;
  if (state.denied.has(`${action} ${resource}`) || state.denied.has(`${action} *`)) {
    raise(403, 'MLRunAccessDeniedError', `Not allowed to ${action} resource ${resource}`);
  }
}

/** Project (404), then permission (403), as every endpoint checks them after validating its input. */
function authorize(state: MlrunState, action: string, project: string, provider: string): void {
  requireProject(state, project);
  requirePermission(state, action, project, provider);
}

/** The start of the endpoints addressed by query (`?provider=`): validation (422), project, permission. */
function queryRequest(state: MlrunState, ctx: Ctx, action: string): { project: string; provider: string } {
  const project = ctx.params.project!;
  const provider = ctx.query.get('provider') ?? 'kubernetes';
  if (!PROVIDERS.includes(provider)) throw validationError([enumError(['query', 'provider'], PROVIDERS)]);
  authorize(state, action, project, provider);
  return { project, provider };
}

/** FastAPI body parsing for `SecretsData` (422 on malformed JSON before anything else). */
async function parseBody(ctx: Ctx): Promise<{ value?: unknown; parseError?: MlrunHttpError }> {
  const raw = (await ctx.body()).toString('utf8');
  const type = (ctx.req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (raw.length === 0) return { value: undefined };
  if (type !== 'application/json' && !type.endsWith('+json')) return { value: raw };
  try {
    return { value: JSON.parse(raw) };
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const pos = m ? Number(m[1]) : 0;
    return { parseError: validationError([{ loc: ['body', pos], msg: 'Expecting value: line 1 column 1 (char 0)', type: 'value_error.jsondecode', ctx: { msg: 'Expecting value', pos, lineno: 1, colno: pos + 1 } }]) };
  }
}

async function store(state: MlrunState, ctx: Ctx): Promise<void> {
  const project = ctx.params.project!;
  const body = await parseBody(ctx);
  if (body.parseError) throw body.parseError;
  // (authentication ran before the handler)
  const errors: ValidationItem[] = [];
  let provider = 'vault';
  let secrets: unknown = {};
  if (body.value === undefined) errors.push(MISSING_ERROR(['body']));
  else if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) errors.push(DICT_ERROR(['body']));
  else {
    const b = body.value as Record<string, unknown>;
    if ('provider' in b) {
      if (typeof b.provider === 'string' && PROVIDERS.includes(b.provider)) provider = b.provider;
      else errors.push(enumError(['body', 'provider'], PROVIDERS));
    }
    if ('secrets' in b) {
      secrets = b.secrets;
      if (secrets !== null && (typeof secrets !== 'object' || Array.isArray(secrets))) errors.push(DICT_ERROR(['body', 'secrets']));
    }
  }
  if (errors.length) throw validationError(errors);
  authorize(state, 'create', project, provider);
  if (secrets === null) raise(500, 'AttributeError', "'NoneType' object has no attribute 'copy'");
  const toStore = { ...(secrets as Record<string, unknown>) };
  for (const key of Object.keys(toStore)) {
    validateKeyRegex(key);
    if (key.startsWith(INTERNAL)) raise(403, 'MLRunAccessDeniedError', `Not allowed to create/update internal secrets (key starts with ${INTERNAL})`);
    if (key.startsWith(KEY_MAP)) raise(403, 'MLRunAccessDeniedError', `Not allowed to create/update key map (key starts with ${KEY_MAP})`);
  }
  if (provider === 'vault') {
    // E2: the Vault module is commented out, so the vault path fails on every cluster.
    raise(500, 'AttributeError', "module 'mlrun.utils.vault' has no attribute 'init_project_vault_configuration'");
  }
  for (const v of Object.values(toStore)) {
    if (typeof v !== 'string') raise(500, 'AttributeError', `'${pyTypeName(v)}' object has no attribute 'encode'`);
  }
  await storeProjectSecrets(state, project, toStore as Record<string, string>);
  ctx.send(201);
}

async function listKeys(state: MlrunState, ctx: Ctx): Promise<void> {
  const { project, provider } = queryRequest(state, ctx, 'read');
  const token = ctx.req.headers['x-mlrun-secret-store-token'];
  if (provider === 'vault') {
    if (!token) raise(400, 'MLRunInvalidArgumentError', 'Vault list project secret keys request without providing token');
    raise(500, 'AttributeError', "module 'mlrun.utils.vault' has no attribute 'VaultStore'");
  }
  if (token) raise(400, 'MLRunInvalidArgumentError', 'Cannot specify token when requesting k8s secret keys');
  const keys = (await projectSecretKeys(state, project)).filter(k => !k.startsWith(INTERNAL));
  ctx.send(200, { provider, secret_keys: keys });
}

async function listValues(state: MlrunState, ctx: Ctx): Promise<void> {
  const { provider } = queryRequest(state, ctx, 'read');
  if (provider === 'vault') {
    if (!ctx.req.headers['x-mlrun-secret-store-token']) raise(400, 'MLRunInvalidArgumentError', 'Vault list project secrets request without providing token');
    raise(500, 'AttributeError', "module 'mlrun.utils.vault' has no attribute 'VaultStore'");
  }
  raise(403, 'MLRunAccessDeniedError', 'Not allowed to list secrets data from kubernetes provider');
}

async function remove(state: MlrunState, ctx: Ctx): Promise<void> {
  const { project, provider } = queryRequest(state, ctx, 'delete');
  let keys: string[] | null = ctx.query.getAll('secret');
  if (keys.length > 0) {
    if (keys.some(k => k.startsWith(INTERNAL))) raise(403, 'MLRunAccessDeniedError', `Not allowed to delete internal secrets (key starts with ${INTERNAL})`);
  } else {
    if (provider === 'vault') raise(400, 'MLRunInvalidArgumentError', 'Vault list project secret keys request without providing token');
    keys = (await projectSecretKeys(state, project)).filter(k => !k.startsWith(INTERNAL));
    if (keys.length === 0) return ctx.send(204);
  }
  if (provider === 'vault') raise(400, 'MLRunInvalidArgumentError', `Delete secret is not implemented for provider ${provider}`);
  await deleteProjectSecrets(state, project, keys);
  ctx.send(204);
}

async function userSecrets(_state: MlrunState, ctx: Ctx): Promise<void> {
  const body = await parseBody(ctx);
  const provider = (body.value as { provider?: string } | undefined)?.provider ?? 'vault';
  // fastapi.Response(content=str): no media type, so no Content-Type header.
  ctx.res.writeHead(400, { 'content-length': Buffer.byteLength(`Invalid secrets provider ${provider}`) });
  ctx.res.end(`Invalid secrets provider ${provider}`);
}

export function registerSecretRoutes(router: Router<MlrunPrincipal>, state: MlrunState, prefix: string): void {
  router.add('POST', `${prefix}/projects/:project/secrets`, ctx => store(state, ctx));
  router.add('GET', `${prefix}/projects/:project/secrets`, ctx => listValues(state, ctx));
  router.add('DELETE', `${prefix}/projects/:project/secrets`, ctx => remove(state, ctx));
  router.add('GET', `${prefix}/projects/:project/secret-keys`, ctx => listKeys(state, ctx));
  router.add('POST', `${prefix}/user-secrets`, ctx => userSecrets(state, ctx));
}

