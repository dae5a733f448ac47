/** The UI suite on a trusted folder, with the extension installed from the .vsix. */
import type { UiStep } from '../step';

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
];
