/**
 * MLS004 unknown-secret-key: a key read with `get_secret("K")` / `get_secret_or_env("K")` or listed in
 * a kubernetes source (`with_secrets("kubernetes", [...])` and the other shapes sites.ts reads) that the folder's selected project lacks. Silent while the keys are unknown.
 */
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding } from '../findings';
import { isMlrunGetSecret, keysIn, secretKeyRead } from '../python/calls';
import { secretSources, sourceKind } from '../python/sites';
import type { Span } from '../python/facts';
import type { ProjectInfo, RuleContext } from './context';

/** Keys read or listed by a module, with where they are written. */
export function keyUses(ctx: RuleContext): { module: number; key: string; span: Span }[] {
  const uses: { module: number; key: string; span: Span }[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      if (isMlrunGetSecret(call) || call.name === 'get_secret_or_env') {
        const read = secretKeyRead(call);
        if (read) uses.push({ module, key: read.key, span: { s: read.val.s, e: read.val.e } });
      } else {
        for (const src of secretSources(call)) {
          if (sourceKind(src) !== 'kubernetes') continue;
          for (const k of keysIn(src.source)) uses.push({ module, key: k.v, span: { s: k.s, e: k.e } });
        }
      }
    }
  });
  return uses;
}

export function unknownKeyMessage(key: string, project: ProjectInfo, keys: ReadonlySet<string>): string {
  const lower = key.toLowerCase();
  const near = [...keys].find(k => k.toLowerCase() === lower);
  const hint = near ? ` Did you mean "${near}"?` : '';
  return `"${key}" is not a secret of project "${project.project}" (${project.backend}).${hint} ${RULES.MLS004.fix}`;
}

export function mls004(ctx: RuleContext): Finding[] {
  const project = ctx.project;
  if (!project || !project.keys) return [];
  const keys = project.keys;
  return keyUses(ctx)
    .filter(u => !keys.has(u.key))
    .map(u => finding('MLS004', RULES.MLS004.defaultSeverity, u.module, u.span, unknownKeyMessage(u.key, project, keys)));
}
