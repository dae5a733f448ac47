/**
 * The workspace's own Python modules, as far as imports need them: `from .settings import SOURCE` in one file
 * resolves `SOURCE` in settings.py, folded there (its own names and imports) and brought back with the spans of the
 * use. Pure: the caller passes a reader for module texts (open documents first, then disk) with a stamp that
 * changes when a text does (a document version, a file's mtime and size); modules are read on first use, only the
 * chunks binding the names asked about are parsed, and a module's answers are dropped when its stamp changes —
 * together with those of every module that took answers from it. `onChanged` names the importers to analyse again.
 */
import type { Val } from '../python/facts';
import type { ImportHook } from '../python/resolver';
import { Resolver } from '../python/resolver';
import { PythonSource } from '../python/source';
import { flatten, mapChildren } from '../python/valTree';
import { baseName, moduleFiles, searchBases } from './paths';

export interface ModuleText {
  text: string;
  /** Changes whenever the text does. */
  stamp: string;
}

/** Reads a module's text; undefined when there is no such file (or it cannot be read). */
export type ModuleReader = (path: string) => ModuleText | undefined;

interface Entry {
  stamp: string;
  source: PythonSource;
  resolver: Resolver | undefined;
  values: Map<string, Val | null>;
}

/** Modules kept (least recently used dropped first); each holds only its chunks' facts, never a tree. */
const MAX_MODULES = 256;
/** How many modules an answer may pass through (`a` imports from `b`, which imports from `c`…). */
const MAX_CHAIN = 4;
/** Standard-library packages code names all the time: never looked for in the workspace. */
const STDLIB = new Set([
  'os', 'sys', 'json', 'functools', 'typing', 'typing_extensions', 're', 'pathlib', 'collections', 'itertools', 'logging',
  'datetime', 'time', 'subprocess', 'shutil', 'tempfile', 'uuid', 'hashlib', 'base64', 'copy', 'dataclasses', 'enum',
  'abc', 'io', 'math', 'random', 'string', 'textwrap', 'urllib', 'http', 'socket', 'threading', 'asyncio', 'contextlib',
  'inspect', 'importlib', 'warnings', 'argparse', 'pickle', 'csv', 'glob', 'fnmatch', 'secrets', 'getpass', 'platform',
]);

export class ModuleIndex {
  private readonly entries = new Map<string, Entry>();
  /** path → the paths that took an answer from it. */
  private readonly importers = new Map<string, Set<string>>();
  /** The stamp each importer was last analysed with (to notice its own changes). */
  private readonly seen = new Map<string, string>();
  private readonly resolving = new Set<string>();

  constructor(private readonly read: ModuleReader) {}

  /**
   * The import hook for analysing `importer` (absolute path), absolute imports searched under `roots`. When the
   * importer changed since its last analysis, the answers it gave others are dropped and `onChanged` gets the
   * paths that took them.
   */
  hookFor(importer: string, roots: readonly string[], stamp?: string, onChanged?: (paths: string[]) => void): ImportHook {
    if (stamp !== undefined) {
      const before = this.seen.get(importer);
      this.seen.set(importer, stamp);
      // First seen here (just opened): others may have read it from disk.
      if (before === undefined ? this.importers.has(importer) : before !== stamp) {
        const affected = this.invalidate(importer);
        if (affected.length) onChanged?.(affected);
      }
    }
    return imp => this.answer(importer, roots, imp.path, imp.level, imp.use ?? { s: imp.s, e: imp.e }, 0);
  }

  /** Drops what is known from `path` (it changed or was deleted); returns every importer that relied on it. */
  invalidate(path: string): string[] {
    const out = new Set<string>();
    const queue = [path];
    while (queue.length) {
      const p = queue.pop()!;
      this.entries.delete(p);
      for (const i of this.importers.get(p) ?? []) {
        if (out.has(i)) continue;
        out.add(i);
        queue.push(i);
      }
      this.importers.delete(p);
    }
    out.delete(path);
    return [...out];
  }

  private entry(path: string): Entry | undefined {
    const t = this.read(path);
    if (!t) {
      this.entries.delete(path);
      return undefined;
    }
    let e = this.entries.get(path);
    if (e && e.stamp !== t.stamp) {
      this.invalidate(path);
      e = undefined;
    }
    if (e) {
      // Most recently used last.
      this.entries.delete(path);
      this.entries.set(path, e);
      return e;
    }
    e = { stamp: t.stamp, source: new PythonSource(t.text), resolver: undefined, values: new Map() };
    this.entries.set(path, e);
    for (const old of this.entries.keys()) {
      if (this.entries.size <= MAX_MODULES) break;
      this.entries.get(old)?.source.dispose();
      this.entries.delete(old);
    }
    return e;
  }

  private depend(importer: string, path: string): void {
    let set = this.importers.get(path);
    if (!set) this.importers.set(path, (set = new Set()));
    set.add(importer);
  }

  private answer(importer: string, roots: readonly string[], dotted: string, level: number, use: { s: number; e: number }, chain: number): ReturnType<ImportHook> {
    const segments = dotted === '' ? [] : dotted.split('.');
    if (level === 0 && STDLIB.has(segments[0])) return 'external';
    for (const base of searchBases(importer, level, roots)) {
      // The shortest module first: `from pkg import settings` is pkg's name, or else its submodule.
      let found = false;
      for (let n = level > 0 ? 0 : 1; n <= segments.length; n++) {
        let file: string | undefined;
        let e: Entry | undefined;
        for (const f of moduleFiles(base, segments.slice(0, n))) {
          if (f !== importer && (e = this.entry(f))) { file = f; break; }
        }
        if (!file || !e) {
          if (found) return 'module';
          continue;
        }
        found = true;
        this.depend(importer, file);
        const rest = segments.slice(n);
        if (rest.length === 0) return 'module';
        const v = this.valueOf(file, e, rest[0], roots, chain);
        if (!v) continue;
        let out: Val = flatten(v, use.s, use.e, baseName(file));
        for (const attr of rest.slice(1)) out = { k: 'attr', s: use.s, e: use.e, obj: out, name: attr };
        return { val: out };
      }
      if (found) return 'module';
    }
    return level > 0 ? undefined : 'external';
  }

  /** The value module `path` gives `name`, folded there (imports followed up to MAX_CHAIN modules). */
  private valueOf(path: string, e: Entry, name: string, roots: readonly string[], chain: number): Val | undefined {
    const known = e.values.get(name);
    if (known !== undefined) return known ?? undefined;
    const key = `${path}\0${name}`;
    if (this.resolving.has(key) || chain >= MAX_CHAIN) return undefined;
    this.resolving.add(key);
    try {
      e.resolver ??= new Resolver(e.source, imp => this.answer(path, roots, imp.path, imp.level, imp.use ?? { s: imp.s, e: imp.e }, chain + 1));
      const v = e.source.batch(() => e.resolver!.valueOf(name));
      // Relative imports left are the other module's: not for the importer to follow.
      const out = v && markWorkspace(v);
      e.values.set(name, out ?? null);
      return out;
    } finally {
      this.resolving.delete(key);
    }
  }
}

function markWorkspace(v: Val): Val {
  const inner = mapChildren(v, markWorkspace);
  return inner.k === 'imp' && inner.level > 0 && !inner.ws ? { ...inner, ws: true } : inner;
}
