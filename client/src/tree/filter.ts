/**
 * The tree's key filter (Filter Keys…): case-insensitive; `*` matches any run of characters and `?` one character;
 * text without wildcards matches anywhere in the key. Pure, so unit tests need no VS Code.
 */
export interface KeyFilter {
  /** What the user typed (trimmed). */
  readonly text: string;
  matches(name: string): boolean;
}

function escape(c: string): string {
  return /[\\^$.|+()[\]{}]/.test(c) ? `\\${c}` : c;
}

/** A filter for `text`, or undefined when `text` is blank (no filter). */
export function keyFilter(text: string): KeyFilter | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const wild = t.includes('*') || t.includes('?');
  let source = '';
  for (const c of t) source += c === '*' ? '.*' : c === '?' ? '.' : escape(c);
  const re = new RegExp(wild ? `^${source}$` : source, 'i');
  return { text: t, matches: name => re.test(name) };
}
