/**
 * What git knows about the secrets files code names (MLS007): the server asks git itself (shared/src/gitFacts.ts,
 * as the CLI does), read-only, with argument arrays and the workspace's fsmonitor switched off — what a
 * repository's config says never runs, so this is as safe in Restricted Mode as reading the files. Answers are
 * cached briefly and dropped when watched files change.
 */
import * as path from 'node:path';
import { gitFacts, type GitFactsOptions } from '../../../shared/src/gitFacts';
import type { FileFact } from '../../../shared/src/protocol';
import { fileUri, toFsPath } from './folders';

const TTL_MS = 30_000;
/** Bound of the cache: the most recently asked paths (older answers are asked again when needed). */
const MAX_FACTS = 10_000;

const NONE: FileFact = { exists: false, trackedByGit: false, ignoredByGit: false };

export class FileFactsCache {
  /** By file URI, oldest first (Map order): at most MAX_FACTS entries. */
  private readonly facts = new Map<string, { fact: FileFact; at: number }>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly git: GitFactsOptions = {}) {}

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

  private fresh(uri: string, now: number): FileFact | undefined {
    const f = this.facts.get(uri);
    return f && now - f.at < TTL_MS ? f.fact : undefined;
  }

  /** The known fact for a path (the first candidate that exists), or undefined while unknown. */
  lookup(candidates: string[]): FileFact | undefined {
    if (candidates.length === 0) return NONE;
    const now = Date.now();
    const known = candidates.map(c => this.fresh(c, now));
    if (known.some(k => k === undefined)) return undefined;
    return known.find(k => k!.exists) ?? known[0];
  }

  /** URIs among `candidates` with no fresh fact and no question pending. */
  missing(candidates: string[]): string[] {
    const now = Date.now();
    return candidates.filter(c => !this.inFlight.has(c) && this.fresh(c, now) === undefined);
  }

  /** Asks git about `uris` (one question per repository); resolves once the answers are cached. */
  async ask(uris: string[]): Promise<void> {
    const todo = [...new Set(uris)].filter(u => !this.inFlight.has(u));
    if (todo.length === 0) return;
    for (const u of todo) this.inFlight.add(u);
    try {
      const paths = todo.map(u => [u, toFsPath(u)] as const).filter((x): x is readonly [string, string] => x[1] !== null);
      const byPath = await gitFacts(paths.map(p => p[1]), this.git);
      const byUri = new Map(paths.map(([u, p]) => [u, byPath.get(p)]));
      const at = Date.now();
      for (const u of todo) {
        this.facts.delete(u);
        this.facts.set(u, { fact: byUri.get(u) ?? NONE, at });
      }
      for (const key of this.facts.keys()) {
        if (this.facts.size <= MAX_FACTS) break;
        this.facts.delete(key);
      }
    } finally {
      for (const u of todo) this.inFlight.delete(u);
    }
  }

  clear(): void {
    this.facts.clear();
  }
}
