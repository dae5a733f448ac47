/**
 * MLS005 local-run-without-project-secrets: `.run(..., local=True)` / `run_function(..., local=True)` in a
 * document that relies on project secrets (`context.get_secret(...)`, a kubernetes source). MLRun gives local runs
 * no project secrets.
 */
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding, type Related } from '../findings';
import { isMlrunGetSecret, secretKeyRead, withSecretsKind } from '../python/calls';
import type { RuleContext } from './context';

export function mls005(ctx: RuleContext): Finding[] {
  let reliance: Related | undefined;
  let example = 'KEY';
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      if (reliance) return;
      if (isMlrunGetSecret(call)) {
        example = secretKeyRead(call)?.key ?? example;
        reliance = { module, span: call.id, message: 'Project secrets are read here.' };
      } else if (call.name === 'with_secrets' && withSecretsKind(call) === 'kubernetes') {
        reliance = { module, span: call.id, message: 'Project secrets are requested here.' };
      }
    }
  });
  if (!reliance) return [];
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      if (!((call.name === 'run' && !call.bare) || call.name === 'run_function')) continue;
      const local = call.keywords.find(k => k.name === 'local');
      if (!local || local.val.k !== 'lit' || m.text.slice(local.val.s, local.val.e) !== 'True') continue;
      out.push(finding('MLS005', RULES.MLS005.defaultSeverity, module, { s: local.nameSpan.s, e: local.val.e },
        `Local runs (local=True) get no project secrets: MLRun injects them only into job pods, so get_secret finds only what your local environment provides. Read values with mlrun.get_secret_or_env("${example}") and supply them locally (MLRun Secrets: Run Job with Secrets…).`,
        { related: [reliance!] }));
    }
  });
  return out;
}
