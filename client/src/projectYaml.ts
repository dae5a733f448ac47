/** `metadata.name` of an MLRun `project.yaml`. Pure (no `vscode`). */
import { parse } from 'yaml';
import { validateProjectName } from '../../shared/src/mlrun';

/** The project a project.yaml names, when its `metadata.name` is a valid MLRun project name. */
export function projectYamlName(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: false });
  } catch {
    return undefined;
  }
  const name = (doc as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' && validateProjectName(name) === undefined ? name : undefined;
}
