/**
 * Where the MLRun API is: the `mlrunSecrets.mlrunApi.endpoint` setting, else the `MLRUN_DBPATH` the SDK would use —
 * that of the env file it reads (`MLRUN_ENV_FILE`, else `MLRUN_DEFAULT_ENV_FILE`, else `~/.mlrun.env`; none when
 * `MLRUN_IGNORE_ENV_FILE` is set), which wins over the process environment as the SDK loads it with
 * `override=True` (mlrun/config.py `_do_populate`), else the process environment's. The URL is normalised as
 * `HTTPRunDB` does (§2.4): only http/https, user info stripped (and offered as basic-auth credentials), query and
 * fragment dropped, no trailing slash.
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

export function defaultReadFile(path: string): string | undefined {
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

/**
 * The env file the SDK would read, or undefined when it reads none: `MLRUN_ENV_FILE` when it is set, else
 * `os.getenv("MLRUN_DEFAULT_ENV_FILE", "~/.mlrun.env")` (an empty value means none); nothing with `MLRUN_IGNORE_ENV_FILE`.
 */
export function mlrunEnvFilePath(env: Readonly<Record<string, string | undefined>>, home: string): string | undefined {
  if (env.MLRUN_IGNORE_ENV_FILE) return undefined;
  const chosen = env.MLRUN_ENV_FILE !== undefined ? env.MLRUN_ENV_FILE : env.MLRUN_DEFAULT_ENV_FILE ?? '~/.mlrun.env';
  if (!chosen) return undefined;
  const path = expandHome(chosen, home);
  return isAbsolute(path) ? path : join(process.cwd(), path);
}

/** Resolves the endpoint; `ok(undefined)` when none is configured anywhere. */
export function resolveMlrunEndpoint(inputs: EndpointInputs = {}): Result<MlrunEndpoint | undefined> {
  const env = inputs.env ?? process.env;
  if (inputs.setting && inputs.setting.trim()) return parseMlrunUrl(inputs.setting, 'setting');
  const fromEnv = (): Result<MlrunEndpoint | undefined> =>
    env.MLRUN_DBPATH && env.MLRUN_DBPATH.trim() ? parseMlrunUrl(env.MLRUN_DBPATH, 'MLRUN_DBPATH') : ok(undefined);
  const file = mlrunEnvFilePath(env, inputs.homeDir ?? homedir());
  if (!file) return fromEnv();
  let text: string | undefined;
  try {
    text = (inputs.readFile ?? defaultReadFile)(file);
  } catch (e) {
    return fail('invalid', `Cannot read the MLRun env file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  if (text === undefined) return fromEnv();
  // load_dotenv sets only keys with a value (`KEY` without `=` is None); an empty value still overrides.
  const entry = parseDotenv(text, env).entries.find(e => e.key === 'MLRUN_DBPATH' && e.value !== null);
  if (!entry) return fromEnv();
  if (!entry.value) return ok(undefined);
  return parseMlrunUrl(entry.value, 'envFile', file);
}
