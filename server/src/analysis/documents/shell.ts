/**
 * Shell command lines that give the MLRun CLI secret sources: `mlrun run … --secrets kind=source` and
 * `mlrun project … -s kind=source` (also `python -m mlrun …`). Only `run` and `project` take `--secrets` / `-s`
 * (in `build`, `deploy`, `get` and `watch-stream`, `-s` is the source, a selector or a shard). MLRun splits each
 * value at its first `=` into the kind and the source (`line2keylist` in `mlrun/__main__.py`, which also expands
 * environment variables in the source).
 *
 * Words are read as a POSIX shell reads them (quotes, backslashes, `#` comments, `;` `&&` `||` `|` `&` and line
 * ends between commands, backslash-newline continuations) with the offset of every character, so that a finding
 * points at the exact characters of the text.
 */
import type { Span } from '../findings';

export interface CliSecret {
  /** The option value (`env=A,B`) as the shell passes it, and where its characters are. */
  value: string;
  span: Span;
  kind: string;
  kindSpan: Span;
  source: string;
  sourceSpan: Span;
  /** The source holds `$…` or `{…}` that the shell (or IPython) expands: its content is not known. */
  expanded: boolean;
}

interface Word {
  text: string;
  /** Offset in the document of each character of `text`. */
  at: number[];
  /** Holds an unquoted or double-quoted `$`, or (IPython) a `{`. */
  expands: boolean;
}

export interface ShellOptions {
  /** Line ends inside the range are spaces (a YAML folded scalar), not command separators. */
  foldLines?: boolean;
  /** IPython `!` lines: `{expr}` is expanded too. */
  ipython?: boolean;
}

const WRAPPERS = new Set(['sudo', 'env', 'time', 'nohup', 'exec', 'command', 'nice']);
const RUNNERS = new Set(['poetry', 'pipenv', 'uv', 'pdm', 'hatch', 'rye']);
const SECRET_COMMANDS = new Set(['run', 'project']);

/** Splits text[from, to) into commands, each a list of words. */
function commands(text: string, from: number, to: number, options: ShellOptions): Word[][] {
  const out: Word[][] = [];
  let cmd: Word[] = [];
  let word: Word | null = null;
  const endWord = (): void => {
    if (word) cmd.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    if (cmd.length) out.push(cmd);
    cmd = [];
  };
  const add = (ch: string, at: number): void => {
    word ??= { text: '', at: [], expands: false };
    word.text += ch;
    word.at.push(at);
  };
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '\\') {
      const d = text[i + 1];
      if (d === '\n' || d === '\r') { i += d === '\r' && text[i + 2] === '\n' ? 3 : 2; continue; }
      if (i + 1 < to) add(d, i + 1);
      i += 2;
      continue;
    }
    if (c === "'") {
      word ??= { text: '', at: [], expands: false };
      let j = i + 1;
      while (j < to && text[j] !== "'") add(text[j], j++);
      i = j + 1;
      continue;
    }
    if (c === '"') {
      word ??= { text: '', at: [], expands: false };
      let j = i + 1;
      while (j < to && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < to && '"\\$`'.includes(text[j + 1])) j++;
        else if (text[j] === '$' || text[j] === '`' || (options.ipython && text[j] === '{')) word.expands = true;
        add(text[j], j++);
      }
      i = j + 1;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (options.foldLines) endWord();
      else endCommand();
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') { endWord(); i++; continue; }
    if (c === '#' && !word) {
      while (i < to && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') { endCommand(); i++; continue; }
    if (c === '$' || c === '`' || (options.ipython && c === '{')) (word ??= { text: '', at: [], expands: false }).expands = true;
    add(c, i);
    i++;
  }
  endCommand();
  return out;
}

function baseName(w: string): string {
  return w.slice(Math.max(w.lastIndexOf('/'), w.lastIndexOf('\\')) + 1).toLowerCase();
}

/** Index of the word after `mlrun` (or `python -m mlrun`) when `cmd` runs the MLRun CLI, else -1. */
function afterMlrun(cmd: Word[]): number {
  let i = 0;
  const skipAssignments = (): void => {
    while (i < cmd.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd[i].text)) i++;
  };
  skipAssignments();
  while (i < cmd.length && WRAPPERS.has(cmd[i].text)) {
    i++;
    while (i < cmd.length && cmd[i].text.startsWith('-')) i++;
    skipAssignments();
  }
  if (i + 1 < cmd.length && RUNNERS.has(cmd[i].text) && cmd[i + 1].text === 'run') i += 2;
  if (i >= cmd.length) return -1;
  const first = baseName(cmd[i].text).replace(/\.exe$/, '');
  if (first === 'mlrun') return i + 1;
  if (/^python(\d+(\.\d+)*)?$/.test(first)) {
    for (let j = i + 1; j + 1 < cmd.length && cmd[j].text.startsWith('-'); j++) {
      if (cmd[j].text === '-m') return cmd[j + 1].text === 'mlrun' ? j + 2 : -1;
    }
  }
  return -1;
}

function secretOf(w: Word, from: number): CliSecret | undefined {
  const text = w.text.slice(from);
  const at = w.at.slice(from);
  if (at.length === 0) return undefined;
  const eq = text.indexOf('=');
  if (eq < 0) return undefined; // MLRun refuses it ("cannot find \"=\"")
  const spanOf = (a: number, b: number): Span => (b > a ? { s: at[a], e: at[b - 1] + 1 } : { s: at[Math.min(a, at.length - 1)], e: at[Math.min(a, at.length - 1)] });
  const rawKind = text.slice(0, eq);
  const kind = rawKind.trim();
  if (kind === '' || /[${}`]/.test(kind)) return undefined;
  let ss = eq + 1;
  let se = text.length;
  while (ss < se && text[ss] === ' ') ss++;
  while (se > ss && text[se - 1] === ' ') se--;
  const ks = rawKind.length - rawKind.trimStart().length;
  return {
    value: text, span: spanOf(0, text.length),
    kind, kindSpan: spanOf(ks, ks + kind.length),
    source: text.slice(ss, se), sourceSpan: spanOf(ss, se),
    expanded: w.expands && /[$`{]/.test(text.slice(ss, se)),
  };
}

/** The `--secrets` / `-s` values given to `mlrun run` or `mlrun project` in text[from, to). */
export function mlrunCliSecrets(text: string, from: number, to: number, options: ShellOptions = {}): CliSecret[] {
  const out: CliSecret[] = [];
  for (const cmd of commands(text, from, to, options)) {
    let i = afterMlrun(cmd);
    if (i < 0) continue;
    while (i < cmd.length && cmd[i].text.startsWith('-')) i++;
    if (i >= cmd.length || !SECRET_COMMANDS.has(cmd[i].text)) continue;
    for (i++; i < cmd.length; i++) {
      const w = cmd[i].text;
      if (w === '--') break;
      let s: CliSecret | undefined;
      if (w === '--secrets' || w === '-s') {
        if (i + 1 < cmd.length) s = secretOf(cmd[++i], 0);
      } else if (w.startsWith('--secrets=')) {
        s = secretOf(cmd[i], '--secrets='.length);
      } else if (w.startsWith('-s') && !w.startsWith('--')) {
        s = secretOf(cmd[i], 2);
      }
      if (s) out.push(s);
    }
  }
  return out;
}

/** Shell comments in text[from, to) that hold a suppression marker (a `#` starting a word, outside quotes). */
export function shellMarkerComments(text: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  let quote: string | null = null;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === '\\') { i++; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === from || /\s/.test(text[i - 1]))) {
      let e = i;
      while (e < to && text[e] !== '\n' && text[e] !== '\r') e++;
      const comment = text.slice(i, e);
      if (comment.includes('mlrun-secrets') || comment.includes('nosec')) out.push({ s: i, e });
      i = e;
    }
  }
  return out;
}
