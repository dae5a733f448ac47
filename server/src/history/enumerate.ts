/**
 * The blobs of a history, each once: `git log --raw` (no diffs are computed, only which blob each path holds after
 * each commit), oldest commit first, so a blob is attributed to the first commit that made it. A blob held by many
 * commits appears once: a commit lists only the paths it changed. Merges are listed against their first parent, so
 * a conflict resolution's blobs are seen too.
 */
import { decodeName } from '../workspace/fsNames';
import { runGit } from './git';

export interface CommitInfo {
  hash: string;
  /** Author date, ISO 8601 with the author's offset (`%aI`). */
  authorDate: string;
}

export interface HistoryBlob {
  oid: string;
  /** Repository-relative path, `/`-separated (names that are not UTF-8 kept as fsNames.decodeName does). */
  path: string;
  commit: CommitInfo;
}

export interface Listing {
  commits: number;
  blobs: HistoryBlob[];
  /** Paths changed over all commits (before deduplication). */
  changes: number;
}

const NUL = 0;
const NULL_OID = /^0+$/;

/** Lists the blobs of `revs` that `wanted(path)` accepts, each blob once (the first commit and path it had). */
export async function listHistoryBlobs(root: string, revs: readonly string[], wanted: (path: string) => boolean, signal?: AbortSignal): Promise<Listing> {
  const out = await runGit(root, ['log', '--reverse', '--raw', '--no-abbrev', '--no-renames', '--diff-merges=first-parent', '-z', '--no-color', '--format=%x01%H %aI', '--end-of-options', ...revs, '--'], signal);
  const seen = new Set<string>();
  const blobs: HistoryBlob[] = [];
  let commit: CommitInfo | null = null;
  let commits = 0;
  let changes = 0;
  let i = 0;
  while (i < out.length) {
    let end = out.indexOf(NUL, i);
    if (end < 0) end = out.length;
    let token = out.subarray(i, end);
    i = end + 1;
    // A commit header, possibly after the newline that ends the previous commit's entries.
    while (token.length && token[0] === 10) token = token.subarray(1);
    if (token.length === 0) continue;
    if (token[0] === 1) {
      const [hash, date] = token.subarray(1).toString('utf8').trim().split(' ');
      commit = { hash, authorDate: date };
      commits++;
      continue;
    }
    if (token[0] !== 58 /* ':' */) continue;
    // ":<old mode> <new mode> <old oid> <new oid> <status>" then the path as the next token.
    const fields = token.toString('latin1').slice(1).split(' ');
    let pathEnd = out.indexOf(NUL, i);
    if (pathEnd < 0) pathEnd = out.length;
    const name = decodeName(out.subarray(i, pathEnd));
    i = pathEnd + 1;
    changes++;
    const [, mode, , oid, status] = fields;
    // Regular files only: no symbolic links (120000), no submodules (160000), nothing deleted.
    if (!commit || !mode?.startsWith('100') || !oid || NULL_OID.test(oid) || status === 'D') continue;
    if (seen.has(oid) || !wanted(name)) continue;
    seen.add(oid);
    blobs.push({ oid, path: name, commit });
  }
  return { commits, blobs, changes };
}
