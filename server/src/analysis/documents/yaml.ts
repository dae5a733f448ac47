/**
 * YAML that MLRun reads (project.yaml, function and run specs), with a real YAML parser: every `secret_sources`
 * list entry is checked like a `with_secrets(kind, source)` call (MLS001, MLS003, MLS004, MLS006, MLS007).
 * Comments carry the same suppressions as in Python.
 */
import type { FileFact } from '../../../../shared/src/protocol';
import { RULES } from '../../../../shared/src/rules';
import { finding, sortFindings, type Finding, type Span } from '../findings';
import { secretLiterals, structured } from '../python/calls';
import type { Entry, Val } from '../python/facts';
import type { ProjectInfo } from '../rules/context';
import { isInsecureKind } from '../rules/mls001InsecureProvider';
import { unknownKeyMessage } from '../rules/mls004UnknownSecretKey';
import { vaultFindings } from '../rules/mls006AzureVaultSource';
import { fileFinding, isPlausiblePath } from '../rules/mls007SecretsFileInRepo';
import { applySuppressions } from '../suppression';

type YamlModule = typeof import('yaml');
// Loaded on first use: most runs of the CLI never meet a YAML file worth parsing.
const yaml = (): YamlModule => require('yaml') as YamlModule;

/** Only YAML mentioning one of these is parsed. */
export const YAML_KEYWORDS = ['secret_sources', 'mlrun-secrets', 'nosec'];

interface YNode {
  range?: [number, number, number] | null;
}

function spanOf(n: YNode | null | undefined): Span | undefined {
  return n?.range ? { s: n.range[0], e: n.range[1] } : undefined;
}

function toVal(node: unknown, Y: YamlModule): Val {
  const sp = spanOf(node as YNode) ?? { s: 0, e: 0 };
  if (Y.isScalar(node)) {
    if (typeof node.value === 'string') return { k: 'str', s: sp.s, e: sp.e, v: node.value };
    if (node.value === null) return { k: 'lit', s: sp.s, e: sp.e, t: 'none' };
    return { k: 'lit', s: sp.s, e: sp.e, t: typeof node.value === 'boolean' ? 'bool' : 'num' };
  }
  if (Y.isMap(node)) {
    const entries: Entry[] = [];
    let open = false;
    for (const pair of node.items) {
      const key = toVal(pair.key, Y);
      const value = pair.value === null || pair.value === undefined ? { k: 'lit' as const, s: key.e, e: key.e, t: 'none' as const } : toVal(pair.value, Y);
      if (key.k !== 'str') open = true;
      entries.push({ key, value, s: key.s, e: value.e });
    }
    return { k: 'dict', s: sp.s, e: sp.e, entries, open };
  }
  if (Y.isSeq(node)) return { k: 'list', s: sp.s, e: sp.e, items: node.items.map(i => toVal(i, Y)), tuple: false };
  return { k: 'other', s: sp.s, e: sp.e };
}

export interface YamlAnalysisOptions {
  project?: ProjectInfo | null;
  fileFact?: (path: string) => FileFact | undefined;
}

export interface YamlAnalysis {
  findings: Finding[];
  askedPaths: string[];
}

function comments(text: string, Y: YamlModule): Span[] {
  const out: Span[] = [];
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const i of x) walk(i); return; }
    const t = x as { type?: string; offset?: number; source?: string };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      if (t.source.includes('mlrun-secrets') || t.source.includes('nosec')) out.push({ s: t.offset, e: t.offset + t.source.length });
      return;
    }
    for (const v of Object.values(x)) if (v && typeof v === 'object') walk(v);
  };
  for (const tok of new Y.Parser().parse(text)) walk(tok);
  return out;
}

function sourceEntries(text: string, Y: YamlModule): { kind: Extract<Val, { k: 'str' }>; source: Val | undefined }[] {
  const out: { kind: Extract<Val, { k: 'str' }>; source: Val | undefined }[] = [];
  for (const doc of Y.parseAllDocuments(text) as unknown as { contents: unknown }[]) {
    if (!doc || !('contents' in doc)) continue;
    Y.visit(doc as never, {
      Pair(_key, pair) {
        if (!Y.isScalar(pair.key) || pair.key.value !== 'secret_sources' || !Y.isSeq(pair.value)) return;
        for (const item of pair.value.items) {
          const v = toVal(item, Y);
          if (v.k !== 'dict') continue;
          const get = (k: string): Val | undefined => v.entries.find(e => e.key.k === 'str' && e.key.v === k)?.value;
          const kind = get('kind');
          if (kind?.k === 'str') out.push({ kind, source: get('source') });
        }
      },
    });
  }
  return out;
}

/** Key strings listed in a kubernetes source (`source: [K1, K2]` or `source: "['K1']"`). */
function kubernetesItems(source: Val | undefined): Extract<Val, { k: 'str' }>[] {
  const list = structured(source);
  return list?.k === 'list' ? list.items.filter((i): i is Extract<Val, { k: 'str' }> => i.k === 'str') : [];
}

/** Every key a YAML file's kubernetes `secret_sources` list (what MLS004 checks; the key usage index reads it too). */
export function yamlKubernetesKeys(text: string): { key: string; span: Span }[] {
  if (!text.includes('secret_sources')) return [];
  const out: { key: string; span: Span }[] = [];
  for (const { kind, source } of sourceEntries(text, yaml())) {
    if (kind.v === 'kubernetes') for (const item of kubernetesItems(source)) out.push({ key: item.v, span: { s: item.s, e: item.e } });
  }
  return out;
}

export function analyzeYaml(text: string, options: YamlAnalysisOptions = {}): YamlAnalysis {
  if (!YAML_KEYWORDS.some(k => text.includes(k))) return { findings: [], askedPaths: [] };
  const Y = yaml();
  const findings: Finding[] = [];
  const askedPaths = new Set<string>();
  const project = options.project;
  for (const { kind, source } of sourceEntries(text, Y)) {
    const k = kind.v;
    const at = { s: kind.s, e: kind.e };
    if (isInsecureKind(k)) {
      findings.push(finding('MLS001', RULES.MLS001.defaultSeverity, 0, at,
        `A secret_sources entry of kind "${k}" ${k === 'inline' ? 'keeps its values in plain text in the spec' : `is resolved on the client and sent in plain text as an inline source`}. ${RULES.MLS001.fix}`));
    }
    if (k === 'inline') {
      for (const lit of secretLiterals(structured(source))) {
        findings.push(finding('MLS003', RULES.MLS003.defaultSeverity, 0, { s: lit.value.s, e: lit.value.e },
          `${lit.key ? `The value of "${lit.key}"` : 'A secret value'} is written in this file: anyone with it has the secret. Move it into project secrets and list its key in a kubernetes source.`,
          { related: [{ module: 0, span: at, message: 'The inline source is declared here.' }] }));
      }
    } else if (k === 'kubernetes' && project?.keys) {
      for (const item of kubernetesItems(source)) {
        if (!project.keys.has(item.v)) {
          findings.push(finding('MLS004', RULES.MLS004.defaultSeverity, 0, { s: item.s, e: item.e }, unknownKeyMessage(item.v, project, project.keys)));
        }
      }
    } else if (k === 'azure_vault' && source) {
      const src = structured(source);
      if (src) findings.push(...vaultFindings(0, { s: source.s, e: source.e }, src));
    } else if (k === 'file' && source?.k === 'str' && isPlausiblePath(source.v)) {
      askedPaths.add(source.v);
      const f = fileFinding(0, { s: source.s, e: source.e }, source.v, options.fileFact?.(source.v));
      if (f) findings.push(f);
    }
  }
  const marks = comments(text, Y).map(span => ({ module: 0, span }));
  return { findings: sortFindings(applySuppressions(findings, marks, [text])), askedPaths: [...askedPaths] };
}

/** `metadata.name` of a project.yaml (`kind: project`), or undefined. */
export function projectNameFromYaml(text: string): string | undefined {
  if (!text.includes('name')) return undefined;
  try {
    const Y = yaml();
    for (const doc of Y.parseAllDocuments(text) as unknown as { toJS?: () => unknown }[]) {
      const js = doc.toJS?.() as { kind?: unknown; metadata?: { name?: unknown } } | undefined;
      if (js && typeof js === 'object' && (js.kind === undefined || js.kind === 'project') && typeof js.metadata?.name === 'string') return js.metadata.name;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
