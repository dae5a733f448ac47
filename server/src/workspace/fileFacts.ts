/**
 * What git knows about the secrets files code names (MLS007). The server asks the client
 * (`mlrunSecrets/fileFacts`); when the client does not answer that request (another editor over --stdio), it asks
 * git itself for `file:` paths. Answers are cached briefly and dropped when watched files change.
 */
import * as path from 'node:path';
import { gitFacts } from '../../../shared/src/gitFacts';
import type { FileFact } from '../../../shared/src/protocol';
import { fileUri, toFsPath } from './folders';

export type AskClient = (uris: string[]) => Promise<Record<string, FileFact> | undefined>;

const TTL_MS = 30_000;

export class FileFactsCache {
  private readonly facts = new Map<string, { fact: FileFact; at: number }>();
  private readonly inFlight = new Set<string>();
  private clientAnswers = true;

  constructor(private readonly askClient: AskClient) {}

  /** Candidate URIs for a path written in code: absolute as is; relative to the document's folder, then the workspace folder. */
  static candidates(p: string, docFsPath: string | null, folderFsPath: string | null): string[] {
    try {
      if (path.isAbsolute(p)) return [fileUri(p)];
      const roots = [docFsPath ? path.dirname(docFsPath) : null, folderFsPath].filter((r): r is string => !!r);
      return [...new Set(roots.map(r => fileUri(path.resolve(r, p))))];
    } catch {
      return []; // not expressible as a file URI
    }
  }

  /** The known fact for a path (the first candidate that exists), or undefined while unknown. */
  lookup(candidates: string[]): FileFact | undefined {
    if (candidates.length === 0) return { exists: false, trackedByGit: false, ignoredByGit: false };
    const now = Date.now();
    const known = candidates.map(c => {
      const f = this.facts.get(c);
      return f && now - f.at < TTL_MS ? f.fact : undefined;
    });
    if (known.some(k => k === undefined)) return undefined;
    return known.find(k => k!.exists) ?? known[0];
  }

  /** URIs among `candidates` with no fresh fact and no question pending. */
  missing(candidates: string[]): string[] {
    const now = Date.now();
    return candidates.filter(c => !this.inFlight.has(c) && !(this.facts.has(c) && now - this.facts.get(c)!.at < TTL_MS));
  }

  /** Asks about `uris` (one question); resolves once the answers are cached. */
  async ask(uris: string[]): Promise<void> {
    const todo = [...new Set(uris)].filter(u => !this.inFlight.has(u));
    if (todo.length === 0) return;
    for (const u of todo) this.inFlight.add(u);
    try {
      let answer: Record<string, FileFact> | undefined;
      if (this.clientAnswers) {
        try {
          answer = await this.askClient(todo);
        } catch {
          this.clientAnswers = false;
        }
      }
      if (!answer) {
        const paths = todo.map(u => [u, toFsPath(u)] as const).filter((x): x is readonly [string, string] => x[1] !== null);
        const byPath = await gitFacts(paths.map(p => p[1]));
        answer = {};
        for (const [u, p] of paths) answer[u] = byPath.get(p) ?? { exists: false, trackedByGit: false, ignoredByGit: false };
      }
      const at = Date.now();
      for (const u of todo) {
        const f = answer[u];
        this.facts.set(u, { fact: f && typeof f === 'object' ? { exists: !!f.exists, trackedByGit: !!f.trackedByGit, ignoredByGit: !!f.ignoredByGit } : { exists: false, trackedByGit: false, ignoredByGit: false }, at });
      }
    } finally {
      for (const u of todo) this.inFlight.delete(u);
    }
  }

  clear(): void {
    this.facts.clear();
  }
}
