/**
 * Mocha inside VS Code's extension host. `extensionTestsPath` points at a suite's `index.js`, whose `run()` the
 * extension host awaits (code-server through the workbench `payload`, or desktop VS Code through
 * `@vscode/test-electron`'s `runTests` — see README "Tests"). Rejects when a test fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function runSuite(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  const grep = process.env.MLRUN_SECRETS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run(failures => {
        console.log(`${mocha.suite.total() - failures} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
