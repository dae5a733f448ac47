/**
 * The files the analyzer reads under a folder (the kinds of shared/src/fileKinds.ts), respecting `.gitignore`
 * (through `git ls-files` inside a repository, else by reading every .gitignore on the way down) and the
 * configured excludes. Virtual environments, caches and notebook checkpoints are always skipped. Names that are
 * not valid UTF-8 are kept (fsNames.ts); symbolic links and other non-directories (FIFOs, devices) are listed:
 * reading decides whether to follow or refuse them.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentKind } from '../../../shared/src/fileKinds';
import { findRepoRoot, GIT_READ_ONLY_ARGS } from '../../../shared/src/gitFacts';
import { compileIgnore, decide, ignores, type GlobRule } from '../../../shared/src/glob';
import { decodeName, displayPath, fsPath } from './fsNames';
import { describeFailure, RegularFileReader, utf8Text } from './regularFile';

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
  /** Directories that could not be read. */
  errors: string[];
  /** .gitignore files or lines not applied (the files they name are listed). */
  warnings: string[];
}

/** Largest .gitignore read: far above real ones, small enough that matching every path against it stays quick. */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * A predicate for the configured excludes (paths outside `base` are never excluded). The patterns were checked
 * where they were read (config.ts, the CLI's arguments): one over the length limit is left out here.
 */
export function excludeMatcher(patterns: readonly string[] | undefined, base: string | undefined): (abs: string, isDir?: boolean) => boolean {
  if (!patterns || patterns.length === 0 || !base) return () => false;
  const { rules } = compileIgnore(patterns, 'exclude');
  return (abs, isDir = false) => {
    const rel = path.relative(base, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return ignores(rules, toPosix(rel), isDir);
  };
}

/** The patterns of a .gitignore file; unreadable or refused parts are reported in `warnings`. */
function readGitignore(reader: RegularFileReader, file: string, root: string, warnings: string[]): GlobRule[] {
  const r = reader.read(file, { maxBytes: MAX_GITIGNORE_BYTES, root });
  if (!r.ok) {
    if (!(r.kind === 'error' && r.code === 'ENOENT')) warnings.push(`${displayPath(file)}: not applied: ${describeFailure(r)}.`);
    return [];
  }
  const compiled = compileIgnore(utf8Text(r.bytes), displayPath(file));
  warnings.push(...compiled.problems);
  return compiled.rules;
}

/** Directory entries, with names that are not valid UTF-8 kept losslessly (Node would replace their bytes). */
async function readDir(dir: string, sync: boolean): Promise<{ name: string; dirent: fs.Dirent<string | Buffer> }[]> {
  const p = fsPath(dir);
  const entries = sync ? fs.readdirSync(p, { withFileTypes: true }) : await fs.promises.readdir(p, { withFileTypes: true });
  if (!entries.some(e => e.name.includes('\ufffd'))) return entries.map(e => ({ name: e.name, dirent: e }));
  const raw = sync ? fs.readdirSync(p, { withFileTypes: true, encoding: 'buffer' }) : await fs.promises.readdir(p, { withFileTypes: true, encoding: 'buffer' });
  return raw.map(e => ({ name: decodeName(e.name), dirent: e }));
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

/** `git ls-files -z` names: bytes, decoded one by one only when the whole list is not valid UTF-8. */
function splitNames(out: Buffer): string[] {
  const text = out.toString('utf8');
  if (!text.includes('\ufffd')) return text.split('\0').filter(s => s !== '');
  const names: string[] = [];
  for (let start = 0; start < out.length;) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    if (end > start) names.push(decodeName(out.subarray(start, end)));
    start = end + 1;
  }
  return names;
}

/** Undefined when git fails (also for a repository path that is not valid UTF-8, which no argument can carry). */
function gitList(repo: string, dirRel: string): Promise<string[] | undefined> {
  return new Promise(resolve => {
    execFile('git', [...GIT_READ_ONLY_ARGS, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', dirRel || '.'],
      { cwd: repo, maxBuffer: 512 * 1024 * 1024, encoding: 'buffer', windowsHide: true },
      (err, stdout) => resolve(err ? undefined : splitNames(stdout)));
  });
}

async function walk(root: string, excluded: (abs: string, isDir?: boolean) => boolean, isCancelled: () => boolean, result: ListResult, sync: boolean): Promise<void> {
  // Each directory carries the .gitignore rules of its ancestors (each relative to the directory that holds it);
  // the last matching rule decides, deeper files after their ancestors, as in git.
  const reader = new RegularFileReader();
  const stack: { dir: string; rules: { base: string; rules: GlobRule[] }[] }[] = [{ dir: root, rules: [] }];
  while (stack.length) {
    if (isCancelled()) return;
    const { dir, rules } = stack.pop()!;
    let entries: Awaited<ReturnType<typeof readDir>>;
    try {
      entries = await readDir(dir, sync);
    } catch (e) {
      result.errors.push(`${displayPath(dir)}: ${describeFailure({ kind: 'error', code: (e as NodeJS.ErrnoException).code ?? 'EIO' })}`);
      continue;
    }
    if (dir !== root && entries.some(e => e.name === 'pyvenv.cfg' && e.dirent.isFile())) continue;
    let here = rules;
    const gitignore = entries.find(e => e.name === '.gitignore' && (e.dirent.isFile() || e.dirent.isSymbolicLink()));
    if (gitignore) {
      const read = readGitignore(reader, dir + path.sep + '.gitignore', root, result.warnings);
      if (read.length) here = [...rules, { base: dir, rules: read }];
    }
    const ignored = (abs: string, isDir: boolean): boolean => {
      for (let k = here.length - 1; k >= 0; k--) {
        const d = decide(here[k].rules, toPosix(abs.slice(here[k].base.length + 1)), isDir);
        if (d !== undefined) return d;
      }
      return false;
    };
    for (const { name, dirent: e } of entries) {
      // Concatenation, not path.join: `dir` is already normalised, and join's normalisation adds up over many files.
      const abs = dir + path.sep + name;
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || ignored(abs, true) || excluded(abs, true)) continue;
        stack.push({ dir: abs, rules: here });
      } else if (documentKind(name) && !ignored(abs, false) && !excluded(abs)) {
        // FIFOs, sockets and devices too: reading refuses them with a reason (MLS012), never silently.
        result.files.push(abs);
      }
    }
  }
}

/**
 * Whether the .gitignore files between the repository root and `dir` ignore `dir` (read without running git: a
 * folder asked for explicitly that git ignores is then read like a folder outside git).
 */
function ignoredByGitignoreFiles(repo: string, dir: string, warnings: string[]): boolean {
  const rel = toPosix(path.relative(repo, dir));
  if (!rel || rel.startsWith('..')) return false;
  const parts = rel.split('/');
  const reader = new RegularFileReader();
  for (let i = 0; i < parts.length; i++) {
    const base = path.join(repo, ...parts.slice(0, i));
    const rules = readGitignore(reader, path.join(base, '.gitignore'), repo, warnings);
    // The directory itself or any ancestor below `base` being ignored ignores it.
    if (rules.length && ignores(rules, parts.slice(i).join('/'), true)) return true;
  }
  return false;
}

/** Lists the analysable files under `root` (a directory), sorted. */
export async function listFiles(root: string, options: ListOptions = {}): Promise<ListResult> {
  const result: ListResult = { files: [], errors: [], warnings: [] };
  const excluded = excludeMatcher(options.exclude, options.excludeBase);
  const isCancelled = options.isCancelled ?? (() => false);
  const abs = path.resolve(root);
  const repo = options.useGit === false ? undefined : findRepoRoot(abs);
  let listed: string[] | undefined;
  if (repo && !ignoredByGitignoreFiles(repo, abs, result.warnings)) {
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
