/**
 * What `mlrunSecrets.runJob` accepts as its argument:
 *   - `{ uri, handler }` — from the language server's CodeLens (`uri` a string or a `vscode.Uri`);
 *   - a tree node with a `project` string (and optionally `backend`) — from a project node's menu;
 *   - a `vscode.Uri` of a Python file (explorer/editor);
 *   - nothing — from the palette (the active Python editor, else a file picker).
 */
import * as vscode from 'vscode';
import type { BackendKind } from '../../../../shared/src/protocol';

export interface RunJobArgs {
  uri?: vscode.Uri;
  handler?: string;
  project?: string;
  backend?: BackendKind;
}

function toUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v) {
    try {
      return vscode.Uri.parse(v, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function parseRunJobArgs(arg: unknown): RunJobArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  const out: RunJobArgs = {};
  const uri = toUri(a.uri);
  if (uri) out.uri = uri;
  if (typeof a.handler === 'string' && a.handler) out.handler = a.handler;
  if (typeof a.project === 'string' && a.project) out.project = a.project;
  if (typeof a.backend === 'string' && ['local', 'kubernetes', 'mlrunApi', 'azure'].includes(a.backend)) out.backend = a.backend as BackendKind;
  return out;
}
