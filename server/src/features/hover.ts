/**
 * Hover on a secret key (`get_secret("K")`, `get_secret_or_env("K")`, `with_secrets("kubernetes", ["K"])`):
 * which backend and project hold it — and never its value ("value hidden").
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { envNameForKey, projectSecretName, validateSecretKey } from '../../../shared/src/mlrun';
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
  if (!invalid) lines.push('', `In job pods: environment variable ${code(envNameForKey(hit.key))}.`);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: rangeOf(hit.doc, { s: hit.s, e: hit.e }) };
}
