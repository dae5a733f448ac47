/**
 * One analysis of a small representative module during `initialize`, after the parser has loaded: the analyzer's
 * code then runs compiled, not interpreted, when the first real document arrives (for a 200-line file that is
 * most of the time its first diagnostics would take). Its result is dropped.
 */
import { analyzeText } from '../analysis/analyzeFile';

const SAMPLE = `import mlrun

project = mlrun.get_or_create_project("warm-up", context="./")
creds = {"DB_PASSWORD": "x"}
creds["API_TOKEN"] = "y"


def train(context, data=None):
    password = context.get_secret("DB_PASSWORD")
    token = mlrun.get_secret_or_env("API_TOKEN")
    return password, token


task = mlrun.new_task(handler="train")
task.with_secrets("inline", creds)
task.with_secrets("env", "DB_PASSWORD,API_TOKEN")
task.with_secrets("file", "secrets.env")
task.with_secrets("kubernetes", ["DB_PASSWORD"])
task.with_secrets("azure_vault", {"name": "vault", "k8s_secret": "azure-creds", "secrets": ["A"]})
project.set_secrets({"A": "z"})  # mlrun-secrets: ignore[MLS002] warm-up
project.run_function("train", local=True)
`;

/** Three analyses of the sample four times over (about 100 lines): enough runs for the hot paths to be compiled. */
export function warmUpAnalyzer(): void {
  for (let i = 0; i < 3; i++) {
    const text = [0, 1, 2, 3].map(k => SAMPLE.replace('warm-up', `warm-up-${i}-${k}`)).join('\n');
    const r = analyzeText('python', text, { fileFact: () => ({ exists: false, trackedByGit: false, ignoredByGit: false }) });
    void r.modules;
  }
}
