/**
 * A small JSON parser that remembers where each value starts (offset), so a notebook's cells can be mapped back
 * to the raw `.ipynb` lines. Strict JSON; throws `JsonError` with the offset of the problem.
 */

export type JsonNode =
  | { type: 'object'; start: number; end: number; props: Map<string, JsonNode> }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'other'; start: number; end: number; value: number | boolean | null };

export class JsonError extends Error {
  constructor(message: string, public readonly offset: number) {
    super(message);
  }
}

export function parseJsonWithPositions(text: string): JsonNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;

  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  const fail = (what: string): never => {
    throw new JsonError(`${what} at offset ${i}`, i);
  };

  const str = (): JsonNode => {
    const start = i;
    i++; // opening quote
    let out = '';
    let run = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(run, i);
        i++;
        return { type: 'string', start, end: i, value: out };
      }
      if (c === 92) {
        out += text.slice(run, i);
        const d = text[i + 1];
        switch (d) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default: fail('bad escape');
        }
        i += 2;
        run = i;
        continue;
      }
      if (c < 32) fail('control character in string');
      i++;
    }
  };

  const value = (): JsonNode => {
    ws();
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 123) {
      i++;
      const props = new Map<string, JsonNode>();
      ws();
      if (text.charCodeAt(i) === 125) { i++; return { type: 'object', start, end: i, props }; }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 34) fail('expected a property name');
        const key = str() as Extract<JsonNode, { type: 'string' }>;
        ws();
        if (text.charCodeAt(i) !== 58) fail('expected ":"');
        i++;
        props.set(key.value, value());
        ws();
        const d = text.charCodeAt(i);
        if (d === 44) { i++; continue; }
        if (d === 125) { i++; return { type: 'object', start, end: i, props }; }
        fail('expected "," or "}"');
      }
    }
    if (c === 91) {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text.charCodeAt(i) === 93) { i++; return { type: 'array', start, end: i, items }; }
      for (;;) {
        items.push(value());
        ws();
        const d = text.charCodeAt(i);
        if (d === 44) { i++; continue; }
        if (d === 93) { i++; return { type: 'array', start, end: i, items }; }
        fail('expected "," or "]"');
      }
    }
    if (c === 34) return str();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) { i += word.length; return { type: 'other', start, end: i, value: v }; }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) fail('unexpected character');
    i += m![0].length;
    return { type: 'other', start, end: i, value: Number(m![0]) };
  };

  const root = value();
  ws();
  if (i < n) fail('unexpected text after the JSON value');
  return root;
}
