/**
 * The files the CLI analyses, each with the folder its symbolic links may point into: a directory argument is
 * listed (listFiles) and is that folder for its files; a file argument's folder is the working directory when the
 * file is inside it (pre-commit passes repository files one by one), else the file's own directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalyzerConfig } from '../../../shared/src/config';
import { documentKind } from '../analysis/analyzeFile';
import { displayPath } from '../workspace/fsNames';
import { listFiles } from '../workspace/listFiles';
import { ERRNO_TEXT, isInside } from '../workspace/regularFile';

export interface CliFile {
  file: string;
  root: string;
}

export interface Collected {
  files: CliFile[];
  /** I/O problems (exit 2). */
  errors: string[];
  /** .gitignore files or lines not applied. */
  warnings: string[];
}

type Excluded = (abs: string, isDir?: boolean) => boolean;

export async function collectFiles(paths: readonly string[], cwd: string, config: AnalyzerConfig, configRoot: string, excluded: { config: Excluded; cli: Excluded }): Promise<Collected> {
  const out: Collected = { files: [], errors: [], warnings: [] };
  const seen = new Set<string>();
  const add = (file: string, root: string): void => {
    if (!seen.has(file)) { seen.add(file); out.files.push({ file, root }); }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      // Node replaces the bytes of an argument that is not valid UTF-8 with U+FFFD: such a name cannot be passed.
      const hint = code === 'ENOENT' && p.includes('\ufffd') ? ' (a name that is not valid UTF-8 cannot be passed as an argument: name its folder instead)' : '';
      out.errors.push(`cannot read "${displayPath(p)}": ${code === 'ENOENT' ? 'no such file or directory' : ERRNO_TEXT[code] ?? code}${hint}`);
      continue;
    }
    if (st.isDirectory()) {
      const listed = await listFiles(abs, { exclude: config.exclude, excludeBase: configRoot, sync: true });
      for (const err of listed.errors) out.errors.push(`cannot read ${err}`);
      out.warnings.push(...listed.warnings);
      for (const f of listed.files) if (!excluded.cli(f)) add(f, abs);
    } else if (documentKind(abs) && !excluded.config(abs) && !excluded.cli(abs)) {
      add(abs, isInside(abs, cwd) ? cwd : path.dirname(abs));
    }
  }
  return out;
}
