/**
 * Python in Markdown, found by a CommonMark parser (markdown-it), wherever the block sits — top level, list items,
 * `>` blockquotes:
 * - fenced blocks (``` or ~~~) tagged `python`, `py`, `python3`, `ipython`, `ipython3` or `pycon`, and untagged
 *   fences unless they are plainly another language (shell prompts, JSON, YAML);
 * - MyST directives `{code-block} python`, `{code} py`, `{sourcecode} python`, `{code-cell} ipython3` (a bare
 *   `{code-cell}` runs the notebook's Python kernel), their `:option:` lines and `---` option block skipped;
 * - indented (4-space) code blocks that are Python: they parse without a syntax error and are not plainly another
 *   language (indented blocks are as often shell sessions, output or other languages).
 * `pycon` blocks keep only the `>>> ` / `... ` lines, prompts removed. Each block becomes a module whose offsets map
 * back to the Markdown text.
 */
import { parsePython } from '../parser';

export interface CodeBlock {
  /** The code as Python sees it (prompts and output removed from pycon, option lines blanked). */
  text: string;
  ipython: boolean;
  /** For each code line: offset of that line's first code character in the Markdown text. */
  lineOffsets: number[];
  /** Offsets in `text` where each code line starts. */
  codeLineStarts: number[];
}

type MarkdownIt = import('markdown-it');
let parser: MarkdownIt | undefined;

/** The block parser only (inline markup is of no interest), loaded on first use. */
function markdownIt(): MarkdownIt {
  if (!parser) {
    parser = new (require('markdown-it') as typeof import('markdown-it'))('commonmark');
    parser.core.ruler.disable(['inline', 'text_join'], true);
  }
  return parser;
}

const PYTHON_TAGS = new Set(['python', 'py', 'python3', 'py3', 'ipython', 'ipython3', 'pycon', 'sage']);
const CODE_DIRECTIVES = new Set(['code-block', 'code', 'sourcecode', 'code-cell', 'ipython']);

interface RawLine {
  start: number;
  end: number;
}

/** Lines as markdown-it counts them (\r\n, \r and \n each end one). */
function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start: s, end: i });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      s = i + 1;
    }
  }
  lines.push({ start: s, end: text.length });
  return lines;
}

function tagOf(info: string): string {
  const first = info.split(/[\s{,]/)[0].replace(/^\./, '').toLowerCase();
  if (first) return first;
  const brace = /\{\s*\.?([\w-]+)/.exec(info);
  return brace ? brace[1].toLowerCase() : '';
}

/** The language of a fence: its tag, or for a MyST directive its argument; null when it is not a code block. */
function fenceLanguage(info: string): string | null {
  const directive = /^\{([\w-]+)\}\s*(\S*)/.exec(info.trim());
  if (!directive) return tagOf(info);
  const name = directive[1].toLowerCase();
  if (!CODE_DIRECTIVES.has(name)) return null;
  const lang = directive[2].toLowerCase();
  if (name === 'ipython') return 'ipython';
  return lang || (name === 'code-cell' ? 'ipython3' : '');
}

/** True when an untagged block is plainly not Python. */
function plainlyOther(code: string): boolean {
  const lines = code.split(/\r\n|\r|\n/).map(l => l.trim()).filter(l => l !== '');
  if (lines.length === 0) return true;
  const first = lines[0];
  if (/^(\$|#\s*\$|>\s|PS\s?[A-Z]?:?.*>|C:\\.*>|%\s)/.test(first) && !first.startsWith('>>>')) return true;
  if (/^[[{]/.test(first)) {
    try {
      JSON.parse(code);
      return true;
    } catch {
      // not JSON
    }
  }
  // YAML-like (`key: value` mappings, `- item` lists) that Python cannot parse.
  if (lines.every(l => /^(-\s|[\w.-]+:(\s|$)|#)/.test(l) || /^\s/.test(l))) return !parsesCleanly(code);
  return false;
}

function parsesCleanly(code: string): boolean {
  const tree = parsePython(code);
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** Where a content line starts in its source line (content is the source line minus container prefixes). */
function contentStart(md: string, line: RawLine, content: string): number {
  const src = md.slice(line.start, line.end);
  if (src.endsWith(content)) return line.end - content.length;
  // Tabs expanded into spaces: align on the first non-blank character.
  const t = content.trimStart();
  if (t === '' || !src.endsWith(t)) return line.end;
  return Math.max(line.start, line.end - t.length - (content.length - t.length));
}

/** MyST directive options at the top of a block: `:key: value` lines, or a `---` … `---` block. */
function optionLineCount(lines: string[]): number {
  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    return close > 0 ? close + 1 : 0;
  }
  let n = 0;
  while (n < lines.length && /^\s*:[\w-]+:/.test(lines[n])) n++;
  return n;
}

function toBlock(md: string, lines: RawLine[], firstLine: number, content: string, tag: string, directive: boolean): CodeBlock | undefined {
  const body = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  if (body.length === 1 && body[0] === '' && content === '') return undefined;
  const options = directive ? optionLineCount(body) : 0;
  const pycon = tag === 'pycon' || (!tag && body.some(l => l.startsWith('>>>')));
  let text = '';
  const lineOffsets: number[] = [];
  const codeLineStarts: number[] = [];
  body.forEach((line, i) => {
    const raw = lines[firstLine + i];
    let from = raw ? contentStart(md, raw, line) : md.length;
    let code = line;
    if (i < options) code = '';
    else if (pycon) {
      if (line.startsWith('>>> ') || line.startsWith('... ')) { code = line.slice(4); from += 4; } else if (line === '>>>' || line === '...') { code = ''; from += 3; } else code = ''; // output
    }
    codeLineStarts.push(text.length);
    lineOffsets.push(from);
    text += code + '\n';
  });
  return { text, ipython: tag === 'ipython' || tag === 'ipython3' || pycon, lineOffsets, codeLineStarts };
}

/** The Python code blocks of a Markdown text. */
export function pythonBlocks(md: string): CodeBlock[] {
  const lines = splitLines(md);
  const blocks: CodeBlock[] = [];
  for (const token of markdownIt().parse(md, {})) {
    if (!token.map) continue;
    if (token.type === 'fence') {
      const tag = fenceLanguage(token.info);
      if (tag === null || (tag && !PYTHON_TAGS.has(tag))) continue;
      const directive = token.info.trim().startsWith('{');
      const block = toBlock(md, lines, token.map[0] + 1, token.content, tag, directive);
      if (!block) continue;
      if (!tag && !block.ipython && plainlyOther(block.text)) continue;
      blocks.push(block);
    } else if (token.type === 'code_block') {
      const block = toBlock(md, lines, token.map[0], token.content, '', false);
      if (!block || plainlyOther(block.text) || !parsesCleanly(block.text)) continue;
      blocks.push(block);
    }
  }
  return blocks;
}

/** Maps an offset in a block's code to the Markdown text. */
export function blockToDoc(block: CodeBlock, offset: number): number {
  let lo = 0;
  let hi = block.codeLineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (block.codeLineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  if (hi < 0) return 0;
  return block.lineOffsets[lo] + (offset - block.codeLineStarts[lo]);
}

/** Maps an offset in the Markdown text into a block's code, or undefined when it is outside the block's code. */
export function docToBlock(block: CodeBlock, docOffset: number): number | undefined {
  for (let i = 0; i < block.lineOffsets.length; i++) {
    const start = block.lineOffsets[i];
    const next = i + 1 < block.codeLineStarts.length ? block.codeLineStarts[i + 1] : block.text.length;
    const len = next - block.codeLineStarts[i] - 1; // without the "\n"
    if (docOffset >= start && docOffset <= start + len) return block.codeLineStarts[i] + (docOffset - start);
  }
  return undefined;
}
