/**
 * The few chunk trees kept alive for incremental reparsing of the chunks being edited. Every other tree is
 * deleted as soon as its facts are read: WASM memory is not garbage-collected, and a server with 1,000 open files
 * must not hold 1,000 trees. Bound: MAX_HOT trees in all (each of one chunk, a top-level statement).
 */
import { freeTree, onParserDiscarded, type Tree } from '../parser';

export interface TreeHolder {
  tree: Tree | undefined;
  /** The exact text the tree was parsed from. */
  treeText: string | undefined;
}

const MAX_HOT = 16;
const hot: TreeHolder[] = [];

/** Keeps `tree` on `holder` (most recently used), evicting the least recently used tree beyond the limit. */
export function keepHot(holder: TreeHolder, tree: Tree, text: string): void {
  if (holder.tree && holder.tree !== tree) freeTree(holder.tree);
  holder.tree = tree;
  holder.treeText = text;
  const at = hot.indexOf(holder);
  if (at >= 0) hot.splice(at, 1);
  hot.push(holder);
  while (hot.length > MAX_HOT) dropTree(hot[0]);
}

/** Deletes the holder's tree, if any. */
export function dropTree(holder: TreeHolder): void {
  const at = hot.indexOf(holder);
  if (at >= 0) hot.splice(at, 1);
  if (holder.tree) freeTree(holder.tree);
  holder.tree = undefined;
  holder.treeText = undefined;
}

// A failed parser instance takes its trees with it: forget them (their memory is not ours to touch any more).
onParserDiscarded(() => {
  for (const holder of hot.splice(0)) {
    holder.tree = undefined;
    holder.treeText = undefined;
  }
});

/** Number of live hot trees (for tests). */
export function hotTreeCount(): number {
  return hot.length;
}
