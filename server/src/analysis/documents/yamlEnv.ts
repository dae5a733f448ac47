/**
 * MLS009 secret-env-literal in YAML: an `env:` entry whose name says it holds a secret and whose value is written in
 * the file — the Kubernetes / MLRun function form (`env: [{name: DB_PASSWORD, value: hunter2}]`) and the mapping
 * form of CI workflows (`env: {API_TOKEN: abc123}`). Empty values, `valueFrom`, references (`${VAR}`,
 * `${{ secrets.X }}`, `$(VAR)`) and placeholders are not findings; aliases and merge keys are followed.
 */
import { isSecretName, secretValueKind } from '../../../../shared/src/secretNames';
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding } from '../findings';
import { isStandInPassword } from '../rules/mls011ConnectionString';
import { deref, mapPairs, spanOf, type YamlModule } from './yamlValues';

type Doc = import('yaml').Document.Parsed;

/** The literal text of a scalar value given to `name`, or undefined when it is not a literal secret. */
function literalValue(node: unknown, name: string, Y: YamlModule): string | undefined {
  if (!Y.isScalar(node)) return undefined;
  const v = node.value;
  const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(node.source ?? v) : undefined;
  if (text === undefined) return undefined;
  if (secretValueKind(text, name) !== 'literal' || isStandInPassword(text, '')) return undefined;
  return text;
}

function envFinding(name: string, node: unknown, form: 'list' | 'map'): Finding {
  const span = spanOf(node) ?? { s: 0, e: 0 };
  const fix = form === 'list'
    ? 'Store it as a project secret and replace `value:` with `valueFrom: {secretKeyRef: {name: mlrun-project-secrets-<project>, key: ' + name + '}}` (or fn.set_env_from_secret).'
    : 'Store it in your CI system\'s secrets (or as a project secret) and reference it instead of writing it here.';
  return finding('MLS009', RULES.MLS009.defaultSeverity, 0, span, `The secret-named variable "${name}" is given a literal value in this file: anyone with the file has it. ${fix}`);
}

/** MLS009 for the value of one `env:` key. */
export function envFindings(value: unknown, doc: Doc, Y: YamlModule): Finding[] {
  const out: Finding[] = [];
  const v = deref(value, doc, Y);
  if (Y.isSeq(v)) {
    for (const item of v.items) {
      const entry = deref(item, doc, Y);
      if (!Y.isMap(entry)) continue;
      const pairs = mapPairs(entry, doc, Y);
      const get = (k: string): unknown => pairs.find(p => Y.isScalar(p.key) && p.key.value === k)?.value;
      const nameNode = deref(get('name'), doc, Y);
      if (!Y.isScalar(nameNode) || typeof nameNode.value !== 'string' || !isSecretName(nameNode.value)) continue;
      const valueNode = deref(get('value'), doc, Y);
      if (literalValue(valueNode, nameNode.value, Y) !== undefined) out.push(envFinding(nameNode.value, valueNode, 'list'));
    }
  } else if (Y.isMap(v)) {
    for (const pair of mapPairs(v, doc, Y)) {
      if (!Y.isScalar(pair.key) || typeof pair.key.value !== 'string' || !isSecretName(pair.key.value)) continue;
      const valueNode = deref(pair.value, doc, Y);
      if (literalValue(valueNode, pair.key.value, Y) !== undefined) out.push(envFinding(pair.key.value, valueNode, 'map'));
    }
  }
  return out;
}
