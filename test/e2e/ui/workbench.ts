/**
 * Drives code-server's web workbench as a person would (Playwright + Debian's Chromium). Every wait polls a
 * condition with a deadline; nothing asserts after a fixed sleep.
 */
import type { Locator, Page } from 'playwright-core';

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string, folder: string): Promise<void> {
    const u = new URL(url);
    u.searchParams.set('folder', folder);
    await this.page.goto(u.toString());
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    // The remote extension scan finishes after the first paint: wait for our container before using the palette.
    await this.activityIcon().waitFor({ timeout: 90_000 });
  }

  activityIcon(): Locator {
    return this.page.locator('.activitybar .action-item a[aria-label^="MLRun Secrets"]');
  }

  sidebar(): Locator {
    return this.page.locator('.part.sidebar');
  }

  /** Opens the command palette (retrying: a key press can be lost while the workbench starts) and runs `text`. */
  async palette(text: string, pick?: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    for (let i = 0; ; i++) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 2000 });
        break;
      } catch (e) {
        if (i > 10) throw e;
      }
    }
    await input.fill(text);
    const row = pick
      ? this.page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first()
      : this.page.locator('.quick-input-list .monaco-list-row').first();
    await row.waitFor({ timeout: 30_000 });
    if (pick) await row.click();
    else await this.page.keyboard.press('Enter');
  }

  /** Quick-opens a workspace file by name and waits until its editor is active and shows `expectText`. */
  async openFile(name: string, expectText: string): Promise<void> {
    const base = name.split('/').pop()!;
    for (let attempt = 0; ; attempt++) {
      await this.palette(name, base);
      try {
        await this.page.locator('.editor-group-container .tab.active', { hasText: base }).waitFor({ timeout: 10_000 });
        break;
      } catch (e) {
        if (attempt > 2) throw e;
      }
    }
    await this.page.locator('.monaco-editor .view-lines', { hasText: expectText }).first().waitFor({ timeout: 30_000 });
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  problemsRow(text: string | RegExp): Locator {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText: text });
  }

  treeItem(text: string | RegExp): Locator {
    return this.sidebar().locator('[role="treeitem"]', { hasText: text });
  }
}
