/**
 * What git knows about paths: `{ exists, trackedByGit, ignoredByGit }` (for MLS007: the language server and the CLI each ask).
 * One call asks each repository once: `git ls-files` for what is tracked and `git check-ignore --stdin` for what
 * .gitignore (and .git/info/exclude, core.excludesFile) ignores. Processes are spawned with argument arrays.
 *
 * `ignoredByGit` is the pattern match (`--no-index`), so a tracked file that .gitignore lists is both tracked and
 * ignored — worth telling the user (`git rm --cached`). Outside a repository, and when git is missing, both are false.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFact } from './protocol';

/**
 * Options every git call starts with. A workspace's own `.git/config` may name an `fsmonitor` program that git
 * would run for index reads; these calls only read, so it is switched off (what a repository says never runs).
 */
export const GIT_READ_ONLY_ARGS: readonly string[] = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off'];

export interface GitFactsOptions {
  /** The git executable (default `git` on PATH). */
  git?: string;
  /** Upper bound for each git invocation, in milliseconds (default 20 s). */
  timeoutMs?: number;
}

/** The working-tree root holding `p` (a directory containing `.git`), or undefined. Pure file-system walk. */
export function findRepoRoot(p: string): string | undefined {
  let dir = path.resolve(p);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function run(git: string, args: string[], cwd: string, input: string | undefined, timeoutMs: number): Promise<{ code: number; stdout: string }> {
  return new Promise(resolve => {
    const child = execFile(git, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (err, stdout) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout: stdout ?? '' });
      });
    child.on('error', () => { /* reported through the callback */ });
    if (input !== undefined) child.stdin?.end(input);
  });
}

function toGitPath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** Facts for absolute paths. Missing files get `{ exists: false, trackedByGit: false, ignoredByGit: false }`. */
export async function gitFacts(paths: readonly string[], options: GitFactsOptions = {}): Promise<Map<string, FileFact>> {
  const git = options.git ?? 'git';
  const timeoutMs = options.timeoutMs ?? 20_000;
  const result = new Map<string, FileFact>();
  const byRepo = new Map<string, string[]>();
  for (const p of new Set(paths)) {
    const abs = path.resolve(p);
    let exists: boolean;
    try {
      exists = fs.statSync(abs).isFile();
    } catch {
      exists = false;
    }
    result.set(p, { exists, trackedByGit: false, ignoredByGit: false });
    const root = findRepoRoot(path.dirname(abs));
    if (!root) continue;
    const list = byRepo.get(root) ?? [];
    list.push(p);
    byRepo.set(root, list);
  }
  await Promise.all([...byRepo].map(async ([root, members]) => {
    const rel = new Map<string, string>(members.map(m => [toGitPath(root, path.resolve(m)), m]));
    const relPaths = [...rel.keys()].filter(r => r !== '' && !r.startsWith('../'));
    if (relPaths.length === 0) return;
    const [tracked, ignored] = await Promise.all([
      run(git, [...GIT_READ_ONLY_ARGS, 'ls-files', '-z', '--cached', '--full-name', '--', ...relPaths.map(r => `:(literal)${r}`)], root, undefined, timeoutMs),
      run(git, [...GIT_READ_ONLY_ARGS, 'check-ignore', '--no-index', '--stdin', '-z'], root, relPaths.join('\0') + '\0', timeoutMs),
    ]);
    if (tracked.code === 0) {
      for (const r of tracked.stdout.split('\0')) {
        const m = rel.get(r);
        if (m !== undefined) result.get(m)!.trackedByGit = true;
      }
    }
    // check-ignore exits 1 when nothing is ignored; 0 when something is.
    if (ignored.code === 0) {
      for (const r of ignored.stdout.split('\0')) {
        const m = rel.get(r);
        if (m !== undefined) result.get(m)!.ignoredByGit = true;
      }
    }
  }));
  return result;
}
