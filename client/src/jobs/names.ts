/**
 * Names MLRun derives for functions and runs (docs/mlrun-facts.md §11.2–§11.4): nuclio-jupyter's
 * `normalize_name` for `code_to_function`, MLRun's own `normalize_name` for store paths and run names, the run-name
 * check (`run_name`, a Kubernetes label value), and run uids (`uuid4().hex`).
 */
import { randomUUID } from 'node:crypto';
import { isPyWhitespace } from '../../../shared/src/mlrunFileProvider';

function collapseWhitespace(name: string): string {
  let out = '';
  let inRun = false;
  for (const ch of name) {
    if (isPyWhitespace(ch)) {
      if (!inRun) out += '-';
      inRun = true;
    } else {
      out += ch;
      inRun = false;
    }
  }
  return out;
}

/** nuclio-jupyter `normalize_name`: whitespace runs → "-", "_" → "-", dots removed, lower-cased (§11.2). */
export function nuclioNormalizeName(name: string): string {
  return collapseWhitespace(name).replaceAll('_', '-').replaceAll('.', '').toLowerCase();
}

/** MLRun `normalize_name`: whitespace runs → "-", "_" → "-", lower-cased; dots stay (§11.3). */
export function mlrunNormalizeName(name: string): string {
  return collapseWhitespace(name).replaceAll('_', '-').toLowerCase();
}

/** The handler part MLRun puts into a run name: after the last `#`, `::` or `.` (§11.4). */
export function handlerShortName(handler: string): string {
  let cut = handler;
  for (const sep of ['#', '::', '.']) {
    const at = cut.lastIndexOf(sep);
    if (at >= 0) cut = cut.slice(at + sep.length);
  }
  return cut;
}

const RUN_NAME = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why a run name is invalid (MLRun's `run_name` rule: a Kubernetes label value), or undefined. */
export function validateRunName(name: string): string | undefined {
  if (name.length > 63) return `The run name "${name}" has ${name.length} characters; MLRun allows at most 63.`;
  if (!RUN_NAME.test(name)) return `The run name "${name}" must start and end with a letter or digit and contain only letters, digits, "-", "_" and ".".`;
  return undefined;
}

/** `"{function name}-{handler}"`, normalised (§11.4 `_enrich_run`). */
export function runName(functionName: string, handler: string): string {
  return mlrunNormalizeName(handler ? `${functionName}-${handlerShortName(handler)}` : functionName);
}

/** `uuid4().hex`: 32 lower-case hex digits. */
export function newRunUid(): string {
  return randomUUID().replaceAll('-', '');
}

/** The function name the extension passes to `code_to_function`: the file's stem, normalised as nuclio-jupyter does. */
export function functionNameForFile(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return nuclioNormalizeName(stem);
}
