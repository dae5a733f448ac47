/**
 * MLS003 hardcoded-secret: a non-empty string literal used as a secret value — in the dict given to
 * `set_secrets` or to an inline source, directly or through a local variable. On the literal, with the call as
 * related information. The value itself never appears in the message.
 */
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding } from '../findings';
import { secretLiterals, structured, withSecretsKind, withSecretsSource } from '../python/calls';
import type { RuleContext } from './context';
import { setSecretsDict } from './mls002SetSecretsInCode';

export function mls003(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      let dict;
      let via: string;
      if (call.name === 'set_secrets' && !call.bare) {
        dict = structured(setSecretsDict(call));
        via = 'set_secrets';
      } else if (call.name === 'with_secrets' && withSecretsKind(call) === 'inline') {
        dict = structured(withSecretsSource(call));
        via = 'the inline source';
      } else {
        continue;
      }
      const seen = new Set<string>();
      for (const lit of secretLiterals(dict)) {
        const where = `${lit.value.s}:${lit.value.e}`;
        if (seen.has(where)) continue;
        seen.add(where);
        const key = lit.key ?? 'KEY';
        const what = lit.key ? `The value of "${lit.key}"` : 'A secret value';
        out.push(finding('MLS003', RULES.MLS003.defaultSeverity, module, { s: lit.value.s, e: lit.value.e },
          `${what} is written in the code (given to ${via}): anyone with the code has it. Move it into project secrets and read it with context.get_secret("${key}").`,
          { related: [{ module, span: call.id, message: `The secret is passed to ${call.name} here.` }] }));
      }
    }
  });
  return out;
}
