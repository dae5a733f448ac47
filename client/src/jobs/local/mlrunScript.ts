/**
 * The Python the extension runs with `python -u -c <script> <config>` when `mlrun` is importable: MLRun's own local
 * runner, as docs/mlrun-facts.md §11.6 sketches it — `code_to_function(..., kind="job", with_doc=False)`,
 * `new_task()`, the secret sources (names only: values reach the process as env variables, which a kubernetes source
 * and `get_secret` read), `fn.run(task, local=True, artifact_path=...)`. The working directory is the workspace
 * folder, so MLRun runs the file on disk (`origin_filename` resolves).
 *
 * The extension names the variables after the interpreter's MLRun version (localJob.ts); after `import mlrun` the
 * script asks MLRun itself (`SecretsStore.k8s_env_variable_name_for_secret`, which also honours a configured
 * `MLRUN_SECRET_STORES__KUBERNETES__ENV_VARIABLE_PREFIX`) and, where that name differs, copies the value to it —
 * inside the process only.
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
  /** Per key, the variable names the extension gave its value under (names only). */
  envNames: Record<string, string[]>;
}

export const MLRUN_LOCAL_SCRIPT = String.raw`import json, os, sys
cfg = json.loads(sys.argv[1])
import mlrun
try:
    from mlrun.runtimes.utils import RunError
except ImportError:
    RunError = None
print("[MLRun Secrets] running %s:%s with MLRun %s's local runner (%s)" % (cfg["filename"], cfg["handler"], getattr(mlrun, "__version__", "?"), sys.executable), flush=True)
try:
    from mlrun.secrets import SecretsStore
    name_for = SecretsStore.k8s_env_variable_name_for_secret
except Exception:
    name_for = None
if name_for is not None and cfg["envNames"]:
    read_as = []
    for key, names in cfg["envNames"].items():
        wanted = name_for(key)
        read_as.append(wanted)
        if wanted not in os.environ:
            for name in names:
                if os.environ.get(name):
                    os.environ[wanted] = os.environ[name]
                    break
    print("[MLRun Secrets] MLRun reads the secrets as: %s" % ", ".join(read_as), flush=True)
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

/**
 * Probes an interpreter: prints `sys.executable` and the Python version, and exits 3 when `mlrun` cannot be imported;
 * otherwise prints MLRun's version — the installed distribution's (no import), else `mlrun.__version__` (an mlrun
 * on PYTHONPATH, such as a source checkout) — and exits 0.
 */
export const PROBE_SCRIPT = String.raw`import importlib.util, sys
print(sys.executable)
print(sys.version.split()[0])
if not importlib.util.find_spec("mlrun"):
    sys.exit(3)
version = ""
try:
    import importlib.metadata
    version = importlib.metadata.version("mlrun")
except Exception:
    version = ""
if not version:
    try:
        import mlrun
        version = str(getattr(mlrun, "__version__", "") or "")
    except Exception:
        version = ""
print(version.replace("\n", " "))
sys.exit(0)
`;
