/**
 * Step 4: the keys. The picker offers the keys the provider holds plus the keys the handler reads (pre-selected;
 * those the provider lacks are marked). Inline and env keys are typed; inline values are asked for (masked) on every
 * run and never remembered.
 */
import { readFile } from 'node:fs/promises';
import { validateSecretKey, validateSecretValue } from '../../../../shared/src/mlrun';
import { envSourceNames } from '../../../../shared/src/mlrunFileProvider';
import type { BackendKind } from '../../../../shared/src/protocol';
import type { Ctx } from '../../ctx';
import { fail, ok, type Result } from '../../backends/types';
import { fileKeys } from '../../jobs/resolve';
import type { ProviderChoice, TargetKind } from '../../jobs/types';

/** The backend that holds a store-backed provider's keys (and where missing keys are created). */
export async function storeBackendFor(ctx: Ctx, provider: ProviderChoice, target?: TargetKind): Promise<BackendKind | undefined> {
  if (provider.kind === 'local') return 'local';
  if (provider.kind === 'azure_vault') return 'azure';
  if (provider.kind !== 'kubernetes') return undefined;
  const order: BackendKind[] = target === 'mlrunApi' ? ['mlrunApi', 'kubernetes'] : ['kubernetes', 'mlrunApi'];
  for (const kind of order) {
    const r = kind === 'kubernetes' ? await ctx.backends.kubernetes() : await ctx.backends.mlrunApi();
    if (r.ok) return kind;
  }
  return undefined;
}

/** Keys the provider holds (inline: none; env: the variables set). */
export async function availableKeys(ctx: Ctx, provider: ProviderChoice, project: string, target?: TargetKind): Promise<Result<string[]>> {
  switch (provider.kind) {
    case 'inline':
      return ok([]);
    case 'env':
      return ok(Object.entries(process.env).filter(([, v]) => v).map(([k]) => k));
    case 'file':
      return fileKeys(provider.path, { readFile: p => readFile(p), env: process.env });
    case 'local': {
      const r = await ctx.backends.local().listKeys(project);
      return r.ok ? ok(r.value.map(k => k.name)) : r;
    }
    case 'azure_vault': {
      const azure = await ctx.backends.azure();
      if (!azure.ok) return azure;
      const scope = azure.value.vault(project, provider.vault, provider.k8sSecret ? { k8sSecret: provider.k8sSecret } : undefined);
      if (!scope.ok) return scope;
      const r = await scope.value.listKeys();
      return r.ok ? ok(r.value.filter(k => !k.disabled).map(k => k.name)) : r;
    }
    case 'kubernetes': {
      const kind = await storeBackendFor(ctx, provider, target);
      if (!kind) return fail('notFound', 'Neither a Kubernetes cluster nor an MLRun API is connected: connect one to use project secrets.');
      const backend = await ctx.backends.get(kind);
      if (!backend.ok) return backend;
      const r = await backend.value.listKeys(project);
      return r.ok ? ok(r.value.map(k => k.name)) : r;
    }
  }
}

function parseList(text: string, env: boolean): string[] {
  return env ? envSourceNames(text) : text.split(',').map(s => s.trim());
}

async function typeKeys(ctx: Ctx, provider: ProviderChoice, defaults: string[]): Promise<string[] | undefined> {
  const env = provider.kind === 'env';
  const text = await ctx.host.showInputBox({
    title: `Run Job with Secrets (4/5): ${env ? 'environment variables' : 'keys'}`,
    prompt: env ? 'Variable names, comma-separated (MLRun\'s env source: "A, B")' : provider.kind === 'inline' ? 'Keys to type values for, comma-separated' : 'Keys the job gets, comma-separated (the store has none yet)',
    value: defaults.join(env ? ',' : ', '),
    validateInput: v => {
      const keys = parseList(v, env);
      if (keys.length === 0 || keys.every(k => !k)) return 'Name at least one.';
      if (keys.some(k => !k)) return 'An empty name (as in "A,,B") would be read as the key "".';
      if (!env) for (const k of keys) {
        const bad = validateSecretKey(k);
        if (bad) return `${k}: ${bad}`;
      }
      return undefined;
    },
  });
  if (text === undefined) return undefined;
  return [...new Set(parseList(text, env))];
}

export async function pickKeys(
  ctx: Ctx, provider: ProviderChoice, project: string, keysRead: string[] | undefined, remembered: string[] | undefined,
): Promise<string[] | undefined> {
  const defaults = remembered ?? keysRead ?? [];
  if (provider.kind === 'inline' || provider.kind === 'env') return typeKeys(ctx, provider, defaults.length ? defaults : keysRead ?? []);
  const available = await availableKeys(ctx, provider, project);
  if (!available.ok) {
    void ctx.host.showErrorMessage(`MLRun Secrets: ${available.error.message}`);
    return undefined;
  }
  const held = new Set(available.value);
  const all = [...new Set([...(keysRead ?? []), ...(remembered ?? []), ...available.value])];
  const preselected = new Set(defaults.length ? defaults : available.value);
  const items = all.map(key => ({
    label: key,
    description: [keysRead?.includes(key) ? 'read by the handler' : '', held.has(key) ? '' : 'not in the store yet'].filter(Boolean).join(' · '),
    picked: preselected.has(key),
  }));
  // Nothing to offer (an empty store, handler keys unknown): type them; the pre-flight offers to create them.
  if (items.length === 0) return typeKeys(ctx, provider, []);
  const picked = await ctx.host.showQuickPick(items, {
    title: 'Run Job with Secrets (4/5): keys', placeHolder: 'The secrets the job gets (default: the keys the handler reads)', canPickMany: true,
  });
  if (!picked) return undefined;
  if (picked.length === 0) {
    void ctx.host.showErrorMessage('MLRun Secrets: pick at least one key (MLRun reads an empty kubernetes key list as every key of the project).');
    return undefined;
  }
  return picked.map(p => p.label);
}

/** Inline values, typed masked, one key at a time; held only for this run. */
export async function askInlineValues(ctx: Ctx, keys: string[]): Promise<Map<string, string> | undefined> {
  const values = new Map<string, string>();
  for (const [i, key] of keys.entries()) {
    const value = await ctx.host.showInputBox({
      title: `Run Job with Secrets: value ${i + 1} of ${keys.length}`,
      prompt: `Value of ${key} for this run (not stored anywhere)`,
      password: true,
      ignoreFocusOut: true,
      validateInput: v => validateSecretValue(v),
    });
    if (value === undefined) return undefined;
    values.set(key, value);
  }
  return values;
}
