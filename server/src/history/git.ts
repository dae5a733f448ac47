/**
 * Git for the history scan: every process spawned with an argument array (never a shell), `--end-of-options`
 * before user-given revisions, and failures turned into one sentence (git missing, not a repository, a bad range).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export class GitError extends Error {
  constructor(message: string, readonly kind: 'missing' | 'notRepository' | 'badRange' | 'failed' | 'cancelled') {
    super(message);
  }
}

/** Options every history git process gets: no pager, no fsmonitor hook, no optional locks. */
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '--no-pager'];

export function spawnGit(cwd: string, args: readonly string[]): ChildProcess {
  return spawn('git', [...SAFE, ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    windowsHide: true,
  });
}

/** The first line of git's stderr, without "fatal: ". */
function gitSays(stderr: string): string {
  const line = stderr.split('\n').find(l => l.trim()) ?? '';
  return line.replace(/^(fatal|error):\s*/, '').trim();
}

export function spawnFailure(e: NodeJS.ErrnoException): GitError {
  if (e.code === 'ENOENT') return new GitError('git is not installed or not on PATH (the history scan runs git)', 'missing');
  return new GitError(`cannot run git: ${e.message}`, 'failed');
}

/** Runs git to the end and returns its stdout; throws a GitError. An abort kills the process. */
export function runGit(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(new GitError('cancelled', 'cancelled')); return; }
    const child = spawnGit(cwd, args);
    const out: Buffer[] = [];
    let err = '';
    const onAbort = (): void => { child.kill('SIGKILL'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdin!.end();
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => { if (err.length < 4096) err += b.toString('utf8'); });
    child.on('error', e => { signal?.removeEventListener('abort', onAbort); reject(spawnFailure(e)); });
    child.on('close', code => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(new GitError('cancelled', 'cancelled'));
      else if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(gitSays(err) || `git ${args[0]} exited with ${code}`, /not a git repository/i.test(err) ? 'notRepository' : 'failed'));
    });
  });
}

/** The repository's top-level folder, or a GitError that says `cwd` is not in one. */
export async function repositoryRoot(cwd: string, signal?: AbortSignal): Promise<string> {
  try {
    return (await runGit(cwd, ['rev-parse', '--show-toplevel'], signal)).toString('utf8').trim();
  } catch (e) {
    if (e instanceof GitError && e.kind === 'notRepository') throw new GitError(`${cwd} is not inside a git repository`, 'notRepository');
    throw e;
  }
}

/** True when HEAD names a commit (false in a repository without commits). */
export async function hasCommits(root: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], signal);
    return true;
  } catch (e) {
    if (e instanceof GitError && e.kind === 'failed') return false;
    throw e;
  }
}

/** Checks revision arguments before git sees them: no options smuggled in, and git must know each one. */
export async function checkRevisions(root: string, revs: readonly string[], signal?: AbortSignal): Promise<void> {
  for (const r of revs) {
    if (r === '' || r.startsWith('-') || /[\0\n]/.test(r)) throw new GitError(`"${r}" is not a revision or range (give e.g. HEAD, main..HEAD or v1.0...v2.0)`, 'badRange');
  }
  try {
    await runGit(root, ['rev-list', '--no-walk', '--end-of-options', ...revs], signal);
  } catch (e) {
    if (e instanceof GitError && e.kind === 'failed') {
      throw new GitError(`${revs.length === 1 ? `"${revs[0]}" is` : `"${revs.join(' ')}" are`} not a revision range git knows here (${e.message})`, 'badRange');
    }
    throw e;
  }
}

export type { ChildProcess };
