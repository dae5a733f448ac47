/**
 * Knowing what is MLRun: what a folded value is — part of MLRun's API (a module, function or class of the
 * `mlrun` package, or an instance of one of its classes), provably something else (a class or function defined
 * in this module, anything imported from another library, a literal), or unknown (a parameter without an
 * annotation, a name nothing binds, the result of a local function).
 */
import type { Val } from './facts';

export type Evidence =
  /** `path`: a dotted path of the mlrun package (static), or the class of an instance (`inst`). */
  | { t: 'mlrun'; path: string; inst: boolean }
  | { t: 'foreign' }
  | { t: 'unknown' };

const UNKNOWN: Evidence = { t: 'unknown' };
const FOREIGN: Evidence = { t: 'foreign' };

/** MLRun's classes that code names directly (for unbound calls and string annotations). */
export const MLRUN_CLASSES: ReadonlySet<string> = new Set([
  'MlrunProject', 'RunTemplate', 'RunObject', 'RunSpec', 'ServingRuntime', 'RunConfig', 'SecretsStore', 'KubejobRuntime',
  'KubeResource', 'RemoteRuntime', 'BaseRuntime', 'LocalRuntime', 'DaskCluster', 'Spark3Runtime', 'MpiRuntimeV1',
  'DatabricksRuntime', 'ApplicationRuntime', 'MLClientCtx',
]);

/** What MLRun's functions return (by their last name). */
const RETURNS: Readonly<Record<string, string>> = {
  new_task: 'RunTemplate',
  get_or_create_project: 'MlrunProject', new_project: 'MlrunProject', load_project: 'MlrunProject', get_current_project: 'MlrunProject',
  code_to_function: 'Runtime', new_function: 'Runtime', import_function: 'Runtime', function_to_module: 'Runtime',
  run_function: 'RunObject', get_run_db: 'RunDB',
  set_function: 'Runtime', get_function: 'Runtime',
  from_list: 'SecretsStore', from_template: 'RunObject',
};

/** Methods that return their object (fluent calls), by class. */
const FLUENT = new Set(['with_secrets', 'with_secret', 'with_params', 'with_input', 'with_hyper_params', 'with_param_file', 'set_label', 'apply', 'set_env', 'set_envs', 'with_code']);

function isMlrunPath(path: string): boolean {
  return path === 'mlrun' || path.startsWith('mlrun.');
}

function last(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function isClassName(name: string): boolean {
  return /^[A-Z]/.test(name);
}

/** An annotation written as a string: `"mlrun.projects.MlrunProject"`, `"MlrunProject"`, `"Optional[MlrunProject]"`. */
function stringAnnotation(s: string): Evidence {
  const m = /^(?:(?:typing\.)?Optional\[)?\s*([A-Za-z_][\w.]*)\s*\]?$/.exec(s.trim());
  if (!m) return UNKNOWN;
  const path = m[1];
  if (isMlrunPath(path)) return { t: 'mlrun', path: last(path), inst: true };
  return MLRUN_CLASSES.has(path) ? { t: 'mlrun', path, inst: true } : UNKNOWN;
}

/** The evidence of an instance of what `cls` evaluates to. */
function instanceOf(e: Evidence): Evidence {
  if (e.t !== 'mlrun') return e;
  return e.inst ? { t: 'mlrun', path: '?', inst: true } : { t: 'mlrun', path: last(e.path), inst: true };
}

/** A module, class or function (rather than an object made at run time). */
function isStatic(v: Val): boolean {
  return v.k === 'imp' || v.k === 'class' || v.k === 'func' || (v.k === 'attr' && isStatic(v.obj));
}

export function evidenceOf(v: Val | null | undefined, depth = 0): Evidence {
  if (!v || depth > 12) return UNKNOWN;
  const next = (x: Val | null | undefined): Evidence => evidenceOf(x, depth + 1);
  switch (v.k) {
    case 'imp':
      if (v.level === 0 && isMlrunPath(v.path)) return { t: 'mlrun', path: v.path, inst: false };
      if (v.path.startsWith('builtins.') || v.ws || v.level > 0) return UNKNOWN;
      return FOREIGN;
    case 'attr': {
      const e = next(v.obj);
      // An attribute of another library's module or class is not MLRun's; what an object of a non-MLRun class
      // holds (`self.task`) may well be.
      if (e.t === 'foreign') return isStatic(v.obj) ? e : UNKNOWN;
      if (e.t !== 'mlrun') return e;
      return { t: 'mlrun', path: `${e.path}.${v.name}`, inst: false };
    }
    case 'call': {
      const e = next(v.fn);
      if (e.t !== 'mlrun') return v.fn.k === 'func' ? UNKNOWN : e;
      const name = last(e.path);
      if (RETURNS[name]) return { t: 'mlrun', path: RETURNS[name], inst: true };
      if (!e.inst && isClassName(name)) return { t: 'mlrun', path: name, inst: true };
      if (FLUENT.has(name)) {
        const owner = e.path.slice(0, e.path.lastIndexOf('.'));
        return { t: 'mlrun', path: owner && isClassName(last(owner)) ? last(owner) : '?', inst: true };
      }
      return { t: 'mlrun', path: '?', inst: true };
    }
    case 'class': {
      for (const b of v.bases) {
        const e = next(b);
        if (e.t === 'mlrun' && !e.inst) return e;
      }
      return FOREIGN;
    }
    case 'inst':
      return instanceOf(next(v.cls));
    case 'param': {
      if (!v.ann) return UNKNOWN;
      if (v.ann.k === 'str') return stringAnnotation(v.ann.v);
      // Optional[X], X | None
      const ann = v.ann.k === 'sub' ? v.ann.key : v.ann;
      const e = next(ann);
      return e.t === 'mlrun' ? instanceOf(e) : e.t === 'foreign' && ann.k === 'imp' && ann.path.startsWith('typing.') ? UNKNOWN : e;
    }
    case 'func':
    case 'str':
    case 'dict':
    case 'list':
    case 'lit':
      return FOREIGN;
    default:
      return UNKNOWN;
  }
}

/** A receiver that is a class rather than an instance (an unbound call: `RunTemplate.with_secrets(task, …)`). */
export function isClassReceiver(v: Val | null): boolean {
  if (!v) return false;
  if (v.k === 'class') return true;
  if (v.k === 'imp') return isClassName(last(v.path)) && (v.path.startsWith('builtins.') ? MLRUN_CLASSES.has(last(v.path)) : true);
  if (v.k === 'ref') return MLRUN_CLASSES.has(v.name);
  if (v.k === 'attr') return isClassName(v.name) && evidenceOf(v).t === 'mlrun';
  return false;
}
