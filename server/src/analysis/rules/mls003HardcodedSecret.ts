/**
 * MLS003 hardcoded-secret: a non-empty string literal used as a secret value — in the dict given to
 * `set_secrets` or to an inline source (any of the shapes sites.ts reads), directly, through names, through
 * imports of the workspace's modules, or built by folding (`"hun" + "ter2"`, `json.dumps({...})`). On the
 * literal, with the call as related information. The value itself never appears in the message.
 */
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding } from '../findings';
import { secretLiterals, structured } from '../python/calls';
import type { CallFact, Val } from '../python/facts';
import { secretSources, sourceKind } from '../python/sites';
import type { RuleContext } from './context';
import { setSecretsDict } from './mls002SetSecretsInCode';

/** The secret dicts a call gives MLRun, with how (for the message). */
function secretDicts(call: CallFact): { dict: Val | undefined; via: string }[] {
  if (call.name === 'set_secrets') return call.bare ? [] : [{ dict: structured(setSecretsDict(call)), via: 'set_secrets' }];
  return secretSources(call).filter(s => sourceKind(s) === 'inline').map(s => ({ dict: structured(s.source), via: s.entry ? `an inline source in ${s.via}` : 'the inline source' }));
}

export function mls003(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      const seen = new Set<string>();
      for (const { dict, via } of secretDicts(call)) {
        for (const lit of secretLiterals(dict)) {
          const where = `${lit.value.s}:${lit.value.e}:${lit.key}`;
          if (seen.has(where)) continue;
          seen.add(where);
          const key = lit.key ?? 'KEY';
          const what = lit.key ? `The value of "${lit.key}"` : 'A secret value';
          const written = lit.value.from ? `is written in the code of ${lit.value.from} (imported here)` : 'is written in the code';
          out.push(finding('MLS003', RULES.MLS003.defaultSeverity, module, { s: lit.value.s, e: lit.value.e },
            `${what} ${written} (given to ${via}): anyone with the code has it. Move it into project secrets and read it with context.get_secret("${key}").`,
            { related: [{ module, span: call.id, message: `The secret is passed to ${call.name} here.` }] }));
        }
      }
    }
  });
  return out;
}
