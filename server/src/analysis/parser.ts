/**
 * The Python parser: web-tree-sitter with the tree-sitter-python WASM grammar.
 *
 * The WASM files sit next to the bundle (`dist/tree-sitter.wasm`, `dist/tree-sitter-python.wasm`); when running
 * from tsc output (tests, benchmarks) they are resolved from node_modules. `await initPython()` before parsing.
 * Trees live in WASM memory, which is not garbage-collected: whoever gets a tree must free it (`freeTree`).
 *
 * Hostile input must not switch the analyzer off. tree-sitter-python's external scanner writes its indentation
 * stack into a fixed 1,024-byte buffer and overflows it past about 511 levels, corrupting the WASM heap for every
 * later parse; so text that could get there is refused before it reaches the parser (`indentDepthBound`). Should
 * the parser fail anyway (a WASM trap), its instance is thrown away and a fresh one loaded (`initPython()` resolves
 * once it is ready): only the text that failed is left unanalysed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';

type TreeSitter = typeof import('web-tree-sitter');
type Parser = import('web-tree-sitter').Parser;

export type { Node, Tree };

/** Why a text got no tree. */
export interface ParseProblem {
  kind: 'deep' | 'timeout' | 'crash' | 'unavailable';
  /** What the MLS012 message says, e.g. "indented to 600 levels (the parser's limit is 200)". */
  reason: string;
}

export type ParseResult = { tree: Tree; problem?: undefined } | { tree?: undefined; problem: ParseProblem };

/** Longest a single parse may take before it is abandoned (a guard against pathological input). */
const PARSE_BUDGET_MS = 5000;

/**
 * Most indentation levels a text given to the parser may reach. CPython itself stops at 100; the scanner breaks
 * at about 511, so 200 leaves margin on both sides.
 */
export const MAX_INDENT_LEVELS = 200;

interface Instance {
  parser: Parser;
  /** Trees this instance made: only these may be freed through it (a tree of a dead instance is left alone). */
  trees: WeakSet<Tree>;
}

let current: Instance | undefined;
let loading: Promise<void> | undefined;
/** Bumped each time an instance is thrown away (callers can tell that a parse crashed during their work). */
let generation = 0;

function wasmFiles(): { runtime: string; python: string } {
  const besideBundle = { runtime: path.join(__dirname, 'tree-sitter.wasm'), python: path.join(__dirname, 'tree-sitter-python.wasm') };
  if (fs.existsSync(besideBundle.runtime) && fs.existsSync(besideBundle.python)) return besideBundle;
  // From tsc output (tests, benchmarks): the packages' own files. Specifiers in variables keep esbuild from
  // trying to bundle them (the bundle never gets here: its copies sit beside it).
  const runtime = 'web-tree-sitter/tree-sitter.wasm';
  const python = 'tree-sitter-python/tree-sitter-python.wasm';
  return { runtime: require.resolve(runtime), python: require.resolve(python) };
}

/**
 * A fresh evaluation of web-tree-sitter, so that its WASM module is a new instance: the package keeps one module
 * per evaluation. `require` (not `import`): the bundle loads its CommonJS build from dist/vendor (see build.mjs),
 * which, like node_modules in tests, goes through Node's module cache; dropping the entry makes the next `require`
 * evaluate it again.
 */
function freshTreeSitter(): TreeSitter {
  const loaded = require('web-tree-sitter') as TreeSitter;
  const id = Object.keys(require.cache).find(k => require.cache[k]?.exports === loaded);
  if (id === undefined) return loaded;
  const old = require.cache[id]!;
  delete require.cache[id];
  // The module that required it lists it among its children: drop that reference too, or the old WASM memory stays.
  const at = module.children.indexOf(old);
  if (at >= 0) module.children.splice(at, 1);
  return require('web-tree-sitter') as TreeSitter;
}

async function load(first: boolean): Promise<void> {
  const files = wasmFiles();
  const { Language, Parser } = first ? (require('web-tree-sitter') as TreeSitter) : freshTreeSitter();
  await Parser.init({ locateFile: () => files.runtime });
  const language = await Language.load(new Uint8Array(fs.readFileSync(files.python)));
  const parser = new Parser();
  parser.setLanguage(language);
  current = { parser, trees: new WeakSet() };
}

/** Resolves once a parser is ready: the first load (started once), or the fresh instance after a failure. */
export function initPython(): Promise<void> {
  if (current) return Promise.resolve();
  loading ??= load(generation === 0).finally(() => (loading = undefined));
  return loading;
}

export function isPythonReady(): boolean {
  return current !== undefined;
}

/** Changes each time a failed parser instance is replaced. */
export function parserGeneration(): number {
  return generation;
}

/** Called when an instance failed: it is never used again; trees of it are dropped unfreed. */
let onDiscard: (() => void) | undefined;

/** Registers what to forget when an instance is thrown away (the hot trees). */
export function onParserDiscarded(hook: () => void): void {
  onDiscard = hook;
}

/**
 * Throws the current instance away (what a failed parse does) and starts loading a fresh one: `initPython()`
 * resolves once it is ready. Trees of the old instance are never touched again.
 */
export function discardParser(): void {
  current = undefined;
  generation++;
  onDiscard?.();
  // Load the next instance now, so that it is ready by the next parse.
  void initPython().catch(() => undefined);
}

/**
 * An upper bound of the indentation stack tree-sitter-python's scanner can build for `text`: the number of
 * distinct indentation widths, measured as the scanner measures them (space 1, tab 8, reset by CR, LF and form
 * feed, backslash-newline continuing the count), at every line start — inside strings and brackets too, since
 * error recovery can indent there. The stack only grows by a width greater than its top, so it never holds more
 * entries than there are distinct widths.
 */
export function indentDepthBound(text: string): number {
  const widths = new Set<number>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    // At a line start: measure the run of whitespace.
    let w = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32) { w = (w + 1) & 0xffff; i++; } // the scanner counts in 16 bits
      else if (c === 9) { w = (w + 8) & 0xffff; i++; }
      else if (c === 12) { w = 0; i++; }
      else if (c === 92 && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
        i += text.charCodeAt(i + 1) === 13 ? 3 : 2;
      } else break;
    }
    if (w > 0) widths.add(w);
    // Skip to the next line start.
    while (i < n) {
      const c = text.charCodeAt(i++);
      if (c === 10 || c === 13) break;
    }
  }
  return widths.size;
}

/**
 * Parses `text` (reusing `oldTree`, already `edit()`ed, when given). Returns the tree, which the caller owns and
 * frees with `freeTree`, or why there is none. Text indented deeper than `maxIndentLevels` is refused.
 */
export function parsePythonChecked(text: string, oldTree?: Tree | null, maxIndentLevels = MAX_INDENT_LEVELS): ParseResult {
  const inst = current;
  if (!inst) return { problem: { kind: 'unavailable', reason: 'the Python parser was restarting' } };
  const depth = indentDepthBound(text);
  if (depth > maxIndentLevels) {
    return { problem: { kind: 'deep', reason: `indented to ${depth} levels (the parser's limit is ${maxIndentLevels})` } };
  }
  const deadline = performance.now() + PARSE_BUDGET_MS;
  // Hand tree-sitter bounded slices: `text.slice(i)` would be copied up to its 10 KB input buffer anyway.
  const input = (index: number): string => (index < text.length ? text.slice(index, index + 4096) : '');
  const reuse = oldTree && inst.trees.has(oldTree) ? oldTree : null;
  let tree: Tree | null;
  try {
    tree = inst.parser.parse(input, reuse, { progressCallback: () => performance.now() > deadline });
  } catch {
    discardParser();
    return { problem: { kind: 'crash', reason: 'the Python parser failed on this code (it was restarted for the other files)' } };
  }
  if (!tree) {
    // An abandoned parse would otherwise be resumed by the next call.
    inst.parser.reset();
    return { problem: { kind: 'timeout', reason: `parsing took longer than ${PARSE_BUDGET_MS / 1000} s` } };
  }
  inst.trees.add(tree);
  return { tree };
}

/** `parsePythonChecked` for callers that only need to know whether there is a tree. */
export function parsePython(text: string, oldTree?: Tree | null): Tree | null {
  return parsePythonChecked(text, oldTree).tree ?? null;
}

/** Frees a tree made by the current parser instance; one of a discarded instance is left to the garbage collector. */
export function freeTree(tree: Tree): void {
  if (!current?.trees.has(tree)) return;
  current.trees.delete(tree);
  tree.delete();
}

/** Row/column of `offset` in `text`, counting only "\n" (as tree-sitter does), column in UTF-16 units. */
export function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  let i = text.indexOf('\n');
  while (i >= 0 && i < offset) {
    row++;
    lineStart = i + 1;
    i = text.indexOf('\n', i + 1);
  }
  return { row, column: offset - lineStart };
}
