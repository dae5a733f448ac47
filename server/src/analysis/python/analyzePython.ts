/**
 * Runs the Python rules and suppressions over the modules of one document (a file: one module; a notebook: one
 * per code cell; Markdown: one per code block).
 *
 * Rules that depend only on a call (MLS001–MLS004, MLS006) run per chunk in the chunk's own coordinates and are
 * cached with its facts, so an edit re-runs them for the edited chunk only; the others are shifted into place.
 * Chunks whose calls use module-level names are resolved against the module, and the result is kept until what it
 * read changes (resolver.ts `Deps`). MLS007–MLS009 (file facts, module imports) and MLS005 (document-wide) are
 * computed each time from the few calls they need.
 */
import type { FileFact } from '../../../../shared/src/protocol';
import { RULES } from '../../../../shared/src/rules';
import { finding, sortFindings, type Finding, type Fix, type Span } from '../findings';
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
import { mls008 } from '../rules/mls008DatastoreProfile';
import { mls009 } from '../rules/mls009SecretEnv';
import { applySuppressions, type MarkerComment } from '../suppression';
import { arg, isMlrunGetSecret, withSecretsKind } from './calls';
import type { CallFact, ChunkFacts } from './facts';
import { moduleLevelCalls } from './moduleCalls';
import { isSourceCall, secretSources, sourceKind } from './sites';
import { admitted, callEvidence, normalizeCall } from './normalize';
import { evidenceOf, type Evidence } from './mlrunApi';
import { fold } from './fold';
import { dependsOnModule, Resolver, shiftCall, valueRefNames, type Deps, type ImportHook } from './resolver';
import { resolveModule, sourcesImportMlrun, type ModuleFacts } from './resolve';
import type { Chunk, PythonSource } from './source';
import { MAX_NESTING } from './values';

export interface PythonAnalysisOptions {
  project?: ProjectInfo | null;
  /** What is known about a path as written in the code (resolved by the caller). */
  fileFact?: (path: string) => FileFact | undefined;
  /** Follows imports into the workspace's own modules (analysis/workspace); without it they are not followed. */
  imports?: ImportHook;
}

export interface PythonAnalysis {
  findings: Finding[];
  /** Paths of secrets files the rules asked about (for MLS007; ask git, then analyse again). */
  askedPaths: string[];
  /** The modules' resolved facts (computed on first read). */
  readonly modules: ModuleFacts[];
}

const CALL_RULES = [mls001, mls002, mls003, mls004, mls006];
/** Rules that need more than the call: file facts (MLS007), the module's imports and the project (MLS008, MLS009). */
const MODULE_RULES = [mls007, mls008, mls009];

function needsModuleRules(call: CallFact): boolean {
  if (call.name === 'profile' || call.name === 'set_env' || call.name === 'set_envs') return true;
  if (call.name === 'set_secrets') return !call.bare && arg(call, 'file_path', 1)?.k === 'str';
  return isSourceCall(call.name) && secretSources(call).some(src => sourceKind(src) === 'file');
}

/** One call of a chunk, normalised in the chunk's coordinates, with its findings (also in the chunk's coordinates). */
interface CachedCall {
  call: CallFact;
  findings: Finding[];
  /** MLS007–MLS009 may report it (they run on every analysis). */
  moduleRules: boolean;
  /** Known from the chunk alone; null when the receiver depends on module-level names (resolved with the module). */
  ev: Evidence | null;
}

/** The calls of a chunk as the rules see them in this module, in the chunk's coordinates. */
interface ChunkOutput {
  facts: ChunkFacts;
  projectKey: string;
  /** Its calls as the chunk alone gives them (null when they are resolved against the module); kept while the facts are. */
  local: CachedCall[] | null;
  calls: { call: CallFact; findings: Finding[]; moduleRules: boolean; ev: Evidence }[];
  /** What it read from other chunks and the workspace (null: nothing); it is computed again when that changes. */
  deps: Deps | null;
  /** Its calls hold values (with spans) brought in from other chunks. */
  spans: boolean;
  /** Its candidates placed at chunk start `at` in module `module` (shared between analyses: never mutated). */
  placed?: { at: number; module: number; candidates: Candidate[] };
}

/** Kept on the chunk (`Chunk.analysis`): one per chunk with calls, living as long as the chunk (bound). */
function outputOf(c: Chunk): ChunkOutput | undefined {
  return c.analysis as ChunkOutput | undefined;
}

function chunkOutput(src: PythonSource, c: Chunk, ci: number, f: ChunkFacts, r: Resolver, project: ProjectInfo | null, projectKey: string, prev: ChunkOutput | undefined): ChunkOutput {
  const text = src.chunkText(c);
  const refs = valueRefNames(f);
  let local: CachedCall[] | null = null;
  const { value: calls, deps } = r.record(ci, env => {
    if (refs && !r.namesAreInert(refs)) {
      // Resolved in the chunk's coordinates: only what other chunks bring in is shifted.
      return r.chunkCalls(ci, true).map(resolved => {
        const call = normalizeCall(resolved, env);
        return { call, findings: callRules(text, call, project), moduleRules: needsModuleRules(call), ev: callEvidence(call) };
      });
    }
    local = prev && prev.local && prev.facts === f && prev.projectKey === projectKey ? prev.local : f.calls.map(rawCall => {
      const call = normalizeCall(rawCall);
      return { call, findings: callRules(text, call, project), moduleRules: needsModuleRules(call), ev: dependsOnModule(call.recv) ? null : callEvidence(call) };
    });
    // Only the receiver depends on other chunks: resolve and fold just that.
    return local.map(cc => ({ ...cc, ev: cc.ev ?? evidenceOf(fold(r.resolveVal(cc.call.recv!, ci, 0, c.start), env)) }));
  });
  const reads = deps.lists.size > 0 || deps.imports.length > 0;
  return { facts: f, projectKey, local, calls, deps: reads ? deps : null, spans: local === null };
}

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

function moduleOf(text: string, calls: CallFact[]): ModuleFacts {
  return { text, calls, handlers: [], functions: [], markers: [] };
}

/**
 * One MLS003 per literal: a literal that reaches several calls (through a variable) lists them all as related. The
 * findings are not changed (analyses share them): a merged one is a new finding.
 */
function mergeSameLiteral(fs: Finding[]): Finding[] {
  const at = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of fs) {
    if (f.rule !== 'MLS003') {
      out.push(f);
      continue;
    }
    const key = `${f.module}:${f.span.s}:${f.span.e}`;
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(f);
    } else {
      out[i] = { ...out[i], related: [...out[i].related, ...f.related] };
    }
  }
  return out;
}

function callRules(text: string, call: CallFact, project: ProjectInfo | null): Finding[] {
  const ctx: RuleContext = { modules: [moduleOf(text, [call])], project, askedPaths: new Set() };
  return CALL_RULES.flatMap(rule => rule(ctx));
}

/** A call reached through a wrapper or an alias: its findings say where the MLRun call is. */
function withVia(fs: Finding[], call: CallFact, module: number): Finding[] {
  if (!call.via) return fs;
  const via = call.via;
  return fs.map(f => ({ ...f, related: [...f.related, { module, span: via.span, message: `${via.name}(…) passes this on to ${call.name === 'profile' ? call.profile : call.name}(…) here.` }] }));
}

function deepFinding(module: number, span: Span): Finding {
  return finding('MLS012', RULES.MLS012.defaultSeverity, module, span,
    `Not analysed in full: this value is nested more than ${MAX_NESTING} levels deep, and the analyzer does not follow it further. Findings inside it may be missing; the rest of the file is analysed. ${RULES.MLS012.fix}`);
}

interface Candidate {
  module: number;
  /** In the coordinates of its chunk, which starts at `d` (shifted only when MLS005 needs it). */
  call: CallFact;
  d: number;
  ev: Evidence;
  findings: Finding[];
}

export function analyzePythonSources(sources: readonly PythonSource[], options: PythonAnalysisOptions = {}): PythonAnalysis {
  const project = options.project ?? null;
  const projectKey = projectKeyOf(project);
  const askedPaths = new Set<string>();
  const raw: Finding[] = [];
  const comments: MarkerComment[] = [];
  const candidates: Candidate[] = [];
  const moduleRules = (text: string, call: CallFact): Finding[] => {
    const ctx: RuleContext = { modules: [moduleOf(text, [call])], project, fileFact: options.fileFact, askedPaths };
    return MODULE_RULES.flatMap(rule => rule(ctx));
  };
  sources.forEach((src, module) => {
    src.batch(() => {
      let resolver: Resolver | undefined;
      const r = (): Resolver => (resolver ??= new Resolver(src, options.imports));
      let deep = false;
      let moduleWide = false;
      src.chunks.forEach((c, ci) => {
        for (let k = 0; k < c.markers.length; k += 2) comments.push({ module, span: { s: c.markers[k] + c.start, e: c.markers[k + 1] + c.start } });
        const f = src.facts(c);
        if (f.deep && !deep) {
          deep = true;
          raw.push(deepFinding(module, shiftSpan(f.deep, c.start)));
        }
        if (f.aliases || f.forwarders) moduleWide = true;
        if (f.calls.length === 0) return;
        let out = outputOf(c);
        if (!out || out.facts !== f || out.projectKey !== projectKey || (out.deps && !r().holds(out.deps, c, out.spans))) {
          out = chunkOutput(src, c, ci, f, r(), project, projectKey, out);
          c.analysis = out;
        }
        // Placed where the chunk is now: reused while it stays there (module rules read file facts: run each time).
        if (out.placed && out.placed.at === c.start && out.placed.module === module) {
          candidates.push(...out.placed.candidates);
          return;
        }
        const placed: Candidate[] = [];
        let again = false;
        for (const oc of out.calls) {
          const fs = oc.findings.map(x => place(x, c.start, module));
          if (oc.moduleRules) {
            again = true;
            fs.push(...moduleRules(src.text, shiftCall(oc.call, c.start)).map(x => place(x, 0, module)));
          }
          placed.push({ module, call: oc.call, d: c.start, ev: oc.ev, findings: fs });
        }
        out.placed = again ? undefined : { at: c.start, module, candidates: placed };
        candidates.push(...placed);
      });
      if (!moduleWide) return;
      for (const resolved of moduleLevelCalls(src, r())) {
        const call = normalizeCall(resolved, r().env);
        const fs = [...callRules(src.text, call, project), ...(needsModuleRules(call) ? moduleRules(src.text, call) : [])];
        candidates.push({ module, call, d: 0, ev: callEvidence(call), findings: withVia(fs, call, module).map(x => place(x, 0, module)) });
      }
    });
    raw.push(...src.incompleteFindings(module));
    // Document-level rules that need no call facts: MLS011 on string literals, IPython shell lines calling mlrun.
    raw.push(...src.batch(() => pythonCredentialUrls(src, module)));
    const shell = ipythonShellLines(src, module, options, askedPaths);
    raw.push(...shell.findings);
    comments.push(...shell.markers);
  });
  const mlrun = sourcesImportMlrun(sources);
  const mls005Modules: CallFact[][] = sources.map(() => []);
  let relied = false;
  for (const c of candidates) {
    if (!admitted(c.call, c.ev, mlrun)) continue;
    raw.push(...c.findings);
    if (!relied && reliesOnProjectSecrets(c.call)) {
      relied = true;
      mls005Modules[c.module].unshift(shiftCall(c.call, c.d));
    } else if (isLocalRun(c.call)) {
      mls005Modules[c.module].push(shiftCall(c.call, c.d));
    }
  }
  raw.push(...mls005({ modules: mls005Modules.map((calls, i) => moduleOf(sources[i].text, calls)), project, askedPaths }));
  const findings = sortFindings(applySuppressions(mergeSameLiteral(raw), comments, sources.map(s => s.text)));
  let modules: ModuleFacts[] | undefined;
  return {
    findings,
    askedPaths: [...askedPaths],
    get modules() {
      return (modules ??= sources.map((s, i, all) => resolveModule(s, i, all, options.imports)));
    },
  };
}
