/**
 * MLS010 committed-env-file: an env file (`.env`, `mlrun.env`, `*.env`, `.env.*`, `secrets.txt`) that git tracks,
 * or that git does not ignore, holding a value under a secret-named key (`V3IO_ACCESS_KEY`, `*_PASSWORD`,
 * `*_TOKEN`, …). A real-looking value is an error on the value; a placeholder (`<token>`, `changeme`, the key's own
 * name, `postgres`) is information — the file is still one edit away from holding the real one. Empty values and
 * references (`${VAR}`) are not findings. URLs with a password under other keys (`DATABASE_URL`) are MLS011.
 *
 * What git knows about the file comes from the caller (`fileFact` of the file's own name); while it is unknown,
 * nothing is reported. An ignored, untracked env file is where local values belong: nothing is reported at all.
 * Files meant to be committed as templates (`.env.example`, `.env.sample`, `.env.template`) report real-looking
 * values only. `# mlrun-secrets: ignore[MLS010] reason` after a value suppresses, as in Python.
 */
import type { FileFact } from '../../../../shared/src/protocol';
import { isSecretName, secretValueKind } from '../../../../shared/src/secretNames';
import { RULES } from '../../../../shared/src/rules';
import { envEntries } from '../documents/envFile';
import { shellMarkerComments } from '../documents/shell';
import { finding, sortFindings, type Finding, type Fix } from '../findings';
import { applySuppressions } from '../suppression';
import { credentialUrlFinding, credentialUrls, isStandInPassword } from './mls011ConnectionString';

export interface EnvFileOptions {
  /** The file's base name (what `fileFact` is asked about, relative to the file's own folder). */
  fileName?: string;
  fileFact?: (path: string) => FileFact | undefined;
}

export interface EnvFileAnalysis {
  findings: Finding[];
  askedPaths: string[];
}

/** Whether git would commit the file: tracked, or present and not ignored. */
export function committable(fact: FileFact | undefined): boolean {
  return !!fact && fact.exists && (fact.trackedByGit || !fact.ignoredByGit);
}

function gitState(name: string, fact: FileFact): string {
  return fact.trackedByGit ? `${name} is tracked by git${fact.ignoredByGit ? ' even though .gitignore lists it' : ''}` : `${name} is not ignored by git`;
}

function ignoreFix(name: string, fact: FileFact): Fix[] {
  if (fact.ignoredByGit) return [];
  return [{ kind: 'edit', title: `Add ${name} to .gitignore${fact.trackedByGit ? ` (then run git rm --cached ${name})` : ''}`, edits: [], appendLine: { file: '.gitignore', line: `/${name}` } }];
}

export function analyzeEnvFile(text: string, options: EnvFileOptions = {}): EnvFileAnalysis {
  const name = options.fileName;
  if (!name) return { findings: [], askedPaths: [] };
  const fact = options.fileFact?.(name);
  if (!committable(fact)) return { findings: [], askedPaths: [name] };
  const f = fact!;
  const findings: Finding[] = [];
  const template = /\.(example|sample|template|dist|defaults?)$/i.test(name);
  const fixes = template ? [] : ignoreFix(name, f);
  const fix = template
    ? `${name} is a template others copy: replace the value with a placeholder, rotate it, and keep the real one in project secrets.`
    : f.trackedByGit
    ? `Run git rm --cached ${name}, add it to .gitignore, rotate the value and import it as a project secret (MLRun Secrets: Import Secrets from File…).`
    : `Add it to .gitignore before it is committed, and import the value as a project secret (MLRun Secrets: Import Secrets from File…).`;
  for (const entry of envEntries(text)) {
    if (isSecretName(entry.key)) {
      const kind = secretValueKind(entry.value, entry.key);
      if (kind === 'empty' || kind === 'reference') continue;
      const placeholder = kind === 'placeholder' || isStandInPassword(entry.value, '');
      if (placeholder && template) continue;
      findings.push(finding('MLS010', placeholder ? 'information' : RULES.MLS010.defaultSeverity, 0, entry.valueSpan,
        placeholder
          ? `"${entry.key}" holds a placeholder, and ${gitState(name, f)}: the real value would be committed with it. ${fix}`
          : `"${entry.key}" has a value, and ${gitState(name, f)}: anyone with the repository has it. ${fix}`,
        { fixes }));
      continue;
    }
    for (const url of credentialUrls(text, entry.valueSpan.s, entry.valueSpan.e)) {
      findings.push(credentialUrlFinding(0, url, `in ${entry.key} (${gitState(name, f)})`));
    }
  }
  const marks = shellMarkerComments(text, 0, text.length).map(span => ({ module: 0, span }));
  return { findings: sortFindings(applySuppressions(findings, marks, [text])), askedPaths: [name] };
}
