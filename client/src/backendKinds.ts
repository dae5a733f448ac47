/** The backend kinds and how the UI names them. Pure (no `vscode`), shared by the tree, commands and tests. */
import type { BackendKind } from '../../shared/src/protocol';

export const BACKEND_KINDS: readonly BackendKind[] = ['local', 'kubernetes', 'mlrunApi', 'azure'];

export const BACKEND_LABELS: Record<BackendKind, string> = {
  local: 'Local store',
  kubernetes: 'Kubernetes',
  mlrunApi: 'MLRun API',
  azure: 'Azure Key Vault',
};

export function isBackendKind(v: unknown): v is BackendKind {
  return typeof v === 'string' && (BACKEND_KINDS as readonly string[]).includes(v);
}
