/**
 * The files the analyzer reads under a folder: Python, notebooks, Markdown and YAML, respecting `.gitignore`
 * (through `git ls-files` inside a repository, else by reading every .gitignore on the way down) and the
 * configured excludes. Virtual environments, caches and notebook checkpoints are always skipped.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { findRepoRoot, GIT_READ_ONLY_ARGS } from '../../../shared/src/gitFacts';
import { documentKind } from '../analysis/analyzeFile';

/** Directory names never worth reading. */
export const SKIPPED_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', '.ipynb_checkpoints', 'site-packages', 'dist-packages',
  '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.venv', '.vscode-test',
]);

export interface ListOptions {
  /** Gitignore-syntax patterns relative to `excludeBase`. */
  exclude?: readonly string[];
  excludeBase?: string;
  /** Use `git ls-files` inside repositories (default true). */
  useGit?: boolean;
  isCancelled?: () => boolean;
  /** Read directories synchronously (the CLI: faster when nothing else runs). */
  sync?: boolean;
}

export interface ListResult {
  files: string[];
  errors: string[];
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A predicate for the configured excludes (paths outside `base` are never excluded). */
export function excludeMatcher(patterns: readonly string[] | undefined, base: string | undefined): (abs: string, isDir?: boolean) => boolean {
  if (!patterns || patterns.length === 0 || !base) return () => false;
  const ig = ignore().add([...patterns]);
  return (abs, isDir = false) => {
    const rel = path.relative(base, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return ig.ignores(toPosix(rel) + (isDir ? '/' : ''));
  };
}

function inSkippedDir(rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (SKIPPED_DIRS.has(parts[i])) return true;
  return false;
}

function gitIgnores(repo: string, dirRel: string): Promise<boolean> {
  return new Promise(resolve => {
    execFile('git', [...GIT_READ_ONLY_ARGS, 'check-ignore', '-q', '--', `${dirRel}/`], { cwd: repo, windowsHide: true }, err => resolve(!err));
  });
}

function gitList(repo: string, dirRel: string): Promise<string[] | undefined> {
  return new Promise(resolve => {
    execFile('git', [...GIT_READ_ONLY_ARGS, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', dirRel || '.'],
      { cwd: repo, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (err, stdout) => resolve(err ? undefined : stdout.split('\0').filter(s => s !== '')));
  });
}

async function walk(root: string, excluded: (abs: string, isDir?: boolean) => boolean, isCancelled: () => boolean, result: ListResult, sync: boolean): Promise<void> {
  // Each directory carries the .gitignore rules of its ancestors (each relative to the directory that holds it).
  const stack: { dir: string; rules: { base: string; ig: Ignore }[] }[] = [{ dir: root, rules: [] }];
  while (stack.length) {
    if (isCancelled()) return;
    const { dir, rules } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = sync ? fs.readdirSync(dir, { withFileTypes: true }) : await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      result.errors.push(`${dir}: ${(e as Error).message}`);
      continue;
    }
    if (entries.some(e => e.name === 'pyvenv.cfg' && e.isFile()) && dir !== root) continue;
    let here = rules;
    if (entries.some(e => e.name === '.gitignore' && e.isFile())) {
      try {
        const gitignore = path.join(dir, '.gitignore');
        here = [...rules, { base: dir, ig: ignore().add(sync ? fs.readFileSync(gitignore, 'utf8') : await fs.promises.readFile(gitignore, 'utf8')) }];
      } catch {
        // unreadable .gitignore: keep the inherited rules
      }
    }
    const ignored = (abs: string, isDir: boolean): boolean => here.some(r => {
      const rel = toPosix(path.relative(r.base, abs));
      return rel !== '' && r.ig.ignores(rel + (isDir ? '/' : ''));
    });
    for (const e of entries) {
      // Concatenation, not path.join: `dir` is already normalised, and join's normalisation adds up over many files.
      const abs = dir + path.sep + e.name;
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name) || ignored(abs, true) || excluded(abs, true)) continue;
        stack.push({ dir: abs, rules: here });
      } else if (e.isFile() && documentKind(e.name) && !ignored(abs, false) && !excluded(abs)) {
        result.files.push(abs);
      }
    }
  }
}

/**
 * Whether the .gitignore files between the repository root and `dir` ignore `dir` (read without running git: a
 * folder asked for explicitly that git ignores is then read like a folder outside git).
 */
function ignoredByGitignoreFiles(repo: string, dir: string): boolean {
  const rel = toPosix(path.relative(repo, dir));
  if (!rel || rel.startsWith('..')) return false;
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const base = path.join(repo, ...parts.slice(0, i));
    let text: string;
    try {
      text = fs.readFileSync(path.join(base, '.gitignore'), 'utf8');
    } catch {
      continue;
    }
    const ig = ignore().add(text);
    // The directory itself or any ancestor below `base` being ignored ignores it.
    for (let j = i + 1; j <= parts.length; j++) {
      if (ig.ignores(`${parts.slice(i, j).join('/')}/`)) return true;
    }
  }
  return false;
}

/** Lists the analysable files under `root` (a directory), sorted. */
export async function listFiles(root: string, options: ListOptions = {}): Promise<ListResult> {
  const result: ListResult = { files: [], errors: [] };
  const excluded = excludeMatcher(options.exclude, options.excludeBase);
  const isCancelled = options.isCancelled ?? (() => false);
  const abs = path.resolve(root);
  const repo = options.useGit === false ? undefined : findRepoRoot(abs);
  let listed: string[] | undefined;
  if (repo && !ignoredByGitignoreFiles(repo, abs)) {
    const dirRel = toPosix(path.relative(repo, abs));
    listed = await gitList(repo, dirRel);
    // A folder that git itself ignores but that was asked for explicitly is read like a folder outside git.
    if (listed && listed.length === 0 && dirRel !== '' && await gitIgnores(repo, dirRel)) listed = undefined;
    if (listed) {
      for (const rel of listed) {
        if (!documentKind(rel) || inSkippedDir(rel)) continue;
        const file = path.join(repo, ...rel.split('/'));
        if (!excluded(file)) result.files.push(file);
      }
    }
  }
  if (!listed) await walk(abs, excluded, isCancelled, result, options.sync === true);
  result.files.sort();
  return result;
}
