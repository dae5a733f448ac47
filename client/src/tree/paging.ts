/** "Load more" paging for long lists in the tree. Pure. */

/** How many items a node shows at first and adds per "Load more". */
export const PAGE_SIZE = 200;

export interface Page<T> {
  shown: T[];
  /** Items not shown yet (0 when everything is shown). */
  hidden: number;
}

export function page<T>(items: readonly T[], limit: number): Page<T> {
  const n = Math.max(0, limit);
  return { shown: items.slice(0, n), hidden: Math.max(0, items.length - n) };
}
