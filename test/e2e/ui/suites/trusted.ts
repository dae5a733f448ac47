/** The UI suite on a trusted folder, with the extension installed from the .vsix. */
import { createHash } from 'node:crypto';
import type { UiStep } from '../step';

/**
 * "Run Job with Secrets…" from the demo handler's CodeLens needs the language server's CodeLens above each handler
 * and "Set Secret…" accepting `{ backend, project, key }`: the lead turns this on once both are merged
 * (or MLRUN_SECRETS_E2E_RUN_JOB_UI=1 runs it now).
 */
const RUN_JOB_FROM_CODELENS = process.env.MLRUN_SECRETS_E2E_RUN_JOB_UI === '1';

const runJobFromCodeLens: UiStep = runJobFromCodeLensStep();

export const steps: UiStep[] = [
  {
    name: 'clicking the activity-bar icon activates the extension and shows the welcome view',
    async run(wb) {
      const t0 = Date.now();
      await wb.activityIcon().click();
      await wb.sidebar().getByText('No secret store is connected yet', { exact: false }).waitFor({ timeout: 60_000 });
      await wb.sidebar().getByRole('button', { name: 'Set a Secret in the Local Store' }).waitFor({ timeout: 10_000 });
      return `welcome view ${Date.now() - t0} ms after the click`;
    },
  },
  {
    name: 'the palette lists the commands in the "MLRun Secrets" category and Show Output shows the log',
    async run(wb) {
      await wb.palette('>MLRun Secrets: Show Output', 'MLRun Secrets: Show Output');
      await wb.page.locator('.part.panel .view-lines', { hasText: /activated\sin\s\d+\sms/ }).first().waitFor({ timeout: 30_000 });
      const line = await wb.page.locator('.part.panel .view-line', { hasText: /activated\sin\s\d+\sms/ }).first().innerText();
      return line.replace(/\s+/g, ' ').trim();
    },
  },
  {
    name: 'Get Started opens the walkthrough',
    async run(wb) {
      await wb.palette('>MLRun Secrets: Get Started', 'MLRun Secrets: Get Started');
      await wb.page.locator('.editor-group-container .tab', { hasText: 'Walkthrough: MLRun Secrets' }).waitFor({ timeout: 30_000 });
      await wb.page.getByText('Connect a secret store').first().waitFor({ timeout: 30_000 });
      await wb.page.keyboard.press('Control+W');
    },
  },
  ...(RUN_JOB_FROM_CODELENS ? [runJobFromCodeLens] : []),
];

/** Appended last; needs the CodeLens and "Set Secret…" (see below). */
function runJobFromCodeLensStep(): UiStep {
  return {
    name: 'runs the demo handler from its CodeLens with a secret from the local store; the output is in the terminal',
    async run(wb, lap) {
      const value = `ui-demo-${Date.now()}`;
      const sha = createHash('sha256').update(value, 'utf8').digest('hex');
      await wb.openFile('src/trainer.py', 'def train');
      const lens = wb.page.locator('.monaco-editor .codelens-decoration a', { hasText: /run/i }).first();
      await lens.waitFor({ timeout: 60_000 });
      await lens.click();
      const input = wb.page.locator('.quick-input-widget input');
      const pick = async (label: string): Promise<void> => {
        await input.waitFor({ state: 'visible', timeout: 30_000 });
        await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
      };
      await pick('demo');
      await pick('Local store');
      // Keys: DB_PASSWORD (read by the handler) is pre-selected; accept.
      await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'DB_PASSWORD' }).first().waitFor({ timeout: 30_000 });
      await wb.page.keyboard.press('Enter');
      await pick('Local process');
      // Pre-flight: DB_PASSWORD is not in the local store yet → create it through "Set Secret…" (masked input).
      await wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Create Missing Keys' }).click({ timeout: 30_000 });
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill(value);
      await wb.page.keyboard.press('Enter');
      lap('secret stored; the job runs');
      await wb.notification(/Job train completed/).waitFor({ timeout: 90_000 });
      // The terminal's text: focus it, select all, copy (the clipboard is readable in this browser context).
      await wb.page.locator('.part.panel .terminal-wrapper').first().click();
      await wb.palette('>Terminal: Select All', 'Terminal: Select All');
      await wb.page.keyboard.press('Control+Shift+C');
      const text = await wb.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
      if (!text.includes(`connected with a password whose sha256 is ${sha}`)) throw new Error(`the terminal does not show the handler's output: ${text.slice(-500)}`);
      if (text.includes(value)) throw new Error('the terminal shows the value');
      return 'sha256 of the secret in the terminal';
    },
  };
}
