/** The UI suite on a trusted folder, with the extension installed from the .vsix. */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { UiStep } from '../step';
import { hoverStep, ignoreLineStep, problemsStep, storeLiteralsStep } from './languageServer';
import { uiTarget } from '../target';
import type { Workbench } from '../workbench';

/** The quick input (quick pick or input box) that is open now. */
function quickInput(wb: Workbench) {
  return wb.page.locator('.quick-input-widget .quick-input-box input');
}

/** Types into the open input box and submits it. */
async function answerInput(wb: Workbench, title: RegExp, text: string): Promise<void> {
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
  await quickInput(wb).fill(text);
  await wb.page.keyboard.press('Enter');
}

/** Picks a row of the open quick pick by its label. */
async function pickRow(wb: Workbench, label: string): Promise<void> {
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/** Opens our view in the side bar unless it is showing (clicking its icon again would close the side bar). */
async function showView(wb: Workbench): Promise<void> {
  const title = wb.page.locator('.part.sidebar .composite.title', { hasText: 'MLRun Secrets' });
  if (!(await title.isVisible())) await wb.activityIcon().click();
  await title.waitFor({ timeout: 30_000 });
}

/** The tree row with exactly this label (a row's text also holds its description). */
function row(wb: Workbench, label: string) {
  return wb.sidebar().locator(`[role="treeitem"][aria-label^="${label}"]`);
}

/**
 * Expands a tree row until `child` shows. A click can land while the tree re-renders after a change (Add Vault
 * refreshes it), which leaves the row collapsed: click again only while it is collapsed.
 */
async function expandUntil(wb: Workbench, label: string, child: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const node = row(wb, label).first();
    if ((await node.getAttribute('aria-expanded')) !== 'true') await node.click();
    try {
      await row(wb, child).first().waitFor({ timeout: 2_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`tree row "${child}" did not appear under "${label}" within ${timeout} ms`, { cause: e });
    }
  }
}

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
    name: 'sets a secret through the UI (project pick, key box, masked value box) and sees its key in the tree',
    async run(wb) {
      await showView(wb);
      await wb.sidebar().getByRole('button', { name: 'Set a Secret in the Local Store' }).click();
      await pickRow(wb, 'demo');
      await answerInput(wb, /Set Secret \(1\/2\)/, 'UI_DB_PASSWORD');
      await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: /Set Secret \(2\/2\)/ }).waitFor({ timeout: 30_000 });
      const type = await quickInput(wb).getAttribute('type');
      if (type !== 'password') throw new Error(`the value box is not masked (type=${type})`);
      await quickInput(wb).fill('ui-value-never-shown');
      await wb.page.keyboard.press('Enter');
      await wb.notification(/Set "UI_DB_PASSWORD" in project "demo" in the local store/).waitFor({ timeout: 30_000 });
      await row(wb, 'UI_DB_PASSWORD').waitFor({ timeout: 30_000 });
      // A second key, from the command palette.
      await wb.palette('>MLRun Secrets: Set Secret…', 'MLRun Secrets: Set Secret…');
      await pickRow(wb, 'demo');
      await answerInput(wb, /Set Secret \(1\/2\)/, 'UI_API_TOKEN');
      await answerInput(wb, /Set Secret \(2\/2\)/, 'ui-token-never-shown');
      await row(wb, 'UI_API_TOKEN').waitFor({ timeout: 30_000 });
      const text = await wb.sidebar().innerText();
      if (text.includes('never-shown')) throw new Error('a value is visible in the sidebar');
      return (await wb.sidebar().locator('[role="treeitem"]').allInnerTexts()).map(t => t.replace(/\s+/g, ' ')).join(' | ');
    },
  },
  {
    name: 'filters the keys and clears the filter',
    async run(wb) {
      await wb.palette('>MLRun Secrets: Filter Keys…', 'MLRun Secrets: Filter Keys…');
      await answerInput(wb, /filter keys/, 'api');
      await wb.sidebar().getByText('Showing keys matching "api"').waitFor({ timeout: 30_000 });
      await row(wb, 'UI_API_TOKEN').waitFor({ timeout: 30_000 });
      await row(wb, 'UI_DB_PASSWORD').waitFor({ state: 'detached', timeout: 30_000 });
      await wb.palette('>MLRun Secrets: Clear Filter', 'MLRun Secrets: Clear Filter');
      await row(wb, 'UI_DB_PASSWORD').waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'deletes a secret from its context menu, after the modal confirmation',
    async run(wb) {
      await row(wb, 'UI_DB_PASSWORD').click({ button: 'right' });
      const item = wb.page.getByRole('menuitem', { name: /^Delete Secret/ });
      await item.hover();
      await wb.page.keyboard.press('Enter');
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.getByText('Delete "UI_DB_PASSWORD" from project "demo" in the local store?').waitFor({ timeout: 30_000 });
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await row(wb, 'UI_DB_PASSWORD').waitFor({ state: 'detached', timeout: 30_000 });
      await row(wb, 'UI_API_TOKEN').waitFor({ timeout: 10_000 });
    },
  },
  {
    name: "adds an Azure Key Vault to the project and sees the vault's keys in the tree",
    async run(wb) {
      await wb.palette('>MLRun Secrets: Add Azure Key Vault…', 'MLRun Secrets: Add Azure Key Vault…');
      await pickRow(wb, 'demo');
      await answerInput(wb, /Add Azure Key Vault to project "demo"/, 'e2e-vault');
      await wb.notification(/Added vault "e2e-vault" to project "demo"/).waitFor({ timeout: 30_000 });
      await expandUntil(wb, 'Azure Key Vault', 'e2e-vault');
      await row(wb, 'e2e-vault').click();
      for (const key of ['API-TOKEN', 'DB-PASSWORD', 'OLD-KEY']) await row(wb, key).waitFor({ timeout: 60_000 });
      // The README picture of the tree (test-results/tree.png; copied to media/screenshots/ by hand): a wider side
      // bar, cropped below the last row.
      const before = await wb.sidebar().boundingBox();
      if (before) {
        const edge = before.x + before.width;
        await wb.page.mouse.move(edge + 1, before.y + before.height / 2);
        await wb.page.mouse.down();
        await wb.page.mouse.move(edge + 160, before.y + before.height / 2, { steps: 8 });
        await wb.page.mouse.up();
      }
      await wb.page.mouse.move(900, 600);
      const box = await wb.sidebar().boundingBox();
      const rows = await wb.sidebar().locator('[role="treeitem"]').all();
      const last = rows.length ? await rows[rows.length - 1]!.boundingBox() : null;
      if (box && last) {
        await wb.page.screenshot({
          path: path.join(process.env.SHOT_DIR || 'test-results', 'tree.png'),
          clip: { x: 0, y: 0, width: Math.round(box.x + box.width), height: Math.round(last.y + last.height + 24) },
        });
      }
    },
  },
  {
    name: 'Get Started opens the walkthrough',
    async run(wb) {
      await wb.palette('>MLRun Secrets: Get Started', 'MLRun Secrets: Get Started');
      await wb.page.locator('.editor-group-container .tab.active', { hasText: uiTarget().ui.walkthroughTab }).waitFor({ timeout: 30_000 });
      await wb.page.locator('.editor-group-container', { hasText: 'Get started with MLRun Secrets' }).first().waitFor({ timeout: 30_000 });
      await wb.page.getByText('Connect a secret store').first().waitFor({ timeout: 30_000 });
      await wb.page.keyboard.press('Control+W');
    },
  },
  runJobFromCodeLens,
  problemsStep,
  hoverStep,
  storeLiteralsStep,
  ignoreLineStep,
];

/** Last: the language server's CodeLens above the demo handler starts "Run Job with Secrets…". */
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
