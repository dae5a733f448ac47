/** `mlrunSecrets/vaultSources`: every azure_vault source in open documents and in the workspace's files. */
import type { VaultSource } from '../../../shared/src/protocol';
import { analyzeText, documentKind } from '../analysis/analyzeFile';
import { vaultSourcesOf } from '../analysis/python/vaults';
import type { ServerState } from '../state';
import { fileUri } from '../workspace/folders';
import { listFiles } from '../workspace/listFiles';
import { rangeOf } from './convert';
import { recordFacts, type AnalysisRecord } from './analysisRecord';
import { unitRanger } from './diskDiagnostics';
import type { WorkspaceScan } from './scanWorkspace';

export function openVaultSources(record: AnalysisRecord): VaultSource[] {
  if (record.kind !== 'python' && record.kind !== 'notebook') return [];
  return recordFacts(record).flatMap((facts, i) => {
    const m = record.modules[i];
    return vaultSourcesOf(facts).map(v => ({ uri: m.uri, range: rangeOf(m.doc, v.span), name: v.name, k8sSecret: v.k8sSecret, secrets: v.secrets }));
  });
}

export async function vaultSources(state: ServerState, scan: WorkspaceScan, records: AnalysisRecord[]): Promise<VaultSource[]> {
  const out: VaultSource[] = records.flatMap(openVaultSources);
  for (const folder of state.folders.all()) {
    if (!folder.fsPath) continue;
    const config = await state.configs.get(folder.uri, folder.fsPath);
    const { files } = await listFiles(folder.fsPath, { exclude: config.config.exclude, excludeBase: folder.fsPath });
    for (const fsPath of files) {
      const kind = documentKind(fsPath);
      const uri = fileUri(fsPath);
      if ((kind !== 'python' && kind !== 'notebook') || state.texts.has(uri) || state.notebooks.has(uri)) continue;
      const text = scan.texts.read(fsPath);
      if (!text || !text.includes('azure_vault')) continue;
      try {
        const a = analyzeText(kind, text);
        const range = unitRanger(a.units);
        a.modules.forEach((facts, module) => {
          for (const v of vaultSourcesOf(facts)) out.push({ uri, range: range(module, v.span), name: v.name, k8sSecret: v.k8sSecret, secrets: v.secrets });
        });
      } catch (e) {
        state.log(`MLRun Secrets: cannot read ${fsPath}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}
