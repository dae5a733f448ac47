/**
 * Where the MLRun API is: the `mlrunSecrets.mlrunApi.endpoint` setting, else `MLRUN_DBPATH`, else the env file the
 * SDK reads (`MLRUN_ENV_FILE`, else `MLRUN_DEFAULT_ENV_FILE`, else `~/.mlrun.env`; skipped when
 * `MLRUN_IGNORE_ENV_FILE` is set). The URL is normalised as `HTTPRunDB` does (§2.4): only http/https, user info
 * stripped (and offered as basic-auth credentials), query and fragment dropped, no trailing slash.
 *
 * Note: the SDK loads the env file with override=True, so for the SDK the file wins over `MLRUN_DBPATH`; the
 * extension lets the process environment win, so a terminal's `MLRUN_DBPATH` is what you see.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fail, ok, type Result } from '../types';
import { parseDotenv } from './dotenv';

export type EndpointSource = 'setting' | 'MLRUN_DBPATH' | 'envFile';

export interface MlrunEndpoint {
  /** Base URL without credentials, query or trailing slash (what API paths are appended to). */
  url: string;
  source: EndpointSource;
  /** The env file it came from (source `envFile`). */
  envFile?: string;
  /** `user:password@` found in the URL: MLRun offers it as basic auth. Never logged. */
  urlCredentials?: { username: string; password: string };
}

export interface EndpointInputs {
  setting?: string;
  env?: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
  /** Reads a file, or returns undefined when it does not exist (injectable for tests). */
  readFile?: (path: string) => string | undefined;
}

function defaultReadFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}

/** Normalises an MLRun API URL, or explains why it cannot be used. */
export function parseMlrunUrl(raw: string, source: EndpointSource, envFile?: string): Result<MlrunEndpoint> {
  const text = raw.trim();
  const where = source === 'setting' ? 'The mlrunSecrets.mlrunApi.endpoint setting' : source === 'MLRUN_DBPATH' ? 'MLRUN_DBPATH' : `MLRUN_DBPATH in ${envFile}`;
  if (!text.includes('://')) {
    return fail('invalid', `${where} is not a URL ("${text.slice(0, 80)}"); MLRun would use no database. Use e.g. https://mlrun-api.example.com.`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('invalid', `${where} is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('invalid', `${where} must start with http:// or https:// (not ${url.protocol}//).`);
  }
  const endpoint: MlrunEndpoint = {
    url: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`,
    source,
  };
  if (envFile) endpoint.envFile = envFile;
  if (url.username || url.password) {
    endpoint.urlCredentials = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  }
  return ok(endpoint);
}

/** The env file the SDK would read, or undefined when it reads none. */
export function mlrunEnvFilePath(env: Readonly<Record<string, string | undefined>>, home: string): string | undefined {
  if (env.MLRUN_IGNORE_ENV_FILE) return undefined;
  const explicit = env.MLRUN_ENV_FILE || env.MLRUN_DEFAULT_ENV_FILE;
  const path = expandHome(explicit || '~/.mlrun.env', home);
  return isAbsolute(path) ? path : join(process.cwd(), path);
}

/** Resolves the endpoint; `ok(undefined)` when none is configured anywhere. */
export function resolveMlrunEndpoint(inputs: EndpointInputs = {}): Result<MlrunEndpoint | undefined> {
  const env = inputs.env ?? process.env;
  if (inputs.setting && inputs.setting.trim()) return parseMlrunUrl(inputs.setting, 'setting');
  if (env.MLRUN_DBPATH && env.MLRUN_DBPATH.trim()) return parseMlrunUrl(env.MLRUN_DBPATH, 'MLRUN_DBPATH');
  const file = mlrunEnvFilePath(env, inputs.homeDir ?? homedir());
  if (!file) return ok(undefined);
  let text: string | undefined;
  try {
    text = (inputs.readFile ?? defaultReadFile)(file);
  } catch (e) {
    return fail('invalid', `Cannot read the MLRun env file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  if (text === undefined) return ok(undefined);
  const dbpath = parseDotenv(text, env).entries.find(e => e.key === 'MLRUN_DBPATH')?.value;
  if (!dbpath) return ok(undefined);
  return parseMlrunUrl(dbpath, 'envFile', file);
}
