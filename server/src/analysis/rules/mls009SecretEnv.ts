/**
 * MLS009 secret-env-literal (Python): `fn.set_env("AWS_SECRET_ACCESS_KEY", "literal")` or
 * `fn.set_envs({"DB_PASSWORD": "literal"})` on an MLRun function: a secret-named variable (shared/src/secretNames.ts)
 * given a literal value, which MLRun writes into the function spec in plain text. Empty values, `${...}` references
 * and placeholders are not findings. The YAML `env:` part of the rule lives with the document analyzers.
 */
import { projectSecretName } from '../../../../shared/src/mlrun';
import { isSecretName, secretValueKind } from '../../../../shared/src/secretNames';
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding, type Fix } from '../findings';
import { arg } from '../python/calls';
import type { CallFact, Val } from '../python/facts';
import type { ProjectInfo, RuleContext } from './context';
import { isPlainStringLiteral, quoteOf } from './fixText';

function literalFor(name: string, v: Val | undefined): v is Extract<Val, { k: 'str' }> {
  return !!v && v.k === 'str' && isSecretName(name) && secretValueKind(v.v, name) === 'literal';
}

/** Store the value as a project secret and have MLRun inject it from the project's Kubernetes Secret instead. */
function fromSecretFix(text: string, call: CallFact, name: string, v: Extract<Val, { k: 'str' }>, project: ProjectInfo | null): Fix[] {
  if (!project || !call.inner || call.via || call.recovered || !isPlainStringLiteral(text, v) || v.s < call.inner.s || v.e > call.inner.e) return [];
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('mlrun.')) return [];
  const q = quoteOf(text, call);
  return [{
    kind: 'storeLiterals',
    title: `Store this value as project secret ${name} and use set_env_from_secret`,
    literals: [{ key: name, span: { s: v.s, e: v.e } }],
    rewrite: [
      { span: call.id, text: 'set_env_from_secret' },
      { span: call.inner, text: `${q}${name}${q}, secret=${q}${projectSecretName(project.project)}${q}, secret_key=${q}${name}${q}` },
    ],
  }];
}

function report(module: number, call: CallFact, name: string, v: Extract<Val, { k: 'str' }>, fixes: Fix[]): Finding {
  const where = v.from ? ` in the code of ${v.from}` : '';
  return finding('MLS009', RULES.MLS009.defaultSeverity, module, { s: v.s, e: v.e },
    `The environment variable "${name}" gets a literal value${where}: MLRun writes it in plain text into the function spec, and anyone with the code has it. ${RULES.MLS009.fix}`,
    { related: [{ module, span: call.id, message: `The value is given to ${call.name} here.` }], fixes });
}

export function mls009(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      if (call.name === 'set_env') {
        const name = arg(call, 'name', 0);
        const value = arg(call, 'value', 1);
        if (name?.k === 'str' && literalFor(name.v, value)) out.push(report(module, call, name.v, value, fromSecretFix(m.text, call, name.v, value, ctx.project)));
      } else if (call.name === 'set_envs') {
        const vars = arg(call, 'env_vars', 0);
        if (vars?.k !== 'dict') continue;
        for (const en of vars.entries) {
          if (en.key.k === 'str' && literalFor(en.key.v, en.value)) out.push(report(module, call, en.key.v, en.value, []));
        }
      }
    }
  });
  return out;
}
