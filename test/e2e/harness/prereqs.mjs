// `npm test` runs this first: the system packages every suite needs (see systemPackages.mjs) are installed when the
// process may install them, else the run stops here with the one apt-get line to run. It never skips.
import { ensureSystemPackages } from './systemPackages.mjs';

try {
  ensureSystemPackages();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
