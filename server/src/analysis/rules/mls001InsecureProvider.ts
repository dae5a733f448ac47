/**
 * MLS001 insecure-provider: a secret source of kind `inline`, `env` or `file` (MLRun resolves env and file sources
 * on the client and sends their values as inline; inline values are stored in plain text in the run spec and reach
 * the pod in MLRUN_EXEC_CONFIG) — given to `with_secrets`, `RunConfig.with_secret`, `SecretsStore.add_source`, or
 * as an entry of the lists `new_task(secrets=…)`, `RunSpec(secret_sources=…)`, `spec.secret_sources`,
 * `SecretsStore.from_list` take.
 */
import { INSECURE_PROVIDER_KINDS, type ProviderKind } from '../../../../shared/src/mlrun';
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding, type Fix } from '../findings';
import { secretLiterals } from '../python/calls';
import type { CallFact, Val } from '../python/facts';
import { secretSources, sourceKind } from '../python/sites';
import type { RuleContext } from './context';
import { isPlainStringLiteral, kubernetesArgs, quoteOf } from './fixText';

const WHY: Record<string, string> = {
  inline: 'writes the values in plain text into the run spec that MLRun stores and passes to the job pod.',
  env: 'reads the variables on your machine and sends their values in plain text, as an inline source, in the run spec.',
  file: 'reads the file on your machine and sends its values in plain text, as an inline source, in the run spec.',
};

export function isInsecureKind(kind: string | undefined): kind is 'inline' | 'env' | 'file' {
  return kind !== undefined && (INSECURE_PROVIDER_KINDS as readonly string[]).includes(kind as ProviderKind);
}

function fixes(call: CallFact, kind: 'inline' | 'env' | 'file', source: Val | undefined, text: string): Fix[] {
  if (!call.inner || (call.name !== 'with_secrets' && call.name !== 'with_secret')) return [];
  const q = quoteOf(text, call);
  const inCall = (s: number): boolean => s >= call.inner!.s && s <= call.inner!.e;
  if (kind === 'inline') {
    // Only a literal dict written in the call itself: every entry a literal key and a non-empty literal value.
    if (!source || source.k !== 'dict' || source.open || !inCall(source.s) || source.entries.length === 0) return [];
    const literals = secretLiterals(source);
    if (literals.length !== source.entries.length || literals.some(l => l.key === null || !inCall(l.value.s) || !isPlainStringLiteral(text, l.value))) return [];
    const keys = literals.map(l => l.key!);
    const args = kubernetesArgs(keys, q);
    if (!args) return [];
    return [{
      kind: 'storeLiterals',
      title: 'Store these values as project secrets and use the kubernetes provider',
      literals: literals.map(l => ({ key: l.key!, span: { s: l.value.s, e: l.value.e } })),
      rewrite: [{ span: call.inner, text: args }],
    }];
  }
  if (kind === 'env') {
    if (!source || source.k !== 'str') return [];
    const keys = source.v.split(',').map(k => k.trim()).filter(k => k !== '');
    const args = keys.length ? kubernetesArgs(keys, q) : undefined;
    if (!args) return [];
    return [{ kind: 'edit', title: `Use the kubernetes provider with ${keys.join(', ')} (store them as project secrets first)`, edits: [{ span: call.inner, text: args }] }];
  }
  return [{ kind: 'edit', title: 'Use the kubernetes provider with all project secrets (import the file as project secrets first)', edits: [{ span: call.inner, text: `${q}kubernetes${q}, []` }] }];
}

export function mls001(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      for (const src of secretSources(call)) {
        const kind = sourceKind(src);
        if (!isInsecureKind(kind)) continue;
        const what = src.entry ? `A secret source of kind "${kind}" in ${src.via}` : `${src.via}("${kind}", …)`;
        out.push(finding('MLS001', RULES.MLS001.defaultSeverity, module, src.at, `${what} ${WHY[kind]} ${RULES.MLS001.fix}`,
          { fixes: src.entry ? [] : fixes(call, kind, src.source, m.text) }));
      }
    }
  });
  return out;
}
