/**
 * One secret source written outside Python — a `secret_sources` entry of a YAML spec or a `--secrets kind=source`
 * value of the MLRun CLI — checked as `with_secrets(kind, source)` is: MLS001 (inline, env, file), MLS003 (literal
 * inline values), MLS004 (unknown kubernetes keys), MLS006 (azure_vault shape) and MLS007 (a file source in git).
 * String sources are read as MLRun reads them (`literal_eval` for dicts and lists).
 */
import type { FileFact } from '../../../../shared/src/protocol';
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding, type Related, type Span } from '../findings';
import { secretLiterals, structured } from '../python/calls';
import type { Val } from '../python/facts';
import type { ProjectInfo } from '../rules/context';
import { isInsecureKind } from '../rules/mls001InsecureProvider';
import { unknownKeyMessage } from '../rules/mls004UnknownSecretKey';
import { vaultFindings } from '../rules/mls006AzureVaultSource';
import { fileFinding, isPlausiblePath } from '../rules/mls007SecretsFileInRepo';

export interface SourceOptions {
  project?: ProjectInfo | null;
  fileFact?: (path: string) => FileFact | undefined;
}

export interface SourceSite {
  /** `yaml`: a secret_sources entry; `cli`: an `mlrun --secrets` value. */
  form: 'yaml' | 'cli';
  module: number;
  /** Where MLS001 goes (the kind for YAML, the whole value for the CLI). */
  at: Span;
  /** Where the source is declared, when MLS001 is reported elsewhere (a YAML alias). */
  related?: Related[];
}

const CLI_WHY: Record<'inline' | 'env' | 'file', string> = {
  inline: 'mlrun --secrets inline=… writes the values in plain text into the run spec that MLRun stores and passes to the job pod.',
  env: 'mlrun --secrets env=… reads the variables on the machine that runs the command and sends their values in plain text, as an inline source.',
  file: 'mlrun --secrets file=… reads the file on the machine that runs the command and sends its values in plain text, as an inline source.',
};

function insecureMessage(form: SourceSite['form'], kind: 'inline' | 'env' | 'file'): string {
  if (form === 'cli') return `${CLI_WHY[kind]} Store the values as project secrets (jobs read them with context.get_secret) and drop the option.`;
  return `A secret_sources entry of kind "${kind}" ${kind === 'inline' ? 'keeps its values in plain text in the spec' : 'is resolved on the client and sent in plain text as an inline source'}. ${RULES.MLS001.fix}`;
}

/** The findings of one source; the paths asked about (MLS007) are added to `askedPaths`. */
/** The key strings a kubernetes source lists (`source: [K1, K2]` or `source: "['K1']"`): what MLS004 checks. */
export function kubernetesKeyItems(source: Val | undefined): Extract<Val, { k: 'str' }>[] {
  const list = structured(source);
  return list?.k === 'list' ? list.items.filter((i): i is Extract<Val, { k: 'str' }> => i.k === 'str') : [];
}

export function sourceFindings(site: SourceSite, kind: string, source: Val | undefined, options: SourceOptions, askedPaths: Set<string>): Finding[] {
  const out: Finding[] = [];
  const { module } = site;
  if (isInsecureKind(kind)) {
    out.push(finding('MLS001', RULES.MLS001.defaultSeverity, module, site.at, insecureMessage(site.form, kind), { related: site.related ?? [] }));
  }
  if (kind === 'inline') {
    for (const lit of secretLiterals(structured(source))) {
      out.push(finding('MLS003', RULES.MLS003.defaultSeverity, module, { s: lit.value.s, e: lit.value.e },
        `${lit.key ? `The value of "${lit.key}"` : 'A secret value'} is written in this file: anyone with it has the secret. Move it into project secrets and list its key in a kubernetes source.`,
        { related: [{ module, span: site.at, message: 'The inline source is declared here.' }] }));
    }
  } else if (kind === 'kubernetes' && options.project?.keys) {
    for (const item of kubernetesKeyItems(source)) {
      if (!options.project.keys.has(item.v)) {
        out.push(finding('MLS004', RULES.MLS004.defaultSeverity, module, { s: item.s, e: item.e }, unknownKeyMessage(item.v, options.project, options.project.keys)));
      }
    }
  } else if (kind === 'azure_vault' && source) {
    const src = structured(source);
    if (src) out.push(...vaultFindings(module, { s: source.s, e: source.e }, src));
  } else if (kind === 'file' && source?.k === 'str' && isPlausiblePath(source.v)) {
    askedPaths.add(source.v);
    const f = fileFinding(module, { s: source.s, e: source.e }, source.v, options.fileFact?.(source.v));
    if (f) out.push(f);
  }
  return out;
}
