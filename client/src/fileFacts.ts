/**
 * Answers the language server's `mlrunSecrets/fileFacts` (does a path exist, is it tracked or ignored by git) for
 * MLS007. git runs read-only with the workspace's fsmonitor switched off (shared/src/gitFacts.ts).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { gitFacts } from '../../shared/src/gitFacts';
import { FileFacts, type FileFact } from '../../shared/src/protocol';
import type { LanguageServer } from './languageServer';

const NONE: FileFact = { exists: false, trackedByGit: false, ignoredByGit: false };

export async function answerFileFacts(uris: readonly string[]): Promise<FileFacts.Result> {
  const paths = new Map<string, string>();
  for (const u of uris) {
    try {
      const uri = vscode.Uri.parse(u, true);
      if (uri.scheme === 'file') paths.set(u, uri.fsPath);
    } catch {
      // not a URI: no facts
    }
  }
  const facts = await gitFacts([...paths.values()]);
  const answer: FileFacts.Result = {};
  for (const u of uris) {
    const p = paths.get(u);
    answer[u] = p ? facts.get(p) ?? { ...NONE, exists: fs.existsSync(p) } : NONE;
  }
  return answer;
}

export function registerFileFacts(server: LanguageServer): void {
  server.onClient(client => {
    client.onRequest(FileFacts.type, params => answerFileFacts(params.uris ?? []));
  });
}
