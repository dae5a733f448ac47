/**
 * MLS006 azure-vault-source-invalid: an azure_vault source (`with_secrets("azure_vault", source)` or a list entry) whose dict lacks `name` (MLRun raises
 * ValueError), lacks `secrets` (KeyError) or has a `secrets` that is not a list; information when `k8s_secret` is
 * missing (MLRun then uses its configured default Secret). On the source argument.
 */
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding } from '../findings';
import { structured } from '../python/calls';
import { secretSources, sourceKind } from '../python/sites';
import type { Span, Val } from '../python/facts';
import type { RuleContext } from './context';

/** Problems of an azure_vault source value (shared with the YAML rules). */
export function vaultSourceProblems(src: Val): { errors: string[]; noK8sSecret: boolean } | undefined {
  if (src.k !== 'dict') return undefined;
  const get = (key: string): Val | undefined => src.entries.find(e => e.key.k === 'str' && e.key.v === key)?.value;
  const errors: string[] = [];
  const name = get('name');
  const secrets = get('secrets');
  if (!name && !src.open) errors.push('it has no "name" (the vault name; MLRun raises ValueError)');
  if (!secrets && !src.open) errors.push('it has no "secrets" (MLRun raises KeyError; use [] for all enabled secrets)');
  if (secrets && (secrets.k === 'str' || secrets.k === 'dict' || secrets.k === 'lit')) {
    errors.push(`its "secrets" is ${secrets.k === 'str' ? 'a string' : secrets.k === 'dict' ? 'a dict' : 'not a list'} (it must be a list of secret names; [] for all)`);
  }
  return { errors, noK8sSecret: !get('k8s_secret') && !src.open };
}

export function vaultFindings(module: number, span: Span, src: Val): Finding[] {
  const problems = vaultSourceProblems(src);
  if (!problems) return [];
  const out: Finding[] = [];
  if (problems.errors.length) {
    out.push(finding('MLS006', RULES.MLS006.defaultSeverity, module, span, `This azure_vault source is invalid: ${problems.errors.join('; ')}. ${RULES.MLS006.fix}`));
  }
  if (problems.noK8sSecret) {
    out.push(finding('MLS006', 'information', module, span,
      'This azure_vault source names no "k8s_secret": MLRun uses its configured default Secret (secret_stores.azure_vault.default_secret_name), which is unset by default. Name the Kubernetes Secret with tenant_id, client_id and secret.'));
  }
  return out;
}

export function mls006(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      for (const s of secretSources(call)) {
        if (sourceKind(s) !== 'azure_vault') continue;
        const raw = s.source;
        const src = structured(raw);
        if (!raw || !src) continue;
        out.push(...vaultFindings(module, raw.use ?? { s: raw.s, e: raw.e }, src));
      }
    }
  });
  return out;
}
