/**
 * IPython shell lines that call the MLRun CLI — `!mlrun project -s env=GITHUB_TOKEN`, `!!mlrun run …`,
 * `%sx …`, `%system …` — in notebook cells and `ipython` code blocks. The Python analysis blanks these lines (they
 * are not Python); here they are read as shell commands (IPython expands `{expr}` and `$var` in them first, so such
 * parts count as unknown). A `# mlrun-secrets: ignore[…]` or `# nosec` comment at the end of the line suppresses, as
 * in Python.
 */
import type { Finding } from '../findings';
import type { PythonSource } from '../python/source';
import type { MarkerComment } from '../suppression';
import { cliSecretFindings } from './cliSecrets';
import type { SourceOptions } from './secretSources';
import { mlrunCliSecrets, shellMarkerComments } from './shell';

export interface ShellLines {
  findings: Finding[];
  /** Suppression comments on those lines (the Python scan does not see them). */
  markers: MarkerComment[];
}

/** Where the command starts in a magic line (`!cmd`, `!!cmd`, `%sx cmd`, `%system cmd`), or -1. */
function commandStart(line: string): number {
  if (line.startsWith('!!')) return 2;
  if (line.startsWith('!')) return 1;
  const m = /^%(sx|system)\b/.exec(line);
  return m ? m[0].length : -1;
}

export function ipythonShellLines(src: PythonSource, module: number, options: SourceOptions, askedPaths: Set<string>): ShellLines {
  const out: ShellLines = { findings: [], markers: [] };
  if (!src.ipython) return out;
  const text = src.text;
  for (const c of src.chunks) {
    for (let k = 0; k < c.magics.length; k += 2) {
      const s = c.start + c.magics[k];
      const e = c.start + c.magics[k + 1];
      const at = commandStart(text.slice(s, Math.min(e, s + 8)));
      if (at < 0 || !text.slice(s, e).includes('mlrun')) continue;
      const secrets = mlrunCliSecrets(text, s + at, e, { ipython: true });
      if (secrets.length === 0) continue;
      out.findings.push(...cliSecretFindings(secrets, module, options, askedPaths));
      for (const span of shellMarkerComments(text, s + at, e)) out.markers.push({ module, span });
    }
  }
  return out;
}
