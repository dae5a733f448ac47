/**
 * The function object `mlrun.code_to_function(name, project=..., filename=..., handler=..., kind="job",
 * image=..., with_doc=False)` serialises to (docs/mlrun-facts.md §11.1–§11.2), and the source embedding
 * it uses: the file read as text (UTF-8, universal newlines: CRLF and a lone CR become LF), base64 of its UTF-8 bytes
 * (standard alphabet, padded, no line breaks).
 *
 * `to_dict()` drops `None`, `{}` and `[]` at every level except `affinity`, `tolerations` and `node_selector`;
 * empty strings and `false` stay. `entry_points` are left out, as with `with_doc=False`: the extension never parses
 * Python itself, and MLRun's server does not need them.
 */
import { mlrunNormalizeName } from './names';

/** `config.function.spec.state_thresholds.default` (§11.2). */
export const DEFAULT_STATE_THRESHOLDS = Object.freeze({
  pending_scheduled: '1h',
  pending_not_scheduled: '-1',
  image_pull_backoff: '1h',
  executing: '24h',
});

export type StateThresholds = { -readonly [K in keyof typeof DEFAULT_STATE_THRESHOLDS]: string };

export interface FunctionObject {
  kind: 'job';
  metadata: {
    name: string;
    tag: string;
    project: string;
    credentials?: { access_key: string };
  };
  spec: {
    command: string;
    image: string;
    description: string;
    default_handler: string;
    disable_auto_mount: boolean;
    priority_class_name: string;
    preemption_mode: string;
    node_selector: Record<string, string>;
    affinity: null;
    tolerations: null;
    state_thresholds: StateThresholds;
    build: {
      functionSourceCode: string;
      code_origin: string;
      origin_filename: string;
    };
  };
  verbose: boolean;
}

export interface FunctionInputs {
  /** Already normalised (nuclio's rules). */
  name: string;
  project: string;
  /** `filename` exactly as passed to `code_to_function` (relative to the working directory, `/`-separated). */
  filename: string;
  handler: string;
  image: string;
  /** The file's text, as read (newlines are normalised here). */
  code: string;
  /** `"<remote>#<sha>"` when the file is in a git repository with a remote (see codeOrigin.ts). */
  gitOrigin?: string;
  /** The launcher's `_fill_credentials` (`"$generate"`): set for runs that go through the MLRun API. */
  withCredentials?: boolean;
}

/** Python's text-mode read: `\r\n` and a lone `\r` become `\n`. */
export function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** `base64(utf8(text))` of the text as Python reads it (§11.2). */
export function encodeSourceCode(text: string): string {
  return Buffer.from(universalNewlines(text), 'utf8').toString('base64');
}

/** Decodes a file as Python's `open(path)` would on Linux/macOS (strict UTF-8); undefined when it is not UTF-8. */
export function decodeSourceFile(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** `code_origin`: `"<remote>#<sha>:<filename>"`, or the filename when the file is not in a git repo with a remote. */
export function codeOrigin(filename: string, gitOrigin: string | undefined): string {
  return gitOrigin ? `${gitOrigin}:${filename}` : filename;
}

/** The function object as `to_dict()` gives it (§11.2 example), ready for the store-function request. */
export function buildFunctionObject(i: FunctionInputs): FunctionObject {
  const metadata: FunctionObject['metadata'] = { name: i.name, tag: '', project: i.project };
  if (i.withCredentials) metadata.credentials = { access_key: '$generate' };
  return {
    kind: 'job',
    metadata,
    spec: {
      command: '',
      image: i.image,
      description: '',
      default_handler: i.handler,
      disable_auto_mount: false,
      priority_class_name: '',
      preemption_mode: 'prevent',
      node_selector: {},
      affinity: null,
      tolerations: null,
      state_thresholds: { ...DEFAULT_STATE_THRESHOLDS },
      build: {
        functionSourceCode: encodeSourceCode(i.code),
        code_origin: codeOrigin(i.filename, i.gitOrigin),
        origin_filename: i.filename,
      },
    },
    verbose: false,
  };
}

/** `{name}` of `POST projects/{project}/functions/{name}`: MLRun's `normalize_name` of `metadata.name` (§11.3). */
export function storeFunctionPathName(fn: FunctionObject): string {
  return mlrunNormalizeName(fn.metadata.name);
}

/**
 * `generate_object_uri` (§11.3): `{project}/{name}@{hash}`; `:{tag}` only without a hash and with a tag; else
 * `{project}/{name}`. The name is the un-normalised `metadata.name`.
 */
export function functionUri(fn: FunctionObject, hashKey?: string): string {
  const base = `${fn.metadata.project}/${fn.metadata.name}`;
  if (hashKey) return `${base}@${hashKey}`;
  if (fn.metadata.tag) return `${base}:${fn.metadata.tag}`;
  return base;
}
