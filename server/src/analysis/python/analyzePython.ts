/**
 * Runs the Python rules and suppressions over the modules of one document (a file: one module; a notebook: one
 * per code cell; Markdown: one per code block).
 *
 * Rules that depend only on a call (MLS001–MLS004, MLS006) run per chunk in the chunk's own coordinates and are
 * cached with its facts, so an edit re-runs them for the edited chunk only; the others are shifted into place.
 * Chunks whose calls use module-level names are resolved against the whole module on every run. MLS007 (file
 * facts change) and MLS005 (document-wide) are computed each time from the few calls they need.
 */
import type { FileFact } from '../../../../shared/src/protocol';
import { sortFindings, type Finding, type Fix, type Span } from '../findings';
import type { ProjectInfo, RuleContext } from '../rules/context';
import { mls001 } from '../rules/mls001InsecureProvider';
import { mls002 } from '../rules/mls002SetSecretsInCode';
import { mls003 } from '../rules/mls003HardcodedSecret';
import { mls004 } from '../rules/mls004UnknownSecretKey';
import { mls005 } from '../rules/mls005LocalRun';
import { mls006 } from '../rules/mls006AzureVaultSource';
import { mls007 } from '../rules/mls007SecretsFileInRepo';
import { ipythonShellLines } from '../documents/ipythonShell';
import { pythonCredentialUrls } from '../rules/mls011ConnectionString';
import { applySuppressions, type MarkerComment } from '../suppression';
import { isMlrunGetSecret, withSecretsKind } from './calls';
import type { CallFact, ChunkFacts } from './facts';
import { factsHaveRefs, resolveModule, Resolver, shiftCall, type ModuleFacts } from './resolve';
import type { Chunk, PythonSource } from './source';

export interface PythonAnalysisOptions {
  project?: ProjectInfo | null;
  /** What is known about a path as written in the code (resolved by the caller). */
  fileFact?: (path: string) => FileFact | undefined;
}

export interface PythonAnalysis {
  findings: Finding[];
  /** Paths of secrets files the rules asked about (for MLS007; ask git, then analyse again). */
  askedPaths: string[];
  /** The modules' resolved facts (computed on first read). */
  readonly modules: ModuleFacts[];
}

const CALL_RULES = [mls001, mls002, mls003, mls004, mls006];

interface ChunkRules {
  facts: ChunkFacts;
  projectKey: string;
  findings: Finding[];
}

const chunkRules = new WeakMap<Chunk, ChunkRules>();

function projectKeyOf(p: ProjectInfo | null): string {
  if (!p) return '';
  return `${p.project}\0${p.backend}\0${p.keys ? [...p.keys].join('\0') : '\u0001unknown'}`;
}

function shiftSpan(sp: Span, d: number): Span {
  return { s: sp.s + d, e: sp.e + d };
}

function shiftFix(fix: Fix, d: number): Fix {
  if (fix.kind === 'storeLiterals') {
    return { ...fix, literals: fix.literals.map(l => ({ key: l.key, span: shiftSpan(l.span, d) })), rewrite: fix.rewrite.map(r => ({ span: shiftSpan(r.span, d), text: r.text })) };
  }
  return { ...fix, edits: fix.edits.map(e => ({ span: shiftSpan(e.span, d), text: e.text })) };
}

function place(f: Finding, d: number, module: number): Finding {
  return {
    ...f,
    module,
    span: shiftSpan(f.span, d),
    related: f.related.map(r => ({ ...r, module, span: shiftSpan(r.span, d) })),
    fixes: d === 0 ? f.fixes : f.fixes.map(x => shiftFix(x, d)),
  };
}

/** Runs with `local=` (what MLS005 reports). */
function isLocalRun(call: CallFact): boolean {
  return (call.name === 'run' || call.name === 'run_function') && call.keywords.some(k => k.name === 'local');
}

/** Calls that rely on project secrets (MLS005 needs the first one only). */
function reliesOnProjectSecrets(call: CallFact): boolean {
  return isMlrunGetSecret(call) || (call.name === 'with_secrets' && withSecretsKind(call) === 'kubernetes');
}

interface ChunkSummary {
  /** Calls MLS007 looks at (file sources, set_secrets). */
  files: boolean;
  reliance: CallFact | undefined;
  localRuns: CallFact[];
}

const summaries = new WeakMap<ChunkFacts, ChunkSummary>();

function summary(f: ChunkFacts): ChunkSummary {
  let s = summaries.get(f);
  if (!s) {
    s = {
      files: f.calls.some(c => c.name === 'set_secrets' || c.name === 'with_secrets'),
      reliance: f.calls.find(reliesOnProjectSecrets),
      localRuns: f.calls.filter(isLocalRun),
    };
    summaries.set(f, s);
  }
  return s;
}

function moduleOf(text: string, calls: CallFact[]): ModuleFacts {
  return { text, calls, handlers: [], functions: [], markers: [] };
}

/** One MLS003 per literal: a literal that reaches several calls (through a variable) lists them all as related. */
function mergeSameLiteral(fs: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  return fs.filter(f => {
    if (f.rule !== 'MLS003') return true;
    const key = `${f.module}:${f.span.s}:${f.span.e}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, f);
      return true;
    }
    first.related.push(...f.related);
    return false;
  });
}

export function analyzePythonSources(sources: readonly PythonSource[], options: PythonAnalysisOptions = {}): PythonAnalysis {
  const project = options.project ?? null;
  const projectKey = projectKeyOf(project);
  const askedPaths = new Set<string>();
  const raw: Finding[] = [];
  const comments: MarkerComment[] = [];
  const mls005Modules: ModuleFacts[] = [];
  let relied: CallFact | undefined;
  sources.forEach((src, module) => {
    const runs: CallFact[] = [];
    src.batch(() => {
      let resolver: Resolver | undefined;
      src.chunks.forEach((c, ci) => {
        for (let k = 0; k < c.markers.length; k += 2) comments.push({ module, span: { s: c.markers[k] + c.start, e: c.markers[k + 1] + c.start } });
        const f = src.facts(c);
        if (f.calls.length === 0) return;
        if (factsHaveRefs(f)) {
          resolver ??= new Resolver(src);
          const calls = resolver.chunkCalls(ci);
          const ctx: RuleContext = { modules: [moduleOf(src.text, calls)], project, fileFact: options.fileFact, askedPaths };
          for (const rule of [...CALL_RULES, mls007]) for (const x of rule(ctx)) raw.push(place(x, 0, module));
          if (!relied) relied = calls.find(reliesOnProjectSecrets);
          runs.push(...calls.filter(isLocalRun));
          return;
        }
        const local = moduleOf(src.chunkText(c), f.calls);
        let cached = chunkRules.get(c);
        if (!cached || cached.facts !== f || cached.projectKey !== projectKey) {
          const ctx: RuleContext = { modules: [local], project, askedPaths: new Set() };
          cached = { facts: f, projectKey, findings: CALL_RULES.flatMap(rule => rule(ctx)) };
          chunkRules.set(c, cached);
        }
        for (const x of cached.findings) raw.push(place(x, c.start, module));
        const sum = summary(f);
        if (sum.files) for (const x of mls007({ modules: [local], project, fileFact: options.fileFact, askedPaths })) raw.push(place(x, c.start, module));
        if (!relied && sum.reliance) relied = shiftCall(sum.reliance, c.start);
        for (const call of sum.localRuns) runs.push(shiftCall(call, c.start));
      });
    });
    mls005Modules.push(moduleOf(src.text, relied ? [relied, ...runs] : runs));
    // Document-level rules that need no call facts: MLS011 on string literals, IPython shell lines calling mlrun.
    raw.push(...src.batch(() => pythonCredentialUrls(src, module)));
    const shell = ipythonShellLines(src, module, options, askedPaths);
    raw.push(...shell.findings);
    comments.push(...shell.markers);
  });
  raw.push(...mls005({ modules: mls005Modules, project, askedPaths }));
  const findings = sortFindings(applySuppressions(mergeSameLiteral(raw), comments, sources.map(s => s.text)));
  let modules: ModuleFacts[] | undefined;
  return {
    findings,
    askedPaths: [...askedPaths],
    get modules() {
      return (modules ??= sources.map(resolveModule));
    },
  };
}
