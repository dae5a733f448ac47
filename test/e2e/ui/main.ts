/**
 * UI suites: `node out/test/e2e/ui/main.js <suite>` with CS_URL (code-server), WS_FOLDER and SHOT_DIR.
 * One browser context for the whole suite (code-server keeps SecretStorage in the browser); a screenshot of each
 * step goes to SHOT_DIR (test-results/, git-ignored).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { uiTarget } from './target';
import { Workbench } from './workbench';
import type { UiStep } from './step';

async function main(): Promise<number> {
  const suiteName = process.argv[2];
  const target = uiTarget();
  const { steps } = require(`./suites/${suiteName}`) as { steps: UiStep[] };
  const url = process.env.CS_URL!;
  const folder = process.env.WS_FOLDER!;
  const shots = process.env.SHOT_DIR || path.resolve('test-results');
  fs.mkdirSync(shots, { recursive: true });
  const t0 = Date.now();
  const lap = (m: string) => console.log(`  [ui ${suiteName} ${target.id} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  page.on('pageerror', e => console.log(`  [page error] ${e.message}`));
  const wb = new Workbench(page);
  let passed = 0;
  let failed = 0;
  try {
    await wb.open(url, folder);
    lap('workbench loaded with our activity-bar icon');
    for (const [i, step] of steps.entries()) {
      const shot = path.join(shots, `${suiteName}-${String(i + 1).padStart(2, '0')}-${step.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      try {
        const note = await step.run(wb, lap);
        passed++;
        console.log(`  ✔ ${step.name}${note ? ` (${note})` : ''}`);
      } catch (e) {
        failed++;
        console.log(`  ✘ ${step.name}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        await page.screenshot({ path: shot }).catch(() => undefined);
      }
    }
  } catch (e) {
    failed++;
    console.log(`  ✘ workbench: ${e instanceof Error ? e.message : String(e)}`);
    await page.screenshot({ path: path.join(shots, `${suiteName}-00-workbench.png`) }).catch(() => undefined);
  } finally {
    await browser.close();
  }
  console.log(`UI suite ${suiteName} on VS Code ${target.vscode}:`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(code => process.exit(code), e => {
  console.error(e);
  process.exit(1);
});
