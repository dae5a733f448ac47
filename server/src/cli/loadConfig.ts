/**
 * The CLI's configuration: `--config`, or the nearest `.mlrun-secrets.json` from the working directory up to the
 * repository root, read as a regular file of at most MAX_CONFIG_FILE_BYTES (a discovered one through a symbolic
 * link only into its own folder), then `--exclude` and `--max-file-size` on top.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, EMPTY_CONFIG, MAX_CONFIG_FILE_BYTES, parseConfig, type AnalyzerConfig } from '../../../shared/src/config';
import { findRepoRoot } from '../../../shared/src/gitFacts';
import { displayPath } from '../workspace/fsNames';
import { describeFailure, RegularFileReader, utf8Text } from '../workspace/regularFile';
import type { CliOptions } from './args';

function findConfig(cwd: string): string | undefined {
  const stop = findRepoRoot(cwd);
  let dir = cwd;
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    // lstat: a dangling link or a FIFO is found too, and then refused with a reason (as is one lstat cannot see).
    try {
      if (fs.lstatSync(candidate, { throwIfNoEntry: false })) return candidate;
    } catch {
      return candidate;
    }
    const up = path.dirname(dir);
    if (dir === stop || up === dir) return undefined;
    dir = up;
  }
}

export interface LoadedConfig {
  config: AnalyzerConfig;
  /** The folder the configuration's excludes are relative to. */
  root: string;
}

/** The configuration, or the lines that say why it cannot be used. */
export function loadConfig(options: CliOptions, cwd: string, rel: (abs: string) => string): LoadedConfig | { errors: string[] } {
  const configPath = options.config ? path.resolve(cwd, options.config) : findConfig(cwd);
  const root = configPath ? path.dirname(configPath) : cwd;
  let config = EMPTY_CONFIG;
  if (configPath) {
    // A file named with --config is the user's choice, links and all; a discovered one stays in its folder.
    const read = new RegularFileReader().read(configPath, { maxBytes: MAX_CONFIG_FILE_BYTES, root: options.config ? undefined : root });
    if (!read.ok) return { errors: [`cannot read the configuration ${displayPath(configPath)}: ${describeFailure(read)}`] };
    const parsed = parseConfig(utf8Text(read.bytes), displayPath(rel(configPath)));
    if (parsed.errors.length) return { errors: parsed.errors };
    config = parsed.config;
  }
  if (options.maxFileSize !== null) config = { ...config, maxFileSize: options.maxFileSize };
  return { config, root };
}
