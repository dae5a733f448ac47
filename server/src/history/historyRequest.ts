/**
 * `mlrunSecrets/scanHistory` in the language server: the same history scan as `mlrun-secrets-lint --history`, for
 * the repository of one workspace folder, with the folder's configuration (severities, excludes, size limit),
 * work-done progress and cancellation (either the request's or the progress's Cancel kills git).
 */
import * as path from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { maxFileBytes } from '../../../shared/src/config';
import type { HistoryLeak, ScanHistory } from '../../../shared/src/protocol';
import type { ServerState } from '../state';
import { toFsPath } from '../workspace/folders';
import { GitError } from './git';
import { scanHistory } from './scanHistory';

export async function historyRequest(state: ServerState, params: ScanHistory.Params, token: CancellationToken, progress: WorkDoneProgressServerReporter): Promise<ScanHistory.Result> {
  await state.ready;
  // A workspace folder, or a folder the user picked (the explorer's context menu): inside a workspace folder it gets
  // that folder's configuration, elsewhere the defaults.
  const fsPath = toFsPath(params.folderUri);
  if (!fsPath) throw new ResponseError(-32602, `${params.folderUri} is not a folder on disk`);
  const folder = state.folders.of(params.folderUri);
  const config = await state.configs.get(folder?.uri ?? null, folder?.fsPath ?? null);
  const abort = new AbortController();
  const cancel = (): void => abort.abort();
  const subscriptions = [token.onCancellationRequested(cancel), progress.token.onCancellationRequested(cancel)];
  progress.begin('MLRun Secrets: Scan Git History', 0, 'Listing commits…', true);
  try {
    const r = await scanHistory({
      cwd: fsPath,
      revs: params.revisions ?? [],
      config: config.config,
      maxBytes: maxFileBytes(config.config),
      minSeverity: 'hint',
      excluded: (root, p) => config.excluded(path.join(root, p)),
      signal: abort.signal,
      onProgress: (done, total) => progress.report(total ? Math.round((done / total) * 100) : 0, `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} blobs`),
    });
    const leaks: HistoryLeak[] = r.findings.map(f => ({
      commit: f.commit,
      authorDate: f.authorDate,
      path: f.path,
      range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
      rule: f.rule,
      severity: f.severity,
      key: f.key,
      message: f.message,
    }));
    state.log(`MLRun Secrets: history scan of ${r.root}: ${r.commits} commits, ${r.blobs} blobs, ${leaks.length} committed values, ${r.ms} ms`);
    return { root: r.root, commits: r.commits, blobs: r.blobs, ms: r.ms, leaks };
  } catch (e) {
    if (e instanceof GitError && e.kind === 'cancelled') throw new ResponseError(LSPErrorCodes.RequestCancelled, 'history scan cancelled');
    if (e instanceof GitError) throw new ResponseError(-32603, e.message);
    throw e;
  } finally {
    for (const s of subscriptions) s.dispose();
    progress.done();
  }
}
