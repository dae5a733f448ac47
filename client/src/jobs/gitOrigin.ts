/**
 * The git part of `code_origin` (MLRun's `add_code_metadata`, §11.2): `"<first remote URL>#<HEAD sha>"` when the
 * file's folder is inside a git repository that has a remote and a commit, else nothing. The remote is the first
 * `remote.<name>.url` in configuration order (what GitPython's `repo.remotes[0]` gives).
 *
 * One deliberate difference from MLRun: credentials embedded in an http(s) remote URL (`https://user:token@host/…`)
 * are removed, since the function object is stored on the server and shown in its UI.
 */
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';

export type RunGit = (args: string[], cwd: string) => Promise<string | undefined>;

/** Runs git with an argument array; undefined when git is missing or fails. */
export const runGit: RunGit = (args, cwd) =>
  new Promise(resolve => {
    execFile('git', args, { cwd, timeout: 5000, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      resolve(error ? undefined : stdout);
    });
  });

/** An http(s) URL without its `user:password@` part; other remote forms (scp-like `git@host:path`) unchanged. */
export function withoutCredentials(url: string): string {
  if (!/^https?:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

export async function gitOrigin(file: string, git: RunGit = runGit): Promise<string | undefined> {
  const cwd = dirname(file);
  const remotes = await git(['config', '--get-regexp', '^remote\\..*\\.url$'], cwd);
  const first = remotes?.split('\n').map(l => l.trim()).find(Boolean);
  if (!first) return undefined;
  const url = first.slice(first.indexOf(' ') + 1).trim();
  if (!url || first.indexOf(' ') < 0) return undefined;
  const head = (await git(['rev-parse', '--verify', '-q', 'HEAD'], cwd))?.trim();
  if (!head || !/^[0-9a-f]{40,64}$/.test(head)) return undefined;
  return `${withoutCredentials(url)}#${head}`;
}
