/**
 * Jupyter notebooks as the CLI reads them: the code cells of the `.ipynb` JSON, each with the raw file line where
 * each of its source lines is written (a cell whose `source` is one JSON string: that string's line).
 * Markdown and raw cells are not code; cells of other languages are skipped.
 */
import { LineIndex } from '../lineIndex';
import { parseJsonWithPositions, prop, str, type JsonNode } from './jsonPositions';

export interface NotebookCell {
  /** 0-based index among all cells. */
  index: number;
  text: string;
  /** rawLines[i] = 0-based line of the .ipynb file holding the cell's line i. */
  rawLines: number[];
}

export interface Notebook {
  cells: NotebookCell[];
  /** The notebook's language, when it says. */
  language: string | null;
}

const PYTHON_NAMES = new Set(['python', 'python3', 'ipython', 'ipython3']);

export function isPythonLanguage(lang: string | null | undefined): boolean {
  return !lang || PYTHON_NAMES.has(lang.toLowerCase());
}

/** Reads a notebook. Throws (JsonError, Error) with a clear message when the JSON is not a notebook. */
export function readNotebook(raw: string): Notebook {
  const root = parseJsonWithPositions(raw);
  const cells = prop(root, 'cells');
  if (cells?.type !== 'array') throw new Error('not a Jupyter notebook (no "cells" array)');
  const meta = prop(root, 'metadata');
  const language = str(prop(prop(meta, 'language_info'), 'name')) ?? str(prop(prop(meta, 'kernelspec'), 'language')) ?? null;
  const index = new LineIndex(raw);
  const out: NotebookCell[] = [];
  (cells.children ?? []).forEach((cell, i) => {
    if (str(prop(cell, 'cell_type')) !== 'code') return;
    const cellLang = str(prop(prop(prop(cell, 'metadata'), 'vscode'), 'languageId'));
    if (cellLang && !isPythonLanguage(cellLang)) return;
    const source = prop(cell, 'source');
    const parts: JsonNode[] = source?.type === 'array' ? source.children ?? [] : source ? [source] : [];
    let text = '';
    const partStarts: number[] = [];
    const partLines: number[] = [];
    for (const part of parts) {
      const value = str(part);
      if (value === undefined) continue;
      partStarts.push(text.length);
      partLines.push(index.positionAt(part.offset).line);
      text += value;
    }
    const cellLines = new LineIndex(text);
    const rawLines: number[] = [];
    let p = 0;
    for (let line = 0; line < cellLines.lineCount; line++) {
      const ls = cellLines.lineStart(line);
      while (p + 1 < partStarts.length && partStarts[p + 1] <= ls) p++;
      rawLines.push(partLines.length ? partLines[p] : index.positionAt(cell.offset).line);
    }
    out.push({ index: i, text, rawLines });
  });
  return { cells: out, language };
}

/**
 * `%%cell magics` make a whole cell another language, except those whose body is still Python — and
 * `%%writefile x.py` (or `%%file`, `-a` to append), whose body becomes a Python file of the project.
 * Returns the text to analyse (the magic line blanked), or undefined when the cell is not Python.
 */
const PYTHON_BODY_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3']);
const WRITEFILE_MAGICS = new Set(['writefile', 'file']);

/** The file a `%%writefile` line writes, without its options and quotes. */
function writefileTarget(line: string): string {
  const words = line.trim().split(/\s+/).slice(1).filter(w => w !== '-a' && w !== '--append');
  return (words.join(' ') || '').replace(/^(['"])(.*)\1$/, '$2');
}

export function pythonCellText(text: string): string | undefined {
  const first = text.trimStart();
  if (!first.startsWith('%%')) return text;
  const lead = text.length - first.length;
  const eol = text.slice(lead).search(/[\r\n]|$/);
  const name = /^%%(\w+)/.exec(first)?.[1] ?? '';
  const python = PYTHON_BODY_MAGICS.has(name) || (WRITEFILE_MAGICS.has(name) && /\.pyw?$/i.test(writefileTarget(first.slice(0, eol))));
  if (!python) return undefined;
  return text.slice(0, lead) + ' '.repeat(eol) + text.slice(lead + eol);
}
