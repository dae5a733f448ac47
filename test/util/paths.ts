/** Paths for tests compiled to out/test/**: the repository root and files in the source tree. */
import { resolve } from 'node:path';

/** The repository root (tests run from `out/test/<suite>/…`; this file is `out/test/util/paths.js`). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export function repoPath(...parts: string[]): string {
  return resolve(REPO_ROOT, ...parts);
}
