/** Brings the analysis of an open document up to date before a request reads it (changes may be pending). */
import type { ServerState } from '../state';
import type { AnalysisRecord } from './analysisRecord';
import type { Diagnostics } from './diagnostics';

export async function freshAnalysis(state: ServerState, diagnostics: Diagnostics, uri: string): Promise<AnalysisRecord | undefined> {
  const key = state.ownerOf(uri);
  if (!state.texts.has(key) && !state.notebooks.has(key)) return undefined;
  await state.ready;
  const config = await state.configFor(key);
  const record = state.analyses.get(key);
  const current = record && !diagnostics.isDirty(key) && record.modules.every(m => {
    const live = state.texts.get(m.uri)?.doc ?? state.notebooks.get(key)?.cell(m.uri)?.text?.doc;
    return live === m.doc && live.version === m.version;
  });
  if (current) return record;
  const fresh = diagnostics.analyze(key, config.config, config.excluded);
  if (fresh) diagnostics.publish(fresh);
  return fresh;
}
