/**
 * UI steps of the language server (shared by the trusted and untrusted suites): a diagnostic in the Problems
 * panel, a hover, and the quick fixes applied through the light bulb menu (Ctrl+.).
 */
import * as path from 'node:path';
import type { UiStep } from '../step';
import type { Workbench } from '../workbench';

/** Puts the cursor on `token` in the first editor line containing `lineText` (by clicking it). */
async function clickToken(wb: Workbench, lineText: string, token: string): Promise<void> {
  const line = wb.page.locator('.monaco-editor .view-line', { hasText: lineText }).first();
  await line.waitFor({ timeout: 30_000 });
  await line.locator('span span', { hasText: token }).first().click();
}

/** Opens the quick-fix menu at the cursor and runs the action with this title . */
async function quickFix(wb: Workbench, title: string): Promise<void> {
  const rows = wb.page.locator('.action-widget .monaco-list-row');
  for (let i = 0; ; i++) {
    await wb.page.keyboard.press('Control+.');
    try {
      await rows.filter({ hasText: title }).first().waitFor({ timeout: 5_000 });
      break;
    } catch (e) {
      await wb.page.keyboard.press('Escape');
      if (i > 4) throw e; // diagnostics may still be on their way
    }
  }
  // Hovering an action focuses it (a mouse click is refused while the menu animates); Enter runs it.
  await rows.filter({ hasText: title }).first().hover({ force: true });
  await wb.page.locator('.action-widget .monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 5_000 });
  const slug = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 40);
  await wb.page.screenshot({ path: path.join(process.env.SHOT_DIR || 'test-results', `menu-${slug}.png`) });
  await wb.page.keyboard.press('Enter');
}

export const problemsStep: UiStep = {
  name: 'the Problems panel lists the language server\'s findings for the demo project',
  async run(wb) {
    await wb.openFile('src/project_setup.py', 'project.set_secrets');
    await wb.palette('>View: Focus Problems', 'View: Focus Problems (Errors, Warnings, Infos)');
    const row = wb.problemsRow(/with_secrets\("inline", …\) writes the values in plain text/);
    await row.waitFor({ timeout: 60_000 });
    await wb.problemsRow(/set_secrets\(…\) is a one-time setup call/).waitFor({ timeout: 30_000 });
    return (await row.first().innerText()).replace(/\s+/g, ' ').slice(0, 160);
  },
};

export const hoverStep: UiStep = {
  name: 'hovering a key string shows where it is stored, never its value',
  async run(wb) {
    await wb.openFile('src/trainer.py', 'def train');
    const line = wb.page.locator('.monaco-editor .view-line', { hasText: 'context.get_secret("DB_PASSWORD")' }).first();
    await line.locator('span span', { hasText: 'DB_PASSWORD' }).first().hover();
    const hover = wb.page.locator('.monaco-hover-content', { hasText: 'MLRun project secret' });
    await hover.waitFor({ timeout: 30_000 });
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    if (!/MLRUN_K8S_SECRET__DB_PASSWORD/.test(text)) throw new Error(`unexpected hover: ${text}`);
    await wb.page.keyboard.press('Escape');
    return text.slice(0, 160);
  },
};

export const storeLiteralsStep: UiStep = {
  name: 'the MLS001 light bulb stores the inline literal in the local store and rewrites the call',
  async run(wb) {
    await wb.openFile('src/project_setup.py', 'task.with_secrets("inline"');
    await clickToken(wb, 'task.with_secrets("inline"', 'with_secrets');
    await quickFix(wb, 'Store these values as project secrets and use the kubernetes provider');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.getByText(/Keys: DB_PASSWORD\./).waitFor({ timeout: 30_000 });
    await dialog.locator('.monaco-button', { hasText: /^(Store and Rewrite|Overwrite and Rewrite|Store|Overwrite)/ }).first().click();
    await wb.page.locator('.monaco-editor .view-line', { hasText: 'task.with_secrets("kubernetes", ["DB_PASSWORD"])' }).waitFor({ timeout: 30_000 });
    await wb.treeItem(/^DB_PASSWORD/).first().waitFor({ timeout: 30_000 });
    if ((await wb.sidebar().innerText()).includes('s3cr3t-demo-value')) throw new Error('the value is visible in the sidebar');
  },
};

export const ignoreLineStep: UiStep = {
  name: '"Ignore MLS002 on this line" writes the suppression comment with a reason placeholder',
  async run(wb) {
    await wb.openFile('src/project_setup.py', 'project.set_secrets');
    await clickToken(wb, 'project.set_secrets', 'set_secrets');
    await quickFix(wb, 'Ignore MLS002 on this line');
    await wb.page.locator('.monaco-editor .view-line', { hasText: /mlrun-secrets:\signore\[MLS002\]\s<reason>/ }).waitFor({ timeout: 30_000 });
    await wb.palette('>View: Focus Problems', 'View: Focus Problems (Errors, Warnings, Infos)');
    await wb.problemsRow(/This suppression gives no reason/).first().waitFor({ timeout: 30_000 });
    await wb.page.keyboard.press('Control+S');
  },
};
