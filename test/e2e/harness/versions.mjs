// The VS Code versions the end-to-end suites run on, and everything that differs between them. This is the one
// place to read (or change) when a version is added, bumped or dropped: the installer (install.mjs), the server
// launcher (codeServer.mjs), the suites' runner (run-e2e.mjs) and the UI suite (test/e2e/ui/workbench.ts, which gets
// the `ui` part through MLRUN_SECRETS_E2E_TARGET) take their per-version facts from here and nowhere else.
//
//   minimum  the oldest VS Code that `engines.vscode` in package.json admits (^1.100.0): code-server 4.100.3, the
//            last release whose engines.node is 20, so it runs on the Node of our machines and CI;
//   current  the newest code-server on the npm registry: it needs Node 24, which the harness takes from the npm
//            registry too (node-<platform>-<arch>, a full build with headers), without touching the machine's Node.
// Both run every suite (extension host and UI, trusted and untrusted); an empty harness cache costs about four
// minutes of installs on two cores (see README "Development and tests").

/**
 * @typedef {object} VscodeTarget
 * @property {string} id            short name used on the command line and in logs: MLRUN_SECRETS_E2E_VSCODE=<id>
 * @property {string} role          why this version is tested
 * @property {string} codeServer    code-server version on the npm registry
 * @property {string} vscode        the VS Code version it ships (checked after the install)
 * @property {{ major: number, version: string }} node  the Node major code-server's engines.node demands, and the
 *           exact node-<platform>-<arch> release taken from the npm registry when the machine's Node has another
 *           major (or no headers to build native modules against)
 * @property {{ package: string, version: string, tag: string } | null} ripgrepSeed  code-server's @vscode/ripgrep
 *           downloads rg from GitHub in its postinstall unless its cache folder holds the release asset; when set,
 *           the installer seeds that cache with the rg that @vscode/ripgrep-universal ships inside its npm package.
 *           null: this code-server depends on @vscode/ripgrep-universal itself (rg inside the package)
 * @property {string[]} extHostServerArgs  extra code-server arguments for the extension-host suites (the UI suites
 *           and `npm start` run a plain code-server, as users do)
 * @property {Record<string, unknown>} userSettings  extra user settings (on top of BASE_USER_SETTINGS)
 * @property {{ walkthroughTab: string }} ui  what the UI suite sees differently (test/e2e/ui/target.ts):
 *           walkthroughTab: the title of the editor tab that Get Started opens
 */

/** @type {VscodeTarget[]} */
export const TARGETS = [
  {
    id: 'minimum',
    role: 'the oldest VS Code engines.vscode admits',
    codeServer: '4.100.3',
    vscode: '1.100.3',
    node: { major: 20, version: '20.20.2' },
    ripgrepSeed: { package: '@vscode/ripgrep', version: '1.15.11', tag: 'v13.0.0-10' },
    extHostServerArgs: [],
    userSettings: {},
    ui: { walkthroughTab: 'Walkthrough: MLRun Secrets' },
  },
  {
    id: 'current',
    role: 'the current release, what most users run',
    codeServer: '4.139.1',
    vscode: '1.139.1',
    node: { major: 24, version: '24.22.3' },
    ripgrepSeed: null,
    // Since 1.10x the web workbench honours the URL's dev/test `payload` (extensionDevelopmentPath,
    // extensionTestsPath) only when the server runs with --enable-smoke-test-driver; code-server passes VS Code
    // server options through --vscode-option. That mode also shows no notification toasts (only the notification
    // center gets them), which is why the UI suites run without it.
    extHostServerArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    // The Chat view opens by default and takes the secondary side bar; no AI features in these tests.
    userSettings: { 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    ui: { walkthroughTab: 'Welcome' },
  },
];

/** The ripgrep-universal release whose rg seeds an older code-server's @vscode/ripgrep cache. */
export const RIPGREP_UNIVERSAL = { package: '@vscode/ripgrep-universal', version: '1.18.0' };

export function describeTarget(t) {
  return `VS Code ${t.vscode} (code-server ${t.codeServer}, Node ${t.node.major})`;
}

/**
 * The targets a run covers: MLRUN_SECRETS_E2E_VSCODE=minimum|current|<code-server version>, comma-separated;
 * default all of them.
 */
export function selectedTargets(env = process.env) {
  const wanted = (env.MLRUN_SECRETS_E2E_VSCODE || '').split(',').map(s => s.trim()).filter(Boolean);
  if (!wanted.length) return TARGETS;
  const picked = TARGETS.filter(t => wanted.includes(t.id) || wanted.includes(t.codeServer) || wanted.includes(t.vscode));
  const unknown = wanted.filter(w => !TARGETS.some(t => [t.id, t.codeServer, t.vscode].includes(w)));
  if (unknown.length) {
    throw new Error(`MLRUN_SECRETS_E2E_VSCODE: unknown ${unknown.join(', ')}; known: ${TARGETS.map(t => `${t.id} (${t.codeServer})`).join(', ')}`);
  }
  return picked;
}
