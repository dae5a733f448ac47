/**
 * MLS007 secrets-file-in-repo: the path of a `file` source or of `set_secrets(file_path=...)` names a file that
 * exists and is tracked by git, or is not ignored by it. What git knows comes from the caller (`fileFact`).
 */
import type { FileFact } from '../../../../shared/src/protocol';
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding } from '../findings';
import { arg } from '../python/calls';
import { secretSources, sourceKind } from '../python/sites';
import type { Span, Val } from '../python/facts';
import type { RuleContext } from './context';

/** A path worth asking about: not blank, no NUL or other control characters, well-formed UTF-16. */
export function isPlausiblePath(p: string): boolean {
  // eslint-disable-next-line no-control-regex
  return p.trim() !== '' && p.length < 4096 && p.isWellFormed() && !/[\u0000-\u001f]/.test(p);
}

/** The paths of secrets files a module names (file sources and set_secrets file_path). */
export function secretFilePaths(ctx: RuleContext): { module: number; path: string; span: Span }[] {
  const out: { module: number; path: string; span: Span }[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      const paths: (Val | undefined)[] = call.name === 'set_secrets' ? (call.bare ? [] : [arg(call, 'file_path', 1)])
        : secretSources(call).filter(s => sourceKind(s) === 'file').map(s => s.source);
      for (const v of paths) if (v && v.k === 'str' && isPlausiblePath(v.v)) out.push({ module, path: v.v, span: { s: v.s, e: v.e } });
    }
  });
  return out;
}

export function fileFinding(module: number, span: Span, path: string, fact: FileFact | undefined): Finding | undefined {
  if (!fact || !fact.exists || (!fact.trackedByGit && fact.ignoredByGit)) return undefined;
  const why = fact.trackedByGit
    ? `"${path}" is tracked by git${fact.ignoredByGit ? ' even though .gitignore lists it' : ''}: its values are in your repository's history. Run git rm --cached on it, keep it in .gitignore,`
    : `"${path}" exists and is not ignored by git: it is one git add away from being committed. Add it to .gitignore`;
  return finding('MLS007', RULES.MLS007.defaultSeverity, module, span, `${why} and import its values as project secrets (MLRun Secrets: Import Secrets from File…).`);
}

export function mls007(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const ref of secretFilePaths(ctx)) {
    ctx.askedPaths.add(ref.path);
    const f = fileFinding(ref.module, ref.span, ref.path, ctx.fileFact?.(ref.path));
    if (f) out.push(f);
  }
  return out;
}
