// Runs a mocha suite INSIDE the Node extension host of a running code-server, the way VS Code runs its own
// browser integration tests: the workbench URL gets a `payload` with extensionDevelopmentPath/extensionTestsPath
// (vscode-remote URIs) and the page exposes codeAutomationLog / codeAutomationExit, which the workbench calls.
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions, log } from './codeServer.mjs';

/** Workbench log lines of no interest to a test reader (1.100 and newer). */
const WORKBENCH_NOISE = new RegExp([
  'Ignoring fetching additional builtin extensions', '^Creating a socket', '^Resolv(ing|ed) connection token',
  '\\[Service Worker\\]', 'ChatSessionStore', 'Updating additional builtin', '^\\[reconnection-grace-time\\]',
  '^Creation of workbench contribution', '^\\[AgentHost', '^\\[AccountPolicyGate\\]',
  "^Timed out waiting for authentication provider 'github'",
].join('|'));

/**
 * @param {{ url: string, extensionPath: string, testsPath: string, folder: string, label: string, timeoutMs?: number }} o
 * @returns {Promise<number>} the suite's exit code (0 = all passed)
 */
export async function runExtHostSuite(o) {
  const base = new URL(o.url);
  const remote = p => `vscode-remote://${base.host}${encodeURI(p)}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  let code;
  try {
    const page = await browser.newPage();
    // Copy Key Name tests read the clipboard, which code-server's web workbench reaches through the browser.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.origin });
    page.on('pageerror', e => console.error('[page error]', e.message));
    let exited;
    const done = new Promise(resolve => { exited = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (type === 'trace' || type === 'debug') return; // newer workbenches forward their trace log too
      // The workbench forwards everything the extension host logs (mocha's reporter included), as console args.
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (WORKBENCH_NOISE.test(text)) return;
      (type === 'error' ? console.error : console.log)(`  ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', c => exited(c));
    const u = new URL(base);
    u.searchParams.set('folder', o.folder);
    u.searchParams.set('payload', JSON.stringify([
      ['extensionDevelopmentPath', remote(o.extensionPath)],
      ['extensionTestsPath', remote(o.testsPath)],
      ['skipWelcome', 'true'],
    ]));
    await page.goto(u.toString());
    const timeoutMs = o.timeoutMs ?? 600_000;
    let timer;
    const timeout = new Promise(r => { timer = setTimeout(() => { console.error('TIMEOUT waiting for the extension-host suite'); r(2); }, timeoutMs); });
    code = await Promise.race([done, timeout]);
    clearTimeout(timer);
  } catch (e) {
    console.error(e);
    code = 1;
  } finally {
    await browser.close();
  }
  log(`extension-host suite ${o.testsPath.split('/').slice(-2).join('/')} on ${o.label} exit code: ${code}`);
  return code;
}
