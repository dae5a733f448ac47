/**
 * The Python parser: web-tree-sitter with the tree-sitter-python WASM grammar.
 *
 * The WASM files sit next to the bundle (`dist/tree-sitter.wasm`, `dist/tree-sitter-python.wasm`); when running
 * from tsc output (tests, benchmarks) they are resolved from node_modules. Call `initPython()` once (it is cached)
 * before any other function here. Trees live in WASM memory, which is not garbage-collected: whoever gets a tree
 * from `parsePython` must `delete()` it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';

// `require` (not `import`) so that esbuild bundles the CommonJS build of web-tree-sitter: its ESM build needs
// `import.meta.url`, which a CommonJS bundle does not have.
// Required on first use only: a CLI run over files that never need a parse does not load it at all.
const treeSitter = (): typeof import('web-tree-sitter') => require('web-tree-sitter') as typeof import('web-tree-sitter');
type Parser = import('web-tree-sitter').Parser;

export type { Node, Tree };

let initializing: Promise<void> | undefined;
let parser: Parser | undefined;

/** Longest a single parse may take before it is abandoned (a guard against pathological input). */
const PARSE_BUDGET_MS = 5000;

function wasmFiles(): { runtime: string; python: string } {
  const besideBundle = { runtime: path.join(__dirname, 'tree-sitter.wasm'), python: path.join(__dirname, 'tree-sitter-python.wasm') };
  if (fs.existsSync(besideBundle.runtime) && fs.existsSync(besideBundle.python)) return besideBundle;
  // From tsc output (tests, benchmarks): the packages' own files. Specifiers in variables keep esbuild from
  // trying to bundle them (the bundle never gets here: its copies sit beside it).
  const runtime = 'web-tree-sitter/tree-sitter.wasm';
  const python = 'tree-sitter-python/tree-sitter-python.wasm';
  return { runtime: require.resolve(runtime), python: require.resolve(python) };
}

/** Loads the runtime and the grammar (once; later calls return the same promise). */
export function initPython(): Promise<void> {
  initializing ??= (async () => {
    const files = wasmFiles();
    const { Language, Parser } = treeSitter();
    await Parser.init({ locateFile: () => files.runtime });
    const language = await Language.load(new Uint8Array(fs.readFileSync(files.python)));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return initializing;
}

export function isPythonReady(): boolean {
  return parser !== undefined;
}

function theParser(): Parser {
  if (!parser) throw new Error('The Python parser is not initialised: await initPython() first.');
  return parser;
}

/**
 * Parses `text` (reusing `oldTree`, already `edit()`ed, when given). Returns null only when the parse was abandoned
 * after its time budget. The caller owns the tree.
 */
export function parsePython(text: string, oldTree?: Tree | null): Tree | null {
  const p = theParser();
  const deadline = performance.now() + PARSE_BUDGET_MS;
  // Hand tree-sitter bounded slices: `text.slice(i)` would be copied up to its 10 KB input buffer anyway.
  const input = (index: number): string => (index < text.length ? text.slice(index, index + 4096) : '');
  const tree = p.parse(input, oldTree ?? null, { progressCallback: () => performance.now() > deadline });
  // An abandoned parse would otherwise be resumed by the next call.
  if (!tree) p.reset();
  return tree;
}
