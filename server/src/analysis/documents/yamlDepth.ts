/**
 * A cap on YAML nesting before the text reaches the `yaml` package, whose parser and composer recurse per level:
 * about a thousand levels overflow the stack (caught, or not: at some depths it throws out of the parser), and
 * twenty thousand exhaust memory. MLRun's YAML never nests more than a few dozen levels.
 *
 * One pass over the lines estimates the depth at each place — the column where a line's content starts (block
 * indentation and `- ` / `? ` / `: ` indicators) plus the number of open flow brackets — and blanks with spaces
 * (offsets and lines unchanged) each flow collection or line that goes past the limit. The rest of the text is
 * analysed as usual; the caller reports MLS012 where the blanking starts.
 */

export const MAX_YAML_DEPTH = 256;

export interface DepthCap {
  /** The text with the too-deep parts blanked (the same string when nothing was). */
  text: string;
  /** Offsets where a blanked part starts. */
  deepAt: number[];
}

function isBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

export function capYamlDepth(text: string, limit = MAX_YAML_DEPTH): DepthCap {
  const n = text.length;
  const blanks: [number, number][] = [];
  let flow = 0;
  let flowStart = 0;
  let flowBase = 0;
  let tooDeep = false;
  let quote: string | null = null;
  /** Inside a block scalar: lines indented more than this are text. */
  let scalarIndent = -1;
  let i = 0;
  while (i < n) {
    const lineStart = i;
    let j = i;
    while (text[j] === ' ') j++;
    const indent = j - lineStart;
    const blank = j >= n || isBreak(text[j]);
    if (scalarIndent >= 0 && flow === 0 && (blank || indent > scalarIndent)) {
      while (i < n && !isBreak(text[i])) i++;
      i++;
      continue;
    }
    scalarIndent = -1;
    if (flow === 0) {
      while ((text[j] === '-' || text[j] === '?' || text[j] === ':') && (isSpace(text[j + 1]) || isBreak(text[j + 1]) || j + 1 >= n)) {
        j++;
        while (isSpace(text[j])) j++;
      }
      if (j - lineStart > limit && !blank) {
        let e = j;
        while (e < n && !isBreak(text[e])) e++;
        blanks.push([lineStart + limit, e]);
        i = e + 1;
        continue;
      }
    }
    const col = j - lineStart;
    let valueStart = true;
    for (; j < n && !isBreak(text[j]); j++) {
      const c = text[j];
      if (quote) {
        if (c === quote) {
          if (quote === "'" && text[j + 1] === "'") j++;
          else quote = null;
        } else if (c === '\\' && quote === '"') {
          j++;
        }
        continue;
      }
      if (c === '#' && (j === lineStart || isSpace(text[j - 1]))) {
        while (j < n && !isBreak(text[j])) j++;
        break;
      }
      if (flow > 0) {
        if (c === '"' || c === "'") quote = c;
        else if (c === '[' || c === '{') {
          flow++;
          if (!tooDeep && flowBase + flow > limit) tooDeep = true;
        } else if (c === ']' || c === '}') {
          flow--;
          if (flow === 0) {
            if (tooDeep) blanks.push([flowStart, j + 1]);
            tooDeep = false;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (valueStart && (c === '[' || c === '{')) {
        flow = 1;
        flowStart = j;
        flowBase = col;
        continue;
      }
      if (valueStart && (c === '"' || c === "'")) { quote = c; valueStart = false; continue; }
      if (valueStart && (c === '|' || c === '>')) {
        let k = j + 1;
        while (k < n && /[-+0-9]/.test(text[k])) k++;
        while (isSpace(text[k])) k++;
        if (k >= n || isBreak(text[k]) || text[k] === '#') scalarIndent = indent;
      }
      valueStart = c === ':' && (isSpace(text[j + 1]) || isBreak(text[j + 1]));
      if (c === '-' && isSpace(text[j + 1]) && (j === lineStart || isSpace(text[j - 1]))) valueStart = true;
    }
    // A quoted scalar outside flow style ends with its line for this estimate.
    if (flow === 0) quote = null;
    i = j + 1;
    if (text[j] === '\r' && text[j + 1] === '\n') i++;
  }
  if (flow > 0 && tooDeep) blanks.push([flowStart, n]);
  if (blanks.length === 0) return { text, deepAt: [] };
  let out = '';
  let at = 0;
  for (const [s, e] of blanks) {
    out += text.slice(at, s) + text.slice(s, e).replace(/[^\r\n]/g, ' ');
    at = e;
  }
  return { text: out + text.slice(at), deepAt: blanks.map(b => b[0]) };
}
