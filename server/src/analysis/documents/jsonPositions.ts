/**
 * JSON with the offset of every value (so a notebook's cells map back to the raw `.ipynb` lines), read with
 * jsonc-parser (VS Code's own JSON scanner) in strict mode: no comments, no trailing commas. Throws `JsonError`
 * with the offset of the first problem.
 */
import type { Node, ParseError } from 'jsonc-parser';

export type JsonNode = Node;

// Loaded on first use: only notebooks are JSON.
const jsonc = (): typeof import('jsonc-parser') => require('jsonc-parser') as typeof import('jsonc-parser');

export class JsonError extends Error {
  constructor(message: string, public readonly offset: number) {
    super(message);
  }
}

export function parseJsonWithPositions(text: string): JsonNode {
  // A byte-order mark is not JSON; blanking it keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = jsonc().parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    // The parser recurses per nesting level.
    if (e instanceof RangeError) throw new JsonError('the JSON is nested too deeply to read', 0);
    throw e;
  }
  if (errors.length) throw new JsonError(`${jsonc().printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`, errors[0].offset);
  if (!root) throw new JsonError('no JSON value at offset 0', 0);
  return root;
}

/** The value of `key` in an object node. */
export function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

/** A string node's value. */
export function str(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}
