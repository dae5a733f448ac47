/**
 * Input checks every backend runs before any call (docs/mlrun-facts.md §1.3, §9): project names are
 * DNS-1123 labels, keys follow MLRun's and Kubernetes' rules and are not internal, values are non-empty UTF-8.
 * Messages name the key, never the value.
 */
import { MAX_SECRET_BYTES, secretDataBytes, validateProjectName, validateSecretKey, validateSecretValue } from '../../../../shared/src/mlrun';
import type { Failure } from '../types';

function invalid(message: string): Failure {
  return { kind: 'invalid', message };
}

export function checkProject(project: string): Failure | undefined {
  const why = validateProjectName(project);
  return why ? invalid(`Project "${printable(project)}" is not a valid MLRun project name: ${why}`) : undefined;
}

export function checkKeys(keys: Iterable<string>): Failure | undefined {
  for (const key of keys) {
    const why = validateSecretKey(key);
    if (why) return invalid(`Key "${printable(key)}" cannot be used: ${why}`);
  }
  return undefined;
}

export function checkValues(values: ReadonlyMap<string, string>): Failure | undefined {
  const keyProblem = checkKeys(values.keys());
  if (keyProblem) return keyProblem;
  for (const [key, value] of values) {
    if (typeof value !== 'string') return invalid(`The value of key "${key}" is not text.`);
    const why = validateSecretValue(value);
    if (why) return invalid(`The value of key "${key}" cannot be stored: ${why}`);
  }
  return undefined;
}

/** The 1 MiB limit of a Kubernetes Secret, counted as keys plus UTF-8 values. */
export function checkSize(entries: Iterable<[string, string]>, what: string): Failure | undefined {
  const bytes = secretDataBytes(entries);
  if (bytes <= MAX_SECRET_BYTES) return undefined;
  return invalid(`${what} would hold ${formatBytes(bytes)}, more than the 1 MiB (1,048,576 bytes) Kubernetes allows in one Secret.`);
}

export function formatBytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}

/** A name shown in a message: control characters made visible, long names cut. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return visible.length > 80 ? `${visible.slice(0, 77)}...` : visible;
}
