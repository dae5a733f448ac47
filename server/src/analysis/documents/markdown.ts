/**
 * Python in Markdown: fenced code blocks (``` or ~~~) tagged `python`, `py`, `python3`, `ipython`, `ipython3` or
 * `pycon`, and untagged blocks unless they are plainly another language (shell prompts, JSON, YAML). `pycon`
 * blocks keep only the `>>> ` / `... ` lines, prompts removed. Each block becomes a module whose offsets map back
 * to the Markdown text.
 */
import { parsePython } from '../parser';

export interface CodeBlock {
  /** The code as Python sees it (prompts and output removed from pycon, as spaces-free lines). */
  text: string;
  ipython: boolean;
  /** For each code line: offset of that line's first code character in the Markdown text. */
  lineOffsets: number[];
  /** Offsets in `text` where each code line starts. */
  codeLineStarts: number[];
}

const PYTHON_TAGS = new Set(['python', 'py', 'python3', 'py3', 'ipython', 'ipython3', 'pycon', 'sage']);

interface RawLine {
  start: number;
  end: number;
}

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

function fenceOf(line: string): { indent: number; char: string; len: number; info: string } | undefined {
  const m = /^( *)(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m) return undefined;
  const info = m[3].trim();
  if (m[2][0] === '`' && info.includes('`')) return undefined;
  return { indent: m[1].length, char: m[2][0], len: m[2].length, info };
}

function tagOf(info: string): string {
  const first = info.split(/[\s{,]/)[0].replace(/^\./, '').toLowerCase();
  if (first) return first;
  const brace = /\{\s*\.?([\w-]+)/.exec(info);
  return brace ? brace[1].toLowerCase() : '';
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
  if (lines.every(l => /^(-\s|[\w.-]+:(\s|$)|#)/.test(l) || /^\s/.test(l))) {
    const tree = parsePython(code);
    if (!tree) return true;
    try {
      return tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  }
  return false;
}

/** The Python code blocks of a Markdown text. */
export function pythonBlocks(md: string): CodeBlock[] {
  const lines = splitLines(md);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOf(md.slice(lines[i].start, lines[i].end));
    if (!open) continue;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = fenceOf(md.slice(lines[j].start, lines[j].end));
      if (close && close.char === open.char && close.len >= open.len && close.info === '') break;
    }
    const body = lines.slice(i + 1, j);
    i = j;
    const tag = tagOf(open.info);
    if (tag && !PYTHON_TAGS.has(tag)) continue;
    // Strip the fence's indentation from each line (CommonMark).
    const stripped = body.map(l => {
      let k = l.start;
      let n = 0;
      while (n < open.indent && k < l.end && md.charCodeAt(k) === 32) { k++; n++; }
      return { start: k, end: l.end };
    });
    const pycon = tag === 'pycon' || (!tag && stripped.some(l => md.startsWith('>>>', l.start)));
    let text = '';
    const lineOffsets: number[] = [];
    const codeLineStarts: number[] = [];
    for (const l of stripped) {
      let from = l.start;
      let keep = true;
      if (pycon) {
        const line = md.slice(l.start, l.end);
        if (line.startsWith('>>> ') || line.startsWith('... ')) from = l.start + 4;
        else if (line === '>>>' || line === '...') from = l.end;
        else keep = false; // output
      }
      codeLineStarts.push(text.length);
      lineOffsets.push(from);
      text += (keep ? md.slice(from, l.end) : '') + '\n';
    }
    if (!tag && !pycon && plainlyOther(text)) continue;
    blocks.push({ text, ipython: tag === 'ipython' || tag === 'ipython3' || pycon, lineOffsets, codeLineStarts });
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
