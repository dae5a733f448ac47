/**
 * The two argument shapes of Set Secret…, made explicit (pure; no `vscode`):
 * - a tree node it ran on: something with a `scope` (backend, project, vault, cluster), or a key node, whose key
 *   is preset (changing an existing secret's value);
 * - a request from another command (Run Job's pre-flight): `{ backend, project, key?, vault? }`.
 * Anything else (the palette, or an argument of neither shape) asks for everything.
 */
import { validateSecretKey } from '../../../../shared/src/mlrun';
import type { BackendKind } from '../../../../shared/src/protocol';
import { isBackendKind } from '../../backendKinds';
import type { NodeScope } from '../../services';

/** What Run Job's pre-flight passes for each missing key. */
export interface SetSecretRequest {
  backend: BackendKind;
  project: string;
  key?: string;
  vault?: string;
}

/** A tree node's part Set Secret… uses: its scope, and the key when it is a key node. */
export interface SetSecretNode {
  readonly scope: NodeScope;
  readonly key?: string;
}

export type SetSecretInput =
  | { readonly from: 'palette' }
  | { readonly from: 'node'; readonly scope: NodeScope; readonly key?: string }
  | { readonly from: 'request'; readonly scope: NodeScope & { backend: BackendKind; project: string }; readonly key?: string };

/** A request's fields checked (an unknown backend, a non-string project or an unusable key: not a request). */
export function parseSetSecretRequest(arg: unknown): SetSecretRequest | undefined {
  if (!arg || typeof arg !== 'object' || 'scope' in arg) return undefined;
  const a = arg as Partial<Record<keyof SetSecretRequest, unknown>>;
  if (typeof a.project !== 'string' || !isBackendKind(a.backend)) return undefined;
  if (a.key !== undefined && (typeof a.key !== 'string' || validateSecretKey(a.key) !== undefined)) return undefined;
  if (a.vault !== undefined && typeof a.vault !== 'string') return undefined;
  return { backend: a.backend, project: a.project, ...(a.key !== undefined ? { key: a.key } : {}), ...(a.vault !== undefined ? { vault: a.vault } : {}) };
}

/** Which of the shapes `arg` is; `node` is the tree node when the caller recognised one (a key node: with its key). */
export function setSecretInput(arg: unknown, node: SetSecretNode | undefined): SetSecretInput {
  if (node) return { from: 'node', scope: node.scope, ...(node.key !== undefined ? { key: node.key } : {}) };
  const request = parseSetSecretRequest(arg);
  if (request) {
    return { from: 'request', scope: { backend: request.backend, project: request.project, ...(request.vault ? { vault: request.vault } : {}) }, ...(request.key !== undefined ? { key: request.key } : {}) };
  }
  return { from: 'palette' };
}
