/** Wires the key usage features to the connection (server.ts calls this once). */
import { KeyReferences, KeyUsages, KeyUsagesChanged } from '../../../shared/src/protocol';
import type { Diagnostics } from '../features/diagnostics';
import { freshAnalysis } from '../features/fresh';
import type { ServerState } from '../state';
import { keyReferences, keyUsages } from './queries';
import { prepareRename, references, rename } from './references';
import type { WorkspaceUsages } from './workspaceUsages';

/** Changes within this many milliseconds become one `keyUsagesChanged` (typing must not redraw the tree per key). */
const NOTIFY_DELAY_MS = 250;

export function registerKeyUsage(state: ServerState, diagnostics: Diagnostics, usages: WorkspaceUsages): void {
  const c = state.connection;
  let timer: NodeJS.Timeout | undefined;
  usages.index.onDidChange(() => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void c.sendNotification(KeyUsagesChanged.type, {});
    }, NOTIFY_DELAY_MS);
  });
  const fresh = async (uri: string): Promise<void> => {
    await freshAnalysis(state, diagnostics, uri);
    await usages.ready();
  };
  c.onRequest(KeyUsages.type, params => keyUsages(state, usages, params));
  c.onRequest(KeyReferences.type, params => keyReferences(state, usages, params));
  c.onReferences(async params => {
    await fresh(params.textDocument.uri);
    return references(state, usages, params);
  });
  c.onPrepareRename(async params => {
    await fresh(params.textDocument.uri);
    return prepareRename(state, usages, params);
  });
  c.onRenameRequest(async params => {
    await fresh(params.textDocument.uri);
    return rename(state, usages, params);
  });
  c.onShutdown(() => { if (timer) clearTimeout(timer); });
}
