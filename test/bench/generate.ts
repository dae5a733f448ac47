/** Workloads for the benchmarks: realistic MLRun-style Python with a given number of secret calls. */
import { Random } from '../util/random';

const SECRET_CALLS = [
  (i: number) => `    password = context.get_secret("DB_PASSWORD_${i % 7}")`,
  (i: number) => `    task.with_secrets("kubernetes", ["DB_PASSWORD_${i % 7}", "API_TOKEN"])`,
  (i: number) => `    task.with_secrets("inline", {"TOKEN_${i}": "value-${i}"})`,
  (i: number) => `    task.with_secrets("env", "ENV_${i},OTHER_${i}")`,
  (i: number) => `    project.set_secrets({"KEY_${i}": os.environ["KEY_${i}"]})`,
  (i: number) => `    token = mlrun.get_secret_or_env("API_TOKEN_${i % 5}")`,
];

const FILLER = [
  (i: number) => `    features = [row[${i % 9}] * scale for row in batch if row is not None]`,
  (i: number) => `    total += sum(features) / max(len(features), ${1 + (i % 4)})`,
  (i: number) => `    logger.info("step %d of %s", ${i}, name)`,
  (i: number) => `    params = {"lr": 0.${i % 10}, "epochs": ${i % 30}, "name": "run-${i}"}`,
  (i: number) => `    if total > ${i}:`,
  (i: number) => `        total = total - ${i % 13}  # keep it bounded`,
  (i: number) => `    result = model.predict(frame.iloc[:${i % 100}])`,
  (i: number) => `    context.log_result("metric_${i % 6}", total)`,
];

/** A Python module of about `lines` lines with exactly `secretCalls` secret-related calls, in functions. */
export function pythonModule(lines: number, secretCalls: number, seed = 1): string {
  const rng = new Random(seed);
  const out: string[] = ['import os', '', 'import mlrun', '', ''];
  const bodyLines = lines - out.length;
  const perFunction = 20;
  const functions = Math.floor(bodyLines / (perFunction + 3));
  const callEvery = Math.max(1, Math.floor(functions / secretCalls));
  let calls = 0;
  for (let f = 0; f < functions; f++) {
    out.push(`def step_${f}(context, batch, scale=1.0, name="s${f}"):`);
    out.push(`    """Step ${f} of the pipeline."""`);
    out.push('    total = 0');
    const callAt = f % callEvery === 0 && calls < secretCalls ? 3 + rng.int(perFunction - 6) : -1;
    for (let l = 3; l < perFunction - 1; l++) {
      if (l === callAt) {
        out.push(SECRET_CALLS[calls % SECRET_CALLS.length](calls));
        calls++;
      } else {
        out.push(FILLER[rng.int(FILLER.length)](f * perFunction + l));
      }
    }
    out.push('    return total');
    out.push('', '');
  }
  while (out.length < lines) out.push('');
  return out.join('\n') + '\n';
}

/** The cells of a notebook: `cells` Python code cells of about 28 lines, every fourth with secret calls. */
export function notebookCells(cells: number, seed = 1): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells; i++) {
    const body = pythonModule(28, i % 4 === 0 ? 1 : 0, seed + i).replace(/^import os\n\nimport mlrun\n\n\n/, '');
    out.push(i === 0 ? `import os\nimport mlrun\n${body}` : body);
  }
  return out;
}

/** A Markdown document of prose and `blocks` Python code blocks (about 28 lines each, every second with secret calls). */
export function markdownDocument(blocks: number, seed = 1): string {
  const out: string[] = ['# Pipeline notes', ''];
  for (let i = 0; i < blocks; i++) {
    out.push(`## Step ${i}`, '', `This step reads batch ${i} and logs its metrics; see the code below for the secret handling.`, '');
    out.push('```python', pythonModule(28, i % 2 === 0 ? 1 : 0, seed + i).trimEnd(), '```', '');
  }
  return out.join('\n') + '\n';
}
