/** Random edits of Python text — bytes (any UTF-16 unit, line breaks, quotes, brackets) and tokens — for the robustness tests. */
import type { Random } from './random';

export const TOKENS = [
  'with_secrets(', 'set_secrets(', 'get_secret(', '.with_secrets', '.set_secrets', '"inline"', '"env"', '"file"', '"kubernetes"',
  '"azure_vault"', '{"A": "x"}', '["K1", "K2"]', 'local=True', '.run(', 'run_function(', 'def f(context):\n    ', 'class C:\n    ',
  '"""', "'''", '(', ')', '[', ']', '{', '}', ':', ',', '\n', '\r\n', '\r', '    ', '\t', '\\\n', '# mlrun-secrets: ignore[MLS001] r',
  '# mlrun-secrets: ignore-next-line[MLS003]', '# nosec', '#', 'x = ', 'creds["k"] = "v"\n', 'creds.update(k="v")\n', 'project.',
  'context.', 'task.', '@dec\n', 'else:\n', 'import os\n', 'async ', 'lambda: ', 'f"{x}"', "b'x'", 'é', '🔑', '\u2028', '\0',
];

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A random edit of `text`: mostly small insertions and deletions, sometimes tokens or random UTF-16 units. */
export function randomEdit(rng: Random, text: string): Edit {
  const at = rng.int(text.length + 1);
  const r = rng.next();
  if (r < 0.35 && text.length > 0) {
    const len = 1 + rng.int(Math.min(8, text.length - Math.min(at, text.length - 1)));
    const s = Math.min(at, text.length - 1);
    return { start: s, end: Math.min(text.length, s + len), text: '' };
  }
  if (r < 0.7) return { start: at, end: at, text: rng.pick(TOKENS) };
  if (r < 0.9) {
    const alphabet = 'abcxyz_019 ."\'()[]{}:,=#\\\n';
    let s = '';
    for (let i = 1 + rng.int(3); i > 0; i--) s += alphabet[rng.int(alphabet.length)];
    return { start: at, end: at, text: s };
  }
  // Any UTF-16 code unit, lone surrogates included.
  let s = '';
  for (let i = 1 + rng.int(2); i > 0; i--) s += String.fromCharCode(rng.int(0x10000));
  const end = Math.min(text.length, at + rng.int(3));
  return { start: at, end, text: s };
}

export function applyEdit(text: string, e: Edit): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}
