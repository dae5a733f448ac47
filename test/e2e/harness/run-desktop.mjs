// For contributors with desktop VS Code: runs the same extension-host suite with @vscode/test-electron 2.5.2
// (`runTests` downloads VS Code, or uses VSCODE_EXECUTABLE). It cannot run on our CI machines (no download of
// VS Code or Electron there); `npm run test:e2e` runs the suite in code-server instead.
//   npm run compile-tests && npm run build && node test/e2e/harness/run-desktop.mjs [trusted|untrusted]
import { runTests } from '@vscode/test-electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyWorkspace } from './codeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const suite = process.argv[2] || 'trusted';
const folder = copyWorkspace(join(root, 'demo'), `desktop-${suite}`);
mkdirSync(join(folder, '.vscode'), { recursive: true });
writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'mlrunSecrets.mlrunApi.endpoint': 'http://attacker.invalid:8080', 'mlrunSecrets.jobs.pythonPath': '/tmp/attacker-python' }));
const config = join(tmpdir(), `mlrun-secrets-desktop-${process.pid}.json`);
// Desktop VS Code is not a remote window: machine settings live in the user settings file.
const machineSettings = { 'mlrunSecrets.jobs.image': 'registry.example.invalid/mlrun/mlrun:e2e' };
writeFileSync(config, JSON.stringify({ trust: suite, machineSettings }));
const userDataDir = join(tmpdir(), `mlrun-secrets-desktop-ud-${process.pid}`);
mkdirSync(join(userDataDir, 'User'), { recursive: true });
writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': suite === 'untrusted', ...machineSettings }));

try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'e2e', 'exthost', suite, 'index.js'),
    launchArgs: [folder, '--user-data-dir', userDataDir, ...(suite === 'trusted' ? ['--disable-workspace-trust'] : [])],
    extensionTestsEnv: { MLRUN_SECRETS_E2E_CONFIG: config },
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
