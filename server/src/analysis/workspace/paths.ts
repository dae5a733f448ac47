/**
 * Where Python finds a module a file imports: candidate files for `import a.b` / `from ..a import b`, next to the
 * importer, then under each root (a workspace folder, its `src/`). Pure string work on absolute paths, with `/` or
 * (for Windows paths) `\` as separator.
 */

function sepOf(p: string): string {
  return p.includes('\\') && !p.includes('/') ? '\\' : '/';
}

export function dirOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i <= 0 ? p.slice(0, i + 1) : p.slice(0, i);
}

export function joinPath(dir: string, ...parts: string[]): string {
  const sep = sepOf(dir);
  return [dir.endsWith(sep) ? dir.slice(0, -1) : dir, ...parts].join(sep);
}

/** The file name of a path (for messages). */
export function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** The folders an import is searched from: for `level` dots, the importer's package that many levels up. */
export function searchBases(importer: string, level: number, roots: readonly string[]): string[] {
  if (level > 0) {
    let base = dirOf(importer);
    for (let i = 1; i < level; i++) base = dirOf(base);
    return [base];
  }
  const out: string[] = [dirOf(importer)];
  for (const r of roots) for (const b of [r, joinPath(r, 'src')]) if (!out.includes(b)) out.push(b);
  return out;
}

/** The files a dotted module name can be, under `base`: `a/b.py`, then `a/b/__init__.py`. */
export function moduleFiles(base: string, segments: readonly string[]): string[] {
  if (segments.length === 0) return [joinPath(base, '__init__.py')];
  return [joinPath(base, ...segments.slice(0, -1), `${segments[segments.length - 1]}.py`), joinPath(base, ...segments, '__init__.py')];
}
