/** The package version (from package.json next to dist/ or, from tsc output, at the repository root). */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function version(): string {
  if (cached) return cached;
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mlrun-secrets' && pkg.version) return (cached = pkg.version);
    } catch {
      // try the next place
    }
  }
  return (cached = '0.0.0');
}
