/**
 * What a rule sees: the resolved facts of every Python module of a document (one for a file; one per cell or code
 * block), and what the caller knows that text cannot tell (project keys, file facts).
 */
import type { FileFact } from '../../../../shared/src/protocol';
import type { ModuleFacts } from '../python/resolve';

export interface ProjectInfo {
  project: string;
  backend: string;
  /** Key names; null = unknown (MLS004 stays silent). */
  keys: ReadonlySet<string> | null;
}

export interface RuleContext {
  modules: ModuleFacts[];
  project: ProjectInfo | null;
  /** Facts about a path as written in code (the caller resolves it); undefined = not known yet. */
  fileFact?: (path: string) => FileFact | undefined;
  /** Filled by rules: the paths they asked `fileFact` about. */
  askedPaths: Set<string>;
}
