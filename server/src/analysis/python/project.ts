/**
 * The MLRun project a module names: `get_or_create_project("name", …)`, `new_project("name", …)` or
 * `load_project(context, url, name)` / `load_project(name="name")` with a literal, valid project name.
 */
import { validateProjectName } from '../../../../shared/src/mlrun';
import { arg, strValue } from './calls';
import type { Span } from './facts';
import type { ModuleFacts } from './resolve';

export interface ProjectNameFact {
  name: string;
  span: Span;
}

export function projectNamesOf(m: ModuleFacts): ProjectNameFact[] {
  const out: ProjectNameFact[] = [];
  for (const call of m.calls) {
    let v;
    if (call.name === 'get_or_create_project' || call.name === 'new_project') v = arg(call, 'name', 0);
    else if (call.name === 'load_project') v = arg(call, 'name', 2);
    else continue;
    const name = strValue(v);
    if (name && v && validateProjectName(name) === undefined) out.push({ name, span: { s: v.s, e: v.e } });
  }
  return out;
}
