/**
 * MLS002 set-secrets-in-code: a call of `.set_secrets(...)` — a one-time setup action that must not stay in
 * committed code. Error when any value is a literal (MLS003 then fires on each literal too).
 */
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding, type Fix } from '../findings';
import { arg, secretLiterals } from '../python/calls';
import type { CallFact } from '../python/facts';
import type { RuleContext } from './context';
import { isPlainStringLiteral, removeStatement } from './fixText';

export function setSecretsDict(call: CallFact) {
  return arg(call, 'secrets', 0);
}

function fixes(call: CallFact, text: string): Fix[] {
  const dict = setSecretsDict(call);
  if (!call.stmt || !call.inner || !dict || dict.k !== 'dict' || dict.open || dict.entries.length === 0) return [];
  if (dict.s < call.inner.s || dict.e > call.inner.e) return [];
  const literals = secretLiterals(dict);
  if (literals.length !== dict.entries.length || literals.some(l => l.key === null || l.value.s < call.inner!.s || l.value.e > call.inner!.e || !isPlainStringLiteral(text, l.value))) return [];
  return [{
    kind: 'storeLiterals',
    title: 'Store these secrets in the project and remove this call',
    literals: literals.map(l => ({ key: l.key!, span: { s: l.value.s, e: l.value.e } })),
    rewrite: [removeStatement(text, call.stmt, call.soleInBlock)],
  }];
}

export function mls002(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      if (call.name !== 'set_secrets' || call.bare) continue;
      const literal = secretLiterals(setSecretsDict(call)).length > 0;
      const message = `set_secrets(…) is a one-time setup call: kept in code it re-sends the values on every run${literal ? ' and keeps them in your repository' : ''}. ${RULES.MLS002.fix}`;
      out.push(finding('MLS002', literal ? 'error' : RULES.MLS002.defaultSeverity, module, call.id, message, { fixes: fixes(call, m.text) }));
    }
  });
  return out;
}
