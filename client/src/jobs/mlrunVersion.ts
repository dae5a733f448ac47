/**
 * Which MLRun a job runs with, and so how it names the variables of project secrets (`EnvNaming`, shared/src/mlrun.ts):
 * MLRun 1.8 set `secret_stores.kubernetes.env_variable_prefix` to "" and stopped upper-casing (mlrun/mlrun PRs #6955
 * and #7097), so `k8s_env_variable_name_for_secret("K")` is `MLRUN_K8S_SECRET__K` up to 1.7 and `K` from 1.8 on.
 *
 * Where the version comes from (pure; the callers read it):
 *   - the MLRun API: `version` of `GET client-spec`;
 *   - a local interpreter: the installed distribution's version, else `mlrun.__version__` (localJob.ts probes it);
 *   - a Kubernetes Job: the image tag (`mlrun/mlrun:1.7.2`), else `mlrunSecrets.jobs.mlrunVersion`;
 *   - none of these: unknown, and both names are given (`both`).
 * Development builds (`0.0.0+unstable`, the `unstable` tag) follow MLRun's development branch, which has the 1.8 rule.
 */
import type { EnvNaming } from '../../../shared/src/mlrun';

export interface MlrunVersion {
  major: number;
  minor: number;
  patch: number;
  /** As given (trimmed). */
  text: string;
  /** A development build (`0.0.0…`, `unstable`). */
  development: boolean;
}

/** What a job's MLRun is taken to be, and why (one sentence part, for messages and the log; no value). */
export interface NamingChoice {
  naming: EnvNaming;
  /** The version the rule was chosen from, when known. */
  version?: string;
  /** "the image tag 1.7.2", "the MLRun API (version 1.8.1)", or why it is unknown. */
  from: string;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+._][0-9A-Za-z.+_-]*|(?:a|b|rc|dev|post)\d*[0-9A-Za-z.+_-]*)?$/;

/** Parses MLRun versions and image tags: `1.7.2`, `v1.8.0`, `1.8.0-rc12`, `1.8.0rc3`, `1.7.0-py39`, `0.0.0+unstable`, `unstable`. */
export function parseMlrunVersion(text: string | undefined): MlrunVersion | undefined {
  const t = (text ?? '').trim();
  if (t === 'unstable') return { major: 0, minor: 0, patch: 0, text: t, development: true };
  const m = VERSION.exec(t);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = Number(m[3] ?? 0);
  return { major, minor, patch, text: t, development: major === 0 && minor === 0 && patch === 0 };
}

/** The rule of a version: `plain` from 1.8 (and development builds), `prefixed` before. */
export function namingForVersion(v: MlrunVersion): Exclude<EnvNaming, 'both'> {
  if (v.development) return 'plain';
  return v.major > 1 || (v.major === 1 && v.minor >= 8) ? 'plain' : 'prefixed';
}

/** The rule for a version string, or undefined when it is not a version. */
export function choiceForVersion(version: string | undefined, from: (v: string) => string): NamingChoice | undefined {
  const v = parseMlrunVersion(version);
  return v ? { naming: namingForVersion(v), version: v.text, from: from(v.text) } : undefined;
}

/** Unknown version: both names. */
export function unknownVersion(why: string): NamingChoice {
  return { naming: 'both', from: why };
}

/** The tag of an image reference (`registry:5000/mlrun/mlrun:1.7.2@sha256:…` → `1.7.2`), or undefined. */
export function imageTag(image: string): string | undefined {
  const noDigest = image.trim().split('@')[0]!;
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const at = last.lastIndexOf(':');
  return at >= 0 && at < last.length - 1 ? last.slice(at + 1) : undefined;
}

/** Why a `mlrunSecrets.jobs.mlrunVersion` value cannot be used, or undefined (empty is fine: "from the image tag"). */
export function validateVersionSetting(value: string): string | undefined {
  if (!value.trim() || parseMlrunVersion(value)) return undefined;
  return `mlrunSecrets.jobs.mlrunVersion is "${value.trim().slice(0, 40)}", which is not an MLRun version (use e.g. 1.7.2 or 1.8.0).`;
}

/** The MLRun of a Kubernetes Job's image: its tag, else the setting, else unknown. */
export function jobImageChoice(image: string, versionSetting: string): NamingChoice {
  const tag = imageTag(image);
  const fromTag = choiceForVersion(tag, v => `the image tag ${v}`);
  if (fromTag) return fromTag;
  const fromSetting = choiceForVersion(versionSetting, v => `mlrunSecrets.jobs.mlrunVersion (${v})`);
  if (fromSetting) return fromSetting;
  const bad = validateVersionSetting(versionSetting);
  return unknownVersion(bad ?? `the image ${image.trim() || '(none)'} ${tag ? `has the tag "${tag}", which is not a version` : 'has no version tag'} and mlrunSecrets.jobs.mlrunVersion is empty`);
}

/** What giving both names costs, for the sentence that explains it. */
export const BOTH_NAMES_COST = 'each secret is given twice (as MLRUN_K8S_SECRET__<KEY> for MLRun 1.7 and as <key> for MLRun 1.8+), so by-value secrets appear twice in the Job\'s spec and a key named like one of the pod\'s own variables replaces it';
