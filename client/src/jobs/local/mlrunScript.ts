/**
 * The Python the extension runs with `python -u -c <script> <config>` when `mlrun` is importable: MLRun's own local
 * runner, as ../shared/mlrun-secrets.md §11.6 sketches it — `code_to_function(..., kind="job", with_doc=False)`,
 * `new_task()`, the secret sources (names only: values reach the process as `MLRUN_K8S_SECRET__<KEY>` env vars, which
 * a kubernetes source and `get_secret` read), `fn.run(task, local=True, artifact_path=...)`. The working directory
 * is the workspace folder, so MLRun runs the file on disk (`origin_filename` resolves).
 *
 * The script never holds a value; the config (argv[1]) holds names, paths and the run uid only.
 */

export interface MlrunScriptConfig {
  /** Function name (nuclio-normalised file stem). */
  name: string;
  project: string;
  /** Relative to the working directory, `/`-separated. */
  filename: string;
  handler: string;
  image: string;
  uid: string;
  artifactPath: string;
  /** `with_secrets(kind, source)` calls, in order. */
  sources: [string, unknown][];
}

export const MLRUN_LOCAL_SCRIPT = String.raw`import json, sys
cfg = json.loads(sys.argv[1])
import mlrun
try:
    from mlrun.runtimes.utils import RunError
except ImportError:
    RunError = None
print("[MLRun Secrets] running %s:%s with MLRun %s's local runner (%s)" % (cfg["filename"], cfg["handler"], getattr(mlrun, "__version__", "?"), sys.executable), flush=True)
fn = mlrun.code_to_function(name=cfg["name"], project=cfg["project"], filename=cfg["filename"], kind="job", image=cfg["image"], handler=cfg["handler"], with_doc=False)
task = mlrun.new_task()
task.metadata.uid = cfg["uid"]
for kind, source in cfg["sources"]:
    task.with_secrets(kind, source)
try:
    run = fn.run(task, local=True, artifact_path=cfg["artifactPath"])
except Exception as error:
    if RunError is not None and isinstance(error, RunError):
        print("[MLRun Secrets] state: error", flush=True)
        sys.exit(1)
    raise
state = getattr(getattr(run, "status", None), "state", None) or "unknown"
results = getattr(getattr(run, "status", None), "results", None) or {}
print("[MLRun Secrets] state: %s; results: %s" % (state, json.dumps(results, default=str)), flush=True)
sys.exit(0 if state == "completed" else 1)
`;

/** Probes an interpreter: prints `sys.executable`, the Python version, and exits 0 when `mlrun` can be imported, 3 when not. */
export const PROBE_SCRIPT = 'import importlib.util, sys\nprint(sys.executable)\nprint(sys.version.split()[0])\nsys.exit(0 if importlib.util.find_spec("mlrun") else 3)\n';
