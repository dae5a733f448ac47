/**
 * The analyzer configuration of each workspace folder: `.mlrun-secrets.json` at the folder root, overridden by
 * the `mlrunSecrets.rules` / `mlrunSecrets.exclude` / `mlrunSecrets.maxFileSize` settings (resource scope) the
 * client returns for that folder. Cached until the file or the settings change.
 */
import * as path from 'node:path';
import { CONFIG_FILE, configFromValue, EMPTY_CONFIG, MAX_CONFIG_FILE_BYTES, mergeConfig, parseConfig, type AnalyzerConfig } from '../../../shared/src/config';
import { excludeMatcher } from './listFiles';
import { describeFailure, RegularFileReader, utf8Text } from './regularFile';

export interface FolderConfig {
  config: AnalyzerConfig;
  excluded: (fsPath: string) => boolean;
  /** Problems found in the file or the settings (logged by the server). */
  errors: string[];
}

/** Reads the settings of a folder (`workspace/configuration`); resolves to undefined when the client has none. */
export type SettingsReader = (folderUri: string | null) => Promise<unknown>;

export class FolderConfigs {
  private readonly cache = new Map<string, Promise<FolderConfig>>();

  constructor(private readonly readSettings: SettingsReader) {}

  /** The configuration for a folder (`null` folder: documents outside any folder get settings only). */
  get(folderUri: string | null, folderPath: string | null): Promise<FolderConfig> {
    const key = folderUri ?? '';
    let p = this.cache.get(key);
    if (!p) {
      p = this.load(folderUri, folderPath);
      this.cache.set(key, p);
    }
    return p;
  }

  invalidate(folderUri?: string): void {
    if (folderUri === undefined) this.cache.clear();
    else this.cache.delete(folderUri);
  }

  private async load(folderUri: string | null, folderPath: string | null): Promise<FolderConfig> {
    const errors: string[] = [];
    let config = EMPTY_CONFIG;
    if (folderPath) {
      const file = path.join(folderPath, CONFIG_FILE);
      // A link to /dev/zero, a FIFO or a huge file must not hang or swell the server: regular files only, capped.
      const read = new RegularFileReader().read(file, { maxBytes: MAX_CONFIG_FILE_BYTES, root: folderPath });
      if (read.ok) {
        const parsed = parseConfig(utf8Text(read.bytes), file);
        errors.push(...parsed.errors);
        config = parsed.config;
      } else if (!(read.kind === 'error' && read.code === 'ENOENT')) {
        errors.push(`${file}: not read: ${describeFailure(read)}.`);
      }
    }
    let settings: unknown;
    try {
      settings = await this.readSettings(folderUri);
    } catch {
      settings = undefined;
    }
    if (settings && typeof settings === 'object') {
      const s = settings as { rules?: unknown; exclude?: unknown; maxFileSize?: unknown };
      const fromSettings = configFromValue({
        ...(s.rules !== undefined ? { rules: s.rules } : {}),
        ...(s.exclude !== undefined ? { exclude: s.exclude } : {}),
        ...(s.maxFileSize !== undefined && s.maxFileSize !== null ? { maxFileSize: s.maxFileSize } : {}),
      }, 'mlrunSecrets settings');
      errors.push(...fromSettings.errors);
      config = mergeConfig(config, fromSettings.config);
    }
    const matcher = excludeMatcher(config.exclude, folderPath ?? undefined);
    return { config, excluded: p => matcher(p), errors };
  }
}
