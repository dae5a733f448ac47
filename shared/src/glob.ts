/**
 * Gitignore patterns (`.gitignore` lines, `exclude` in .mlrun-secrets.json, `--exclude`, `mlrunSecrets.exclude`)
 * compiled to matchers that run in time linear in the path, whatever the pattern: a bit-parallel simulation of the
 * pattern's automaton (globAutomaton.ts: one bit per token, no backtracking, no RegExp). Semantics follow git's (dir.c and
 * wildmatch.c): `*` and `?` and `[...]` never match `/`; `**` is special only as a leading `**` + `/`, a trailing
 * `/` + `**` or a `/**` + `/` in the middle; a pattern with a slash at the start or in the middle is relative to its base,
 * one without matches the last path component at any depth; a trailing `/` matches directories only; `!` re-includes
 * (the last matching line wins) but never below an excluded directory.
 */
import { tester, tokenize } from './globAutomaton';

/** Longest pattern compiled (git's PATH_MAX): a longer line is reported and ignored. */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * Most patterns compiled from one file or list. Each path is tested against every pattern, so the count bounds the
 * time a hostile .gitignore can cost (real ones have hundreds of lines); the lines after it are reported and ignored.
 */
export const MAX_PATTERNS = 10_000;

/** Git's default: case-insensitive where the file system usually is (core.ignorecase). */
export const DEFAULT_IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** One compiled pattern. */
export interface GlobRule {
  /** The line as written (for messages). */
  readonly pattern: string;
  readonly negative: boolean;
  readonly dirOnly: boolean;
  /** Matched against the last path component (no slash in the pattern) rather than the whole relative path. */
  readonly basename: boolean;
  readonly test: (text: string) => boolean;
}

export type CompiledLine = { rule: GlobRule } | { rule: null; problem?: string };

/**
 * Compiles one gitignore line. `rule: null` for blank lines, comments and patterns that can never match (git
 * ignores those silently); `problem` says why a line was refused (too long).
 */
export function compileLine(line: string, ignoreCase = DEFAULT_IGNORE_CASE): CompiledLine {
  if (line.length > MAX_PATTERN_LENGTH) {
    return { rule: null, problem: `a pattern of ${line.length} characters is longer than the limit of ${MAX_PATTERN_LENGTH}` };
  }
  let p = line.endsWith('\r') ? line.slice(0, -1) : line;
  // Trailing spaces are dropped unless escaped with a backslash.
  let end = p.length;
  while (end > 0 && p[end - 1] === ' ') {
    let bs = 0;
    for (let k = end - 2; k >= 0 && p[k] === '\\'; k--) bs++;
    if (bs % 2 === 1) break;
    end--;
  }
  p = p.slice(0, end);
  if (p === '' || p.startsWith('#')) return { rule: null };
  let negative = false;
  if (p.startsWith('!')) { negative = true; p = p.slice(1); }
  let dirOnly = false;
  if (p.endsWith('/') && !p.endsWith('\\/')) { dirOnly = true; p = p.slice(0, -1); }
  let anchored = false;
  if (p.startsWith('/')) { anchored = true; p = p.slice(1); }
  if (p === '') return { rule: null };
  const basename = !anchored && !p.includes('/');
  const tokens = tokenize(p, ignoreCase, !basename);
  if (!tokens || tokens.length === 0) return { rule: null };
  return { rule: { pattern: line, negative, dirOnly, basename, test: tester(tokens, ignoreCase, basename) } };
}

export interface CompiledIgnore {
  rules: GlobRule[];
  /** `source:line: problem` for each refused line. */
  problems: string[];
}

/** Compiles the lines of a .gitignore (or a list of patterns). `source` names them in problems. */
export function compileIgnore(lines: string | readonly string[], source: string, ignoreCase = DEFAULT_IGNORE_CASE): CompiledIgnore {
  let list: readonly string[];
  if (typeof lines === 'string') {
    list = (lines.charCodeAt(0) === 0xfeff ? lines.slice(1) : lines).split('\n');
  } else {
    list = lines;
  }
  const rules: GlobRule[] = [];
  const problems: string[] = [];
  // A line repeated later is decided by its last copy alone (the last match wins): earlier copies are dropped.
  const last = new Map<string, number>();
  list.forEach((line, i) => last.set(line, i));
  for (let i = 0; i < list.length; i++) {
    if (last.get(list[i]) !== i) continue;
    const c = compileLine(list[i], ignoreCase);
    if (!c.rule) {
      if (c.problem) problems.push(`${source}:${i + 1}: ${c.problem}; the line is ignored.`);
      continue;
    }
    if (rules.length === MAX_PATTERNS) {
      problems.push(`${source}:${i + 1}: more than ${MAX_PATTERNS} patterns; this line and the ones after it are ignored.`);
      break;
    }
    rules.push(c.rule);
  }
  return { rules, problems };
}

/**
 * The decision of the last rule matching `rel` itself (a `/`-separated path relative to the rules' base):
 * true excluded, false re-included, undefined when no rule matches.
 */
export function decide(rules: readonly GlobRule[], rel: string, isDir: boolean): boolean | undefined {
  let name: string | undefined;
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i];
    if (r.dirOnly && !isDir) continue;
    if (r.basename) {
      name ??= rel.slice(rel.lastIndexOf('/') + 1);
      if (!r.test(name)) continue;
    } else if (!r.test(rel)) continue;
    return !r.negative;
  }
  return undefined;
}

/** Whether `rel` or one of its parent directories is excluded (git cannot re-include below an excluded directory). */
export function ignores(rules: readonly GlobRule[], rel: string, isDir: boolean): boolean {
  if (rules.length === 0 || rel === '') return false;
  for (let i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
    if (decide(rules, rel.slice(0, i), true) === true) return true;
  }
  return decide(rules, rel, isDir) === true;
}
