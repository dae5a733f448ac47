/**
 * Hover on a secret key (`get_secret("K")`, `get_secret_or_env("K")`, `with_secrets("kubernetes", ["K"])`):
 * which backend and project hold it — and never its value ("value hidden") — and the variable job pods get, named
 * for the MLRun version the client detected (`podEnv` of `mlrunSecrets/projectKeys`; unknown: both names), with the
 * warning that applies to that version (keys differing in case up to 1.7, pod variables a key replaces from 1.8).
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { collidesWith, envNamesText, podVariableProblem, projectSecretName, validateSecretKey, type EnvNaming } from '../../../shared/src/mlrun';
import type { BackendKind } from '../../../shared/src/protocol';
import type { ServerState } from '../state';
import { rangeOf } from './convert';
import { keyAtPosition } from './keyLookup';

const BACKENDS: Record<BackendKind, (project: string) => string> = {
  kubernetes: p => `Kubernetes (Secret \`${projectSecretName(p)}\`)`,
  mlrunApi: () => 'the MLRun API',
  local: () => 'the local store (this machine, for local runs)',
  azure: () => 'Azure Key Vault',
};

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

export function hover(state: ServerState, params: HoverParams): Hover | null {
  const hit = keyAtPosition(state, params.textDocument.uri, params.position);
  if (!hit) return null;
  const lines: string[] = [`**${code(hit.key)}** — MLRun project secret`, ''];
  const p = state.projectParams(params.textDocument.uri);
  const invalid = validateSecretKey(hit.key);
  if (invalid) {
    lines.push(`Not a valid MLRun secret key: ${invalid}`);
  } else if (!p) {
    lines.push('No MLRun project is selected for this folder: select one in the MLRun Secrets view to see where this key is stored.');
  } else {
    const where = (BACKENDS[p.backend] ?? (() => p.backend))(p.project);
    if (p.keys === null) lines.push(`Project **${p.project}** on ${where} — its keys are not loaded yet.`);
    else if (p.keys.includes(hit.key)) lines.push(`Stored in project **${p.project}** on ${where} — value hidden.`);
    else lines.push(`Not a secret of project **${p.project}** on ${where}. Create it with *MLRun Secrets: Set Secret…*.`);
  }
  if (!invalid) {
    const naming: EnvNaming = p?.podEnv?.naming ?? 'both';
    const version = p?.podEnv?.version ? ` (MLRun ${p.podEnv.version})` : '';
    lines.push('', `In job pods${version}: environment variable ${envNamesText(hit.key, naming, code)}.`);
    const twins = p?.keys ? collidesWith(hit.key, p.keys, naming) : [];
    if (twins.length) lines.push('', `**Warning:** differs only in case from ${twins.map(code).join(', ')}: up to MLRun 1.7 both become the same variable, and only one value reaches the job.`);
    const shadow = podVariableProblem(hit.key, naming);
    if (shadow) lines.push('', `**Warning:** ${shadow}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: rangeOf(hit.doc, { s: hit.s, e: hit.e }) };
}
