/**
 * What the MLRun SDK itself would connect with (mlrun/config.py `_do_populate`, `read_env`; mlrun/db/httpdb.py;
 * docs/mlrun-facts.md §2.5, §2.6): the process environment with the SDK's env file loaded over it
 * (`dotenv.load_dotenv(env_file, override=True)`: the file wins), then
 *   - the endpoint: `MLRUN_DBPATH`;
 *   - the token: `MLRUN_HTTPDB__TOKEN` (config `httpdb.token`, JSON-decoded like every `MLRUN_*` value), else
 *     `MLRUN_AUTH_SESSION`, else `V3IO_ACCESS_KEY`; the user name: `V3IO_USERNAME`.
 * The extension offers these credentials for that endpoint only when nothing is stored for it (SecretStorage
 * first); they stay in memory: never copied into settings, never logged (only the variable names and the file).
 */
import { homedir } from 'node:os';
import { parseDotenv } from './dotenv';
import type { MlrunCredentials } from './auth';
import { defaultReadFile, mlrunEnvFilePath, resolveMlrunEndpoint } from './endpoint';
import { nullRecord } from '../../../../shared/src/records';

export interface SdkEnvironment {
  /** The variables the SDK sees: the process environment with the env file's values over it. */
  vars: Readonly<Record<string, string | undefined>>;
  /** The env file that was read, when one exists. */
  envFile?: string;
  /** Names that came from the env file. */
  fromFile: ReadonlySet<string>;
}

export interface SdkCredentials {
  credentials: MlrunCredentials;
  /** Where each part came from: `V3IO_ACCESS_KEY (~/.mlrun.env)`, `MLRUN_HTTPDB__TOKEN (environment)`. Names only. */
  sources: string[];
}

export interface SdkInputs {
  env?: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
  readFile?: (path: string) => string | undefined;
}

/** The environment the SDK would run with (a missing or unreadable env file leaves the process environment). */
export function sdkEnvironment(i: SdkInputs = {}): SdkEnvironment {
  const env = i.env ?? process.env;
  const file = mlrunEnvFilePath(env, i.homeDir ?? homedir());
  if (!file) return { vars: env, fromFile: new Set() };
  let text: string | undefined;
  try {
    text = (i.readFile ?? defaultReadFile)(file);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { vars: env, fromFile: new Set() };
  // Null prototype: a file may name a variable `__proto__` or `constructor`.
  const vars = nullRecord<string | undefined>(Object.entries(env));
  const fromFile = new Set<string>();
  // load_dotenv: interpolation sees os.environ with the file's own earlier values over it; None values are not set.
  for (const e of parseDotenv(text, env).entries) {
    if (e.value === null) continue;
    vars[e.key] = e.value;
    fromFile.add(e.key);
  }
  return { vars, envFile: file, fromFile };
}

/** `read_env`: an `MLRUN_*` value is JSON-decoded when it is JSON (a quoted token loses its quotes). */
function configValue(raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : raw;
  } catch {
    return raw;
  }
}

/** The credentials MLRun's client would send, or undefined when the SDK has none. */
export function sdkCredentials(e: SdkEnvironment): SdkCredentials | undefined {
  const where = (name: string): string => `${name} (${e.fromFile.has(name) ? e.envFile : 'environment'})`;
  const candidates: [string, string | undefined][] = [
    ['MLRUN_HTTPDB__TOKEN', e.vars.MLRUN_HTTPDB__TOKEN ? configValue(e.vars.MLRUN_HTTPDB__TOKEN) : undefined],
    ['MLRUN_AUTH_SESSION', e.vars.MLRUN_AUTH_SESSION],
    ['V3IO_ACCESS_KEY', e.vars.V3IO_ACCESS_KEY],
  ];
  const token = candidates.find(([, v]) => v);
  if (!token) return undefined;
  const user = e.vars.V3IO_USERNAME || undefined;
  const credentials: MlrunCredentials = {};
  const sources: string[] = [];
  credentials.token = token[1]!;
  sources.push(where(token[0]));
  if (user) {
    credentials.username = user;
    sources.push(where('V3IO_USERNAME'));
  }
  return { credentials, sources };
}

/** The SDK's credentials, only when the SDK's own endpoint is `url` (they are never sent anywhere else). */
export function sdkCredentialsFor(url: string, i: SdkInputs = {}): SdkCredentials | undefined {
  const own = resolveMlrunEndpoint({ setting: '', ...i });
  if (!own.ok || own.value?.url !== url) return undefined;
  return sdkCredentials(sdkEnvironment(i));
}
