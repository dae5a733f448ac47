/**
 * YAML that MLRun reads (project.yaml, function and run specs) and CI workflows that call the MLRun CLI (GitHub
 * Actions, GitLab CI), with a real YAML parser:
 * - every `secret_sources` entry is checked like `with_secrets(kind, source)` (MLS001, MLS003, MLS004, MLS006,
 *   MLS007), aliases (`- *src`, `secret_sources: *list`) and merge keys (`- <<: *base`) followed;
 * - `run:` / `script:` / `before_script:` / `after_script:` / `bash:` commands calling `mlrun run|project` with
 *   `--secrets` / `-s` (MLS001 and the same source checks);
 * - `env:` entries with literal secret values (MLS009), and URLs with embedded passwords in any value (MLS011).
 * Comments carry the same suppressions as in Python. Nesting deeper than MAX_YAML_DEPTH is not given to the parser
 * (MLS012 says where); the rest of the file is analysed.
 */
import { RULES } from '../../../../shared/src/rules';
import { finding, sortFindings, type Finding, type Span } from '../findings';
import type { Val } from '../python/facts';
import { credentialUrlFinding, credentialUrls, mayHoldCredentialUrl } from '../rules/mls011ConnectionString';
import { applySuppressions } from '../suppression';
import { cliSecretFindings } from './cliSecrets';
import { kubernetesKeyItems, sourceFindings, type SourceOptions } from './secretSources';
import { mlrunCliSecrets, shellMarkerComments } from './shell';
import { capYamlDepth, MAX_YAML_DEPTH } from './yamlDepth';
import { envFindings } from './yamlEnv';
import { deref, markerComments, spanOf, toVal, yaml, type YamlModule } from './yamlValues';

type Doc = import('yaml').Document.Parsed;

/** Only YAML holding one of these (or a `…:…@` URL) is parsed. */
export const YAML_KEYWORDS = ['secret', 'mlrun', 'nosec', 'PASSWORD', 'PASSWD', 'TOKEN', 'SECRET', '_KEY', 'Password', 'Token', 'Secret'];

/** Keys whose value is a shell script in CI systems (GitHub Actions, GitLab CI, Azure Pipelines). */
const COMMAND_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'bash']);

export type YamlAnalysisOptions = SourceOptions;

export interface YamlAnalysis {
  findings: Finding[];
  askedPaths: string[];
}

export function yamlMayHaveFindings(content: { indexOf(s: string): number; length: number }, byteAt: (i: number) => number): boolean {
  return YAML_KEYWORDS.some(k => content.indexOf(k) >= 0) || mayHoldCredentialUrl(content, byteAt);
}

/** A `secret_sources` entry: a map with a literal `kind` (through aliases and merge keys). */
function entryOf(item: unknown, doc: Doc, Y: YamlModule): { node: import('yaml').YAMLMap; kind: Extract<Val, { k: 'str' }>; source: Val | undefined } | undefined {
  const node = deref(item, doc, Y);
  if (!Y.isMap(node)) return undefined;
  const v = toVal(node, doc, Y);
  if (v.k !== 'dict') return undefined;
  const get = (k: string): Val | undefined => v.entries.find(e => e.key.k === 'str' && e.key.v === k)?.value;
  const kind = get('kind');
  return kind?.k === 'str' ? { node, kind, source: get('source') } : undefined;
}

function sourceEntry(item: unknown, doc: Doc, Y: YamlModule, options: SourceOptions, askedPaths: Set<string>, via: Span | undefined): Finding[] {
  const entry = entryOf(item, doc, Y);
  if (!entry) return [];
  const { node, kind } = entry;
  const kindSpan = { s: kind.s, e: kind.e };
  // Reached through an alias or a merge key: reported at the use, pointing at the definition.
  const own = node.items.some(p => Y.isScalar(p.key) && p.key.value === 'kind');
  const use = Y.isAlias(item) ? spanOf(item) : via ?? (own ? undefined : mergeUse(node, Y));
  const site = use
    ? { form: 'yaml' as const, module: 0, at: use, related: [{ module: 0, span: kindSpan, message: 'The source is defined here.' }] }
    : { form: 'yaml' as const, module: 0, at: kindSpan };
  return sourceFindings(site, kind.v, entry.source, options, askedPaths);
}

/**
 * Every key a YAML file's kubernetes `secret_sources` entries list (through aliases and merge keys), with its span:
 * the items MLS004 checks, for the key usage index.
 */
export function yamlKubernetesKeys(source: string): { key: string; span: Span }[] {
  if (!source.includes('secret_sources')) return [];
  const Y = yaml();
  const { text } = capYamlDepth(source);
  const out: { key: string; span: Span }[] = [];
  const seen = new Set<number>();
  for (const doc of Y.parseAllDocuments(text) as unknown as Doc[]) {
    if (!doc || !('contents' in doc)) continue;
    const stack: unknown[] = [doc.contents];
    while (stack.length) {
      const node = stack.pop();
      if (Y.isMap(node)) {
        for (const pair of node.items) {
          if (Y.isScalar(pair.key) && pair.key.value === 'secret_sources') {
            const list = deref(pair.value, doc, Y);
            if (Y.isSeq(list)) {
              for (const item of list.items) {
                const entry = entryOf(item, doc, Y);
                if (entry?.kind.v !== 'kubernetes') continue;
                for (const k of kubernetesKeyItems(entry.source)) {
                  // An anchored list reached through several aliases names its keys once.
                  if (seen.has(k.s)) continue;
                  seen.add(k.s);
                  out.push({ key: k.v, span: { s: k.s, e: k.e } });
                }
              }
            }
          }
          if (pair.value) stack.push(pair.value);
        }
      } else if (Y.isSeq(node)) {
        for (const item of node.items) stack.push(item);
      }
    }
  }
  return out.sort((a, b) => a.span.s - b.span.s);
}

/** The `<<: *base` of a map (where an entry that takes its kind from a merge is reported). */
function mergeUse(node: unknown, Y: YamlModule): Span | undefined {
  if (!Y.isMap(node)) return undefined;
  const merge = node.items.find(p => Y.isScalar(p.key) && p.key.value === '<<');
  return merge ? spanOf(merge.value) : undefined;
}

/** The scalars of a command value: a string, or (GitLab) a list of strings, nested lists included. */
function commandScalars(value: unknown, doc: Doc, Y: YamlModule): import('yaml').Scalar[] {
  const out: import('yaml').Scalar[] = [];
  const stack = [value];
  while (stack.length && out.length < 10_000) {
    const v = deref(stack.pop(), doc, Y);
    if (Y.isScalar(v) && typeof v.value === 'string') out.push(v);
    else if (Y.isSeq(v)) for (let i = v.items.length - 1; i >= 0; i--) stack.push(v.items[i]);
  }
  return out;
}

/** MLS001 (and the source checks) of `mlrun --secrets` in one command scalar; its shell comments may suppress. */
function commandFindings(scalar: import('yaml').Scalar, text: string, options: SourceOptions, askedPaths: Set<string>, marks: Span[]): Finding[] {
  const r = scalar.range;
  if (!r || !text.slice(r[0], r[1]).includes('mlrun')) return [];
  let from = r[0];
  let to = r[1];
  const type = scalar.type;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    // Past the header line (`|`, `>-`, a comment).
    while (from < to && text[from] !== '\n' && text[from] !== '\r') from++;
  } else if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
    from++;
    to--;
  }
  const secrets = mlrunCliSecrets(text, from, to, { foldLines: type !== 'BLOCK_LITERAL' });
  if (secrets.length) marks.push(...shellMarkerComments(text, from, to));
  return cliSecretFindings(secrets, 0, options, askedPaths);
}

function documentFindings(doc: Doc, text: string, Y: YamlModule, options: SourceOptions, askedPaths: Set<string>, marks: Span[]): Finding[] {
  const out: Finding[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (Y.isMap(node)) {
      for (const pair of node.items) {
        const key = Y.isScalar(pair.key) ? pair.key.value : undefined;
        if (key === 'secret_sources') {
          const list = deref(pair.value, doc, Y);
          const via = Y.isAlias(pair.value) ? spanOf(pair.value) : undefined;
          if (Y.isSeq(list)) for (const item of list.items) out.push(...sourceEntry(item, doc, Y, options, askedPaths, via));
        } else if (key === 'env') {
          out.push(...envFindings(pair.value, doc, Y));
        } else if (typeof key === 'string' && COMMAND_KEYS.has(key)) {
          for (const s of commandScalars(pair.value, doc, Y)) out.push(...commandFindings(s, text, options, askedPaths, marks));
        }
        if (pair.value) stack.push(pair.value);
      }
    } else if (Y.isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (Y.isScalar(node) && typeof node.value === 'string' && node.range) {
      for (const url of credentialUrls(text, node.range[0], node.range[1])) out.push(credentialUrlFinding(0, url, 'in this value'));
    }
  }
  return out;
}

/** One finding per rule and place (an anchored value reached through several aliases is reported once). */
function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter(f => {
    const k = `${f.rule}:${f.span.s}:${f.span.e}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function analyzeYaml(source: string, options: YamlAnalysisOptions = {}): YamlAnalysis {
  if (!yamlMayHaveFindings(source, i => source.charCodeAt(i))) return { findings: [], askedPaths: [] };
  const Y = yaml();
  const { text, deepAt } = capYamlDepth(source);
  const findings: Finding[] = [];
  const askedPaths = new Set<string>();
  for (const at of deepAt.slice(0, 1)) {
    findings.push(finding('MLS012', RULES.MLS012.defaultSeverity, 0, { s: at, e: at + 1 },
      `Not analysed from here: this YAML nests deeper than ${MAX_YAML_DEPTH} levels${deepAt.length > 1 ? ` (in ${deepAt.length} places)` : ''}; the rest of the file is analysed.`));
  }
  const shellMarks: Span[] = [];
  for (const doc of Y.parseAllDocuments(text) as unknown as Doc[]) {
    if (!doc || !('contents' in doc)) continue;
    findings.push(...documentFindings(doc, text, Y, options, askedPaths, shellMarks));
  }
  const marks = [...markerComments(text, Y), ...shellMarks].map(span => ({ module: 0, span }));
  return { findings: sortFindings(applySuppressions(unique(findings), marks, [text])), askedPaths: [...askedPaths] };
}

/** `metadata.name` of a project.yaml (`kind: project`), or undefined. */
export function projectNameFromYaml(text: string): string | undefined {
  if (!text.includes('name')) return undefined;
  try {
    const Y = yaml();
    for (const doc of Y.parseAllDocuments(capYamlDepth(text).text) as unknown as { toJS?: () => unknown }[]) {
      const js = doc.toJS?.() as { kind?: unknown; metadata?: { name?: unknown } } | undefined;
      if (js && typeof js === 'object' && (js.kind === undefined || js.kind === 'project') && typeof js.metadata?.name === 'string') return js.metadata.name;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
