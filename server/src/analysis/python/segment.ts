/**
 * Splits Python source into top-level statements ("chunks") with a lexical scan — strings, comments, brackets and
 * line continuations only; all syntax is left to tree-sitter, which parses each chunk on its own.
 *
 * Why: a top-level statement parses the same alone as inside its module, so chunks can be parsed, analysed and
 * cached independently. An edit then costs one chunk's parse instead of the file's (tree-sitter's incremental
 * reparse of a 10,000-line module still reads most of it), and chunks without any keyword are never parsed.
 *
 * A chunk starts at a line that begins, at column 0 and outside any bracket, string or continuation, a new
 * logical line — unless that line is an `else`/`elif`/`except`/`finally` clause or follows a decorator. Blank and
 * comment lines belong to the chunk before them. For error tolerance, a `def`/`class`/`async`/`import`/`from`/`@`
 * line at column 0 closes any brackets left open (they cannot legally appear inside brackets), so a half-typed
 * call does not swallow the rest of the file.
 *
 * The scan also records comments holding a suppression marker and, for IPython sources, magic (`%`) and shell
 * (`!`) lines, which are blanked before parsing.
 */

export interface RawChunk {
  start: number;
  end: number;
  /** [start, end) pairs of comments containing `mlrun-secrets` or `nosec` (absolute offsets). */
  markers: number[];
  /** [start, end) pairs of IPython magic/shell lines (absolute offsets), to blank before parsing. */
  magics: number[];
}

export interface SegmentOptions {
  /** IPython source (notebook cells, `ipython` fences): `%…` and `!…` logical lines are not Python. */
  ipython?: boolean;
}

export interface SegmentResult {
  chunks: RawChunk[];
  /** Where the scan stopped because `resync` accepted a chunk start (null when it reached the end). */
  resyncAt: number | null;
}

const LF = 10, CR = 13, SPACE = 32, TAB = 9, FF = 12, HASH = 35, BACKSLASH = 92, SQUOTE = 39, DQUOTE = 34;
const AT = 64, PERCENT = 37, BANG = 33;
const OPEN_PAREN = 40, CLOSE_PAREN = 41, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, OPEN_BRACE = 123, CLOSE_BRACE = 125;

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/** True when `word` starts at `i` and is not followed by an identifier character. */
function wordAt(text: string, i: number, word: string): boolean {
  return text.startsWith(word, i) && !isIdentChar(text.charCodeAt(i + word.length));
}

const CLAUSES = ['else', 'elif', 'except', 'finally'];
const RESET_WORDS = ['def', 'class', 'async', 'import', 'from'];

function isClause(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== 101 /* e */ && c !== 102 /* f */) return false;
  return CLAUSES.some(w => wordAt(text, i, w));
}

function isResetLine(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === AT) return isIdentChar(text.charCodeAt(i + 1));
  return RESET_WORDS.some(w => wordAt(text, i, w));
}

function hasMarker(text: string, start: number, end: number): boolean {
  // Comments are short; a bounded slice keeps indexOf from running past the line.
  const s = text.slice(start, end);
  return s.includes('mlrun-secrets') || s.includes('nosec');
}

/** Offset just past the line break at `i` (which must be CR or LF). */
function pastBreak(text: string, i: number): number {
  return text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
}

/** End of the string literal whose opening quote is at `i` (past its closing quote, or where it breaks off). */
function scanString(text: string, i: number): number {
  const n = text.length;
  const q = text.charCodeAt(i);
  if (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
    let j = i + 3;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) { j += 2; continue; }
      if (c === q && text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q) return j + 3;
      j++;
    }
    return n;
  }
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) {
      const d = text.charCodeAt(j + 1);
      j = d === CR || d === LF ? pastBreak(text, j + 1) : j + 2;
      continue;
    }
    if (c === q) return j + 1;
    if (c === LF || c === CR) return j; // unterminated: Python stops at the line end
    j++;
  }
  return n;
}

/**
 * Scans `text` from `from` (a chunk start: a line start in a clean state) and returns the chunks up to the end, or
 * up to the first chunk start `p > from` for which `resync(p)` is true.
 */
export function segment(text: string, from = 0, options: SegmentOptions = {}, resync?: (pos: number) => boolean): SegmentResult {
  const n = text.length;
  const ipython = options.ipython === true;
  const chunks: RawChunk[] = [];
  let chunkStart = from;
  let markers: number[] = [];
  let magics: number[] = [];
  let depth = 0;
  let continued = false; // the previous physical line ended with a backslash continuation
  let afterDecorator = false; // the previous top-level logical line was a decorator
  let i = from;

  const close = (at: number): void => {
    chunks.push({ start: chunkStart, end: at, markers, magics });
    chunkStart = at;
    markers = [];
    magics = [];
  };

  while (i < n) {
    const lineStart = i;
    let j = i;
    let c = text.charCodeAt(j);
    while (c === SPACE || c === TAB || c === FF) c = text.charCodeAt(++j);
    const blank = j >= n || c === LF || c === CR;
    if (!continued && !blank && c !== HASH) {
      if (depth === 0) {
        if (j === lineStart) {
          if (!afterDecorator && !isClause(text, j) && lineStart > chunkStart) {
            if (resync && resync(lineStart)) {
              close(lineStart);
              return { chunks, resyncAt: lineStart };
            }
            close(lineStart);
          }
          afterDecorator = c === AT;
        } else {
          afterDecorator = false;
        }
        if (ipython && (c === PERCENT || c === BANG)) {
          let e = j;
          // A magic line may continue with a trailing backslash.
          for (;;) {
            while (e < n && text.charCodeAt(e) !== LF && text.charCodeAt(e) !== CR) e++;
            if (e > j && text.charCodeAt(e - 1) === BACKSLASH && e < n) { e = pastBreak(text, e); continue; }
            break;
          }
          magics.push(j, e);
          i = e < n ? pastBreak(text, e) : n;
          continue;
        }
      } else if (j === lineStart && isResetLine(text, j)) {
        // Brackets left open by half-typed code: a definition or import cannot be inside them.
        depth = 0;
        if (!afterDecorator && lineStart > chunkStart) {
          if (resync && resync(lineStart)) {
            close(lineStart);
            return { chunks, resyncAt: lineStart };
          }
          close(lineStart);
        }
        afterDecorator = c === AT;
      }
    }
    continued = false;
    // Scan the rest of the physical line (strings may carry the scan across lines).
    i = j;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c === LF || c === CR) { i = pastBreak(text, i); break; }
      if (c === HASH) {
        let e = i + 1;
        while (e < n) {
          const d = text.charCodeAt(e);
          if (d === LF || d === CR) break;
          e++;
        }
        if (hasMarker(text, i, e)) markers.push(i, e);
        i = e;
        continue;
      }
      if (c === SQUOTE || c === DQUOTE) { i = scanString(text, i); continue; }
      if (c === BACKSLASH) {
        const d = text.charCodeAt(i + 1);
        if (d === LF || d === CR) { i = pastBreak(text, i + 1); continued = true; break; }
        i += 2;
        continue;
      }
      if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
      else if ((c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) && depth > 0) depth--;
      i++;
    }
  }
  if (n > chunkStart || chunks.length === 0) close(n);
  return { chunks, resyncAt: null };
}

/** `text` with its IPython magic lines (`magics`: [start, end) pairs relative to it) blanked, line breaks kept. */
export function blankMagics(text: string, magics: number[]): string {
  if (magics.length === 0) return text;
  let out = '';
  let at = 0;
  for (let k = 0; k < magics.length; k += 2) {
    out += text.slice(at, magics[k]) + text.slice(magics[k], magics[k + 1]).replace(/[^\r\n]/g, ' ');
    at = magics[k + 1];
  }
  return out + text.slice(at);
}
